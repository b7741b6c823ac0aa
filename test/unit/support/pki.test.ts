// The test PKI is the ground truth of the certificate tests: check that it is what it claims.
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PkiCert, TestPki } from '../../support/pki';
import { makePki } from '../../support/pki';

let dir: string;
let pki: TestPki;
let elapsedMs = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-pki-'));
  const start = performance.now();
  pki = await makePki(dir);
  elapsedMs = performance.now() - start;
}, 30_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const load = (path: string) => new X509Certificate(readFileSync(path));
const certs = (): [string, PkiCert][] =>
  Object.entries(pki).filter(
    (entry): entry is [string, PkiCert] => typeof entry[1] === 'object' && entry[1] !== null && 'cert' in entry[1] && 'keyType' in entry[1],
  );

describe('makePki', () => {
  it('is quick enough to run per test file', () => {
    console.log(`makePki: ${elapsedMs.toFixed(0)} ms`);
    // The budget is ~5 s; the bound leaves room for a loaded machine.
    expect(elapsedMs).toBeLessThan(15_000);
  });

  it('issues every certificate with its own random serial (≥ 64 bits)', () => {
    const serials = certs().map(([, c]) => load(c.cert).serialNumber);
    expect(serials.length).toBeGreaterThanOrEqual(18);
    expect(new Set(serials).size).toBe(serials.length);
    for (const serial of serials) expect(serial.length).toBeGreaterThanOrEqual(16);
  });

  it('states facts that match the certificates', () => {
    for (const [name, c] of certs()) {
      const x509 = load(c.cert);
      expect(x509.subject.split('\n').at(-1), name).toBe(`CN=${c.commonName}`);
      expect(new Date(x509.validTo).getTime(), name).toBe(c.notAfter.getTime());
      expect(x509.checkPrivateKey(createPrivateKey(readFileSync(c.key))), name).toBe(true);
    }
    const now = Date.now();
    expect(pki.clientExpired.notAfter.getTime()).toBeLessThan(now);
    expect(pki.serverExpired.notAfter.getTime()).toBeLessThan(now);
    expect(pki.clientNotYetValid.notBefore.getTime()).toBeGreaterThan(now);
    expect(pki.serverNotYetValid.notBefore.getTime()).toBeGreaterThan(now);
    expect(pki.clientGood.notBefore.getTime()).toBeLessThan(now);
  });

  it("lists exactly clientRevoked in the CA's CRL", () => {
    const text = execFileSync('openssl', ['crl', '-in', pki.crl, '-noout', '-text'], { encoding: 'utf8' });
    const revoked = [...text.matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) => m[1]?.replace(/^0+/, ''));
    expect(revoked).toEqual([load(pki.clientRevoked.cert).serialNumber.replace(/^0+/, '')]);
  });

  it('writes a chain file with leaf then intermediate', () => {
    const pem = readFileSync(pki.clientIntermediate.chain, 'utf8');
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    expect(blocks.map((b) => new X509Certificate(b).subject.split('\n').at(-1))).toEqual([
      'CN=intermediate-device',
      'CN=Keyhole Test Intermediate CA',
    ]);
  });

  it('writes the key encodings it promises', () => {
    const head = (path: string) => readFileSync(path, 'latin1').split('\n').slice(0, 2).join('\n');
    expect(head(pki.clientGoodFormats.keyPkcs8)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(head(pki.clientGoodFormats.keyPkcs1)).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n(?!Proc-Type)/);
    expect(head(pki.clientGoodFormats.keyPkcs8Encrypted)).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(head(pki.clientGoodFormats.keyLegacyEncrypted)).toBe('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED');
    expect(head(pki.clientBlockedKeySec1)).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    expect(readFileSync(pki.clientGoodFormats.keyDer)[0]).toBe(0x30);
  });

  it('has a legacy PKCS#12, or says why not', () => {
    if (pki.clientGoodFormats.pfxLegacy === null) expect(pki.clientGoodFormats.pfxLegacyUnavailable).toMatch(/legacy/);
    else expect(pki.clientGoodFormats.pfxLegacyUnavailable).toBeNull();
  });
});
