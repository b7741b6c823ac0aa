// The identity lint over a PKI made by openssl (test/support/pki.ts) and the certificate corpus:
// one case per finding code, each with its level, and a clean identity with no finding at all.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LintReport, type LintCode } from '../../../../shared/certs/lint';
import { LINT_LEVELS, lintIdentity } from '../../../../electron/core/certs/lint';
import type { FileBytes, IdentityMaterial, IdentitySecrets } from '../../../../electron/core/certs/material';
import { KEY_PASSPHRASE, makePki, type TestPki } from '../../../support/pki';

const CORPUS = fileURLToPath(new URL('../../../fixtures/certs/', import.meta.url));
const NOW = new Date('2030-06-01T00:00:00Z');

let dir: string;
let pki: TestPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-lint-'));
  pki = await makePki(dir);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const file = (path: string): FileBytes => ({ name: path.split('/').pop() ?? path, bytes: readFileSync(path) });
const corpus = (name: string): FileBytes => file(join(CORPUS, name));

function lint(
  material: IdentityMaterial,
  options: Parameters<typeof lintIdentity>[2] = {},
  secrets: IdentitySecrets = {},
  now = new Date(),
) {
  return LintReport.parse(lintIdentity(material, secrets, options, now));
}

const codes = (report: LintReport) => report.findings.map((f) => f.code);

describe('lintIdentity', () => {
  it('finds nothing wrong with a good client identity', () => {
    const report = lint({ ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert), key: file(pki.clientGood.key) });
    expect(report.findings).toEqual([]);
    expect(report.commonName).toBe(pki.clientGood.commonName);
  });

  it('finds nothing wrong with a chain through an intermediate', () => {
    const report = lint({ ca: [file(pki.ca.cert)], cert: file(pki.clientIntermediate.chain), key: file(pki.clientIntermediate.key) });
    expect(report.findings).toEqual([]);
  });

  it('gives every finding the level of the lint table', () => {
    const report = lint({ ca: [file(pki.foreignCa.cert)], cert: file(pki.clientExpired.cert), key: file(pki.broken.mismatchedKey) });
    expect(report.findings.length).toBeGreaterThan(1);
    for (const f of report.findings) expect(f.level).toBe(LINT_LEVELS[f.code]);
    expect(report.counts.errors).toBe(report.findings.filter((f) => f.level === 'error').length);
  });

  const cases: [
    string,
    () => { material: IdentityMaterial; options?: Parameters<typeof lintIdentity>[2]; secrets?: IdentitySecrets; now?: Date },
    LintCode,
    string,
  ][] = [
    [
      'a key that is not the certificate’s',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert), key: file(pki.broken.mismatchedKey) } }),
      'key-cert-mismatch',
      'does not belong',
    ],
    [
      'an encrypted key without passphrase',
      () => ({ material: { ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyPkcs8Encrypted) } }),
      'key-passphrase-missing',
      'no passphrase',
    ],
    [
      'an encrypted key with a wrong passphrase',
      () => ({
        material: { ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyPkcs8Encrypted) },
        secrets: { passphrase: 'nope' },
      }),
      'key-passphrase-wrong',
      'does not decrypt',
    ],
    [
      'a key where the certificate belongs',
      () => ({ material: { ca: [], cert: file(pki.clientGood.key), key: file(pki.clientGood.key) } }),
      'cert-unreadable',
      'private key',
    ],
    [
      'a certificate where the key belongs',
      () => ({ material: { ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGood.cert) } }),
      'key-unreadable',
      'holds a certificate',
    ],
    [
      'a CA file that is garbage',
      () => ({ material: { ca: [file(pki.broken.garbage)], cert: file(pki.clientGood.cert) } }),
      'ca-unreadable',
      'neither PEM',
    ],
    [
      'a certificate from a foreign CA',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientForeign.cert), key: file(pki.clientForeign.key) } }),
      'chain-not-to-ca',
      'unknown_ca',
    ],
    [
      'an intermediate missing from the chain',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientIntermediate.cert), key: file(pki.clientIntermediate.key) } }),
      'chain-not-to-ca',
      'neither in the chain',
    ],
    [
      'an expired certificate',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientExpired.cert), key: file(pki.clientExpired.key) } }),
      'cert-expired',
      'certificate_expired',
    ],
    [
      'a not-yet-valid certificate',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientNotYetValid.cert), key: file(pki.clientNotYetValid.key) } }),
      'cert-not-yet-valid',
      'not valid before',
    ],
    [
      'a certificate about to expire',
      () => ({
        material: { ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert) },
        now: new Date(pki.clientGood.notAfter.getTime() - 5 * 86_400_000),
      }),
      'cert-expires-soon',
      'expires in',
    ],
    [
      'a longer validity than stated',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert) }, options: { maxValidityDays: 90 } }),
      'validity-too-long',
      'bound of 90',
    ],
    [
      'a client certificate for servers only',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientNoEku.cert), key: file(pki.clientNoEku.key) } }),
      'eku-no-client-auth',
      'serverAuth',
    ],
    [
      'a broker certificate for clients only',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert) }, options: { role: 'server' } }),
      'eku-no-server-auth',
      'clientAuth',
    ],
    [
      'a broker certificate for another host',
      () => ({
        material: { ca: [file(pki.ca.cert)], cert: file(pki.serverWrongHost.cert) },
        options: { role: 'server', host: 'localhost' },
      }),
      'san-host-mismatch',
      'DNS:wrong.example',
    ],
    [
      'a host given for a client certificate',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert) }, options: { host: 'localhost' } }),
      'host-not-checked',
      'role "server"',
    ],
    [
      'a chain with the leaf last',
      () => ({
        material: {
          ca: [file(pki.ca.cert)],
          cert: {
            name: 'reversed.pem',
            bytes: Buffer.concat([readFileSync(pki.intermediate.cert), readFileSync(pki.clientIntermediate.cert)]),
          },
          key: file(pki.clientIntermediate.key),
        },
      }),
      'chain-out-of-order',
      'number 2',
    ],
    [
      'an Ed25519 device',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.clientEd25519.cert), key: file(pki.clientEd25519.key) } }),
      'key-ed25519',
      'Ed25519',
    ],
    [
      'an RSA-1024 key',
      () => ({ material: { ca: [corpus('root-ca.pem')], cert: corpus('client-rsa1024.pem') }, now: NOW }),
      'key-weak',
      'RSA 1024',
    ],
    [
      'a SHA-1 signature',
      () => ({ material: { ca: [corpus('root-ca.pem')], cert: corpus('client-sha1.pem') }, now: NOW }),
      'signature-sha1',
      'ecdsa-with-SHA1',
    ],
    [
      'no authority key identifier',
      () => ({ material: { ca: [corpus('root-ca.pem')], cert: corpus('client-no-aki.pem') }, now: NOW }),
      'aki-missing',
      'RFC 5280',
    ],
    [
      'a key usage without digitalSignature',
      () => ({ material: { ca: [corpus('root-ca.pem')], cert: corpus('client-no-digital-signature.pem') }, now: NOW }),
      'key-usage-no-signature',
      'keyEncipherment',
    ],
    [
      'a leaf that signed a certificate',
      () => ({
        material: {
          ca: [corpus('root-ca.pem')],
          cert: {
            name: 'under-leaf.pem',
            bytes: Buffer.concat([readFileSync(join(CORPUS, 'client-under-leaf.pem')), readFileSync(join(CORPUS, 'leaf-as-ca.pem'))]),
          },
        },
        now: NOW,
      }),
      'ca-not-a-ca',
      'not a CA',
    ],
    [
      'a path longer than the root allows',
      () => ({ material: { ca: [corpus('tight-root-ca.pem')], cert: corpus('chain-too-deep.pem') }, now: NOW }),
      'path-length-exceeded',
      'pathlen:0',
    ],
    [
      'a broker certificate without SANs',
      () => ({
        material: { ca: [corpus('root-ca.pem')], cert: corpus('server-no-san.pem') },
        options: { role: 'server', host: 'broker.example' },
        now: NOW,
      }),
      'san-missing',
      'RFC 6125',
    ],
    [
      'an expired CA',
      () => ({
        material: { ca: [corpus('root-ca.pem')], cert: corpus('server.pem') },
        options: { role: 'server' },
        now: new Date('2200-01-01T00:00:00Z'),
      }),
      'ca-expired',
      'Fixture Root CA',
    ],
    [
      'a CA not yet valid',
      () => ({
        material: { ca: [corpus('root-ca.pem')], cert: corpus('server.pem') },
        options: { role: 'server' },
        now: new Date('2001-01-01T00:00:00Z'),
      }),
      'ca-not-yet-valid',
      'Fixture Root CA',
    ],
    [
      'a device certificate used as a leaf and CA',
      () => ({ material: { ca: [file(pki.ca.cert)], cert: file(pki.intermediate.cert), key: file(pki.intermediate.key) } }),
      'leaf-is-ca',
      'CA:TRUE',
    ],
  ];

  it.each(cases)('%s', (_name, make, code, words) => {
    const c = make();
    const report = lint(c.material, c.options, c.secrets, c.now);
    expect(codes(report), JSON.stringify(report.findings, null, 1)).toContain(code);
    const found = report.findings.find((f) => f.code === code);
    expect(found?.level).toBe(LINT_LEVELS[code]);
    expect(found?.message).toContain(words);
  });

  it('has a case for every code but the CA flag and signing checks it covers elsewhere', () => {
    const covered = new Set(cases.map(([, , code]) => code));
    const missing = Object.keys(LINT_LEVELS).filter((code) => !covered.has(code as LintCode));
    expect(missing).toEqual(['ca-no-cert-sign']);
  });

  it('reads a PKCS#12 bundle and a PEM file holding both certificate and key', () => {
    const pfx = lint({ ca: [file(pki.ca.cert)], pfx: file(pki.clientGoodFormats.pfx) }, {}, { pfxPassword: 'p12-pass' });
    expect(pfx.findings).toEqual([]);
    expect(pfx.commonName).toBe(pki.clientGood.commonName);
    const both = { name: 'both.pem', bytes: Buffer.concat([readFileSync(pki.clientGood.cert), readFileSync(pki.broken.mismatchedKey)]) };
    expect(codes(lint({ ca: [], cert: both }))).toEqual(['key-cert-mismatch']);
    expect(
      lint(
        { ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyLegacyEncrypted) },
        {},
        { passphrase: KEY_PASSPHRASE },
      ).findings,
    ).toEqual([]);
  });
});
