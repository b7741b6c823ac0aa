import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cause } from '../../../../shared/connect/report';
import type { FileBytes, IdentityMaterial, IdentitySecrets, PreflightOptions, PreparedTls } from '../../../../electron/core/certs/material';
import { lintChain } from '../../../../electron/core/certs/lint';
import { reportFindingsOf } from '../../../../electron/core/certs/lint-findings';
import { preflight } from '../../../../electron/core/certs/preflight';
import type { TestPki } from '../../../support/pki';
import { BLOCKED_CLIENT_CN, GOOD_CLIENT_CN, makePki } from '../../../support/pki';

let dir: string;
let pki: TestPki;
/** A moment after the test PKI was made: every certificate meant to be valid is valid then. */
let NOW: Date;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyhole-preflight-'));
  pki = await makePki(dir);
  NOW = new Date(Date.now() + 1000);
}, 30_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const file = (path: string): FileBytes => ({ name: basename(path), bytes: new Uint8Array(readFileSync(path)) });
const text = (name: string, content: string): FileBytes => ({ name, bytes: new TextEncoder().encode(content) });
const bytes = (name: string, content: Uint8Array): FileBytes => ({ name, bytes: content });
const pem = (path: string) => readFileSync(path, 'utf8');

function accept(material: IdentityMaterial, secrets: IdentitySecrets = {}, now: Date = NOW, options: PreflightOptions = {}): PreparedTls {
  const result = preflight(material, secrets, now, options);
  if (!result.ok) throw new Error(`expected success, got ${result.error.cause}: ${result.error.message}`);
  return result.value;
}

const codes = (prepared: PreparedTls) => prepared.findings.map((w) => w.code);

describe('preflight: usable material', () => {
  it('loads a CA alone: PEM strings for TLS, a summary, no identity', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)] });
    expect(prepared.ca).toEqual([new X509Certificate(pem(pki.ca.cert)).toString()]);
    expect(prepared.caCertificates).toHaveLength(1);
    expect(prepared.caCertificates[0]).toMatchObject({
      commonName: 'Keyhole Test CA',
      isCA: true,
      selfSigned: true,
      keyType: 'RSA 2048',
      source: 'ca.crt',
    });
    expect(prepared.clientCertificate).toBeNull();
    expect(prepared.cert).toBeUndefined();
    expect(prepared.findings).toEqual([]);
  });

  it('leaves ca undefined when no CA file is given', () => {
    const prepared = accept({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGood.key) });
    expect(prepared.ca).toBeUndefined();
    expect(prepared.caCertificates).toEqual([]);
    expect(prepared.findings).toEqual([]);
  });

  it('prepares the good client: leaf summary, PEM chain, decrypted PKCS#8 key, no warnings', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert), key: file(pki.clientGood.key) });
    const leaf = new X509Certificate(pem(pki.clientGood.cert));
    expect(prepared.clientCertificate).toMatchObject({
      commonName: GOOD_CLIENT_CN,
      fingerprint256: leaf.fingerprint256,
      keyType: 'RSA 2048',
      source: 'client-good.crt',
    });
    expect(prepared.clientChain).toHaveLength(1);
    expect(prepared.cert).toBe(leaf.toString());
    expect(prepared.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(leaf.checkPrivateKey(createPrivateKey(prepared.key ?? ''))).toBe(true);
    expect(prepared.pfx).toBeUndefined();
    expect(prepared.findings).toEqual([]);
  });

  it.each([
    ['PKCS#8 PEM', 'keyPkcs8', undefined],
    ['PKCS#1 PEM', 'keyPkcs1', undefined],
    ['encrypted PKCS#8 PEM', 'keyPkcs8Encrypted', 'correct horse'],
    ['legacy encrypted PEM (Proc-Type: 4,ENCRYPTED)', 'keyLegacyEncrypted', 'correct horse'],
    ['PKCS#8 DER', 'keyDer', undefined],
  ] as const)('reads the key as %s', (_label, which, passphrase) => {
    const prepared = accept(
      { ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats[which]) },
      { passphrase },
    );
    expect(prepared.clientCertificate?.commonName).toBe(GOOD_CLIENT_CN);
    expect(prepared.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('reads a DER certificate with a DER key', () => {
    const prepared = accept({
      ca: [file(pki.ca.cert)],
      cert: file(pki.clientGoodFormats.certDer),
      key: file(pki.clientGoodFormats.keyDer),
    });
    expect(prepared.clientCertificate).toMatchObject({ commonName: GOOD_CLIENT_CN, source: 'client-good.crt.der' });
    expect(prepared.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('reads PKCS#1 and SEC1 keys given as DER', () => {
    const rsa = createPrivateKey(pem(pki.clientGood.key)).export({ type: 'pkcs1', format: 'der' });
    const ec = createPrivateKey(pem(pki.clientBlocked.key)).export({ type: 'sec1', format: 'der' });
    expect(accept({ ca: [], cert: file(pki.clientGood.cert), key: bytes('rsa.der', rsa) }).clientCertificate?.commonName).toBe(
      GOOD_CLIENT_CN,
    );
    expect(accept({ ca: [], cert: file(pki.clientBlocked.cert), key: bytes('ec.der', ec) }).clientCertificate?.commonName).toBe(
      BLOCKED_CLIENT_CN,
    );
  });

  it('reads a SEC1 EC key (BEGIN EC PRIVATE KEY)', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientBlocked.cert), key: file(pki.clientBlockedKeySec1) });
    expect(prepared.clientCertificate).toMatchObject({ commonName: BLOCKED_CLIENT_CN, keyType: 'EC P-256' });
  });

  it('reads an Ed25519 identity', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientEd25519.cert), key: file(pki.clientEd25519.key) });
    expect(prepared.clientCertificate?.keyType).toBe('Ed25519');
    // The lint's note: some TLS stacks do not take Ed25519; nothing a careful user would worry about here.
    expect(codes(prepared)).toEqual(['cert-ed25519']);
  });

  it('reads a key that follows EC PARAMETERS in the same file', () => {
    const params = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';
    const prepared = accept({
      ca: [],
      cert: file(pki.clientBlocked.cert),
      key: text('with-params.key', params + pem(pki.clientBlockedKeySec1)),
    });
    expect(prepared.clientCertificate?.commonName).toBe(BLOCKED_CLIENT_CN);
  });

  it('sends leaf + intermediate from a chain file and finds the path to the CA', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientIntermediate.chain), key: file(pki.clientIntermediate.key) });
    expect(prepared.clientChain.map((c) => c.commonName)).toEqual(['intermediate-device', 'Keyhole Test Intermediate CA']);
    expect(prepared.clientCertificate?.commonName).toBe('intermediate-device');
    expect(prepared.findings).toEqual([]);
  });

  it('puts the leaf first when the chain file lists it last, and says so', () => {
    const reversed = text('reversed.pem', pem(pki.intermediate.cert) + pem(pki.clientIntermediate.cert));
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: reversed, key: file(pki.clientIntermediate.key) });
    expect(prepared.clientChain.map((c) => c.commonName)).toEqual(['intermediate-device', 'Keyhole Test Intermediate CA']);
    expect(prepared.cert?.startsWith(new X509Certificate(pem(pki.clientIntermediate.cert)).toString())).toBe(true);
    expect(codes(prepared)).toEqual(['client-chain-reordered']);
    expect(prepared.findings[0]?.message).toContain('reversed.pem');
  });

  it('takes the key from the certificate file when both are in one PEM', () => {
    const combined = text('combined.pem', pem(pki.clientGood.cert) + pem(pki.clientGood.key));
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: combined });
    expect(prepared.clientCertificate?.commonName).toBe(GOOD_CLIENT_CN);
    expect(prepared.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('reads CA bundles (many certificates), DER CAs, and skips a CRL in a CA file', () => {
    const bundle = accept({ ca: [file(pki.caBundle)] });
    expect(bundle.caCertificates.map((c) => c.commonName)).toEqual(['Keyhole Test CA', 'Keyhole Test Intermediate CA']);
    expect(bundle.ca).toHaveLength(2);
    const der = accept({ ca: [bytes('ca.der', new X509Certificate(pem(pki.ca.cert)).raw), file(pki.foreignCa.cert)] });
    expect(der.caCertificates.map((c) => [c.commonName, c.source])).toEqual([
      ['Keyhole Test CA', 'ca.der'],
      ['Keyhole Foreign CA', 'foreign-ca.crt'],
    ]);
    const withCrl = accept({ ca: [file(pki.caWithCrl)] });
    expect(withCrl.caCertificates.map((c) => c.commonName)).toEqual(['Keyhole Test CA']);
  });

  it('hands a modern PKCS#12 to TLS as it is, and lists what is inside', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], pfx: file(pki.clientGoodFormats.pfx) }, { pfxPassword: 'p12-pass' });
    expect(prepared.pfx).toBeInstanceOf(Buffer);
    expect(prepared.passphrase).toBe('p12-pass');
    expect(prepared.cert).toBeUndefined();
    expect(prepared.key).toBeUndefined();
    expect(prepared.clientCertificate).toMatchObject({
      commonName: GOOD_CLIENT_CN,
      fingerprint256: new X509Certificate(pem(pki.clientGood.cert)).fingerprint256,
      source: 'client-good.p12',
    });
    expect(prepared.clientChain.map((c) => c.commonName)).toEqual([GOOD_CLIENT_CN, 'Keyhole Test CA']);
    // The CA inside is a note: Node trusts it for the broker too, which changes no verdict.
    expect(codes(prepared)).toEqual(['pkcs12-bundled-ca']);
    expect(prepared.findings[0]?.message).toContain('"Keyhole Test CA"');
  });

  it('lists the CA a PKCS#12 carries among the trusted CAs: Node trusts it for the broker too', () => {
    const prepared = accept({ ca: [], pfx: file(pki.clientGoodFormats.pfx) }, { pfxPassword: 'p12-pass' });
    expect(prepared.caCertificates.map((c) => [c.commonName, c.source])).toEqual([['Keyhole Test CA', 'client-good.p12 (bundled CA)']]);
    expect(prepared.ca).toBeUndefined();
  });

  it('falls back to the key passphrase for the PKCS#12 password', () => {
    const prepared = accept({ ca: [], pfx: file(pki.clientGoodFormats.pfx) }, { passphrase: 'p12-pass' });
    expect(prepared.passphrase).toBe('p12-pass');
  });

  it('converts a legacy (RC2-40/3DES) PKCS#12 that OpenSSL 3 refuses, with a warning', (ctx) => {
    const legacy = pki.clientGoodFormats.pfxLegacy;
    if (!legacy) return ctx.skip(pki.clientGoodFormats.pfxLegacyUnavailable ?? 'no legacy PKCS#12');
    const prepared = accept({ ca: [file(pki.ca.cert)], pfx: file(legacy) }, { pfxPassword: 'p12-pass' });
    expect(prepared.pfx).toBeUndefined();
    expect(prepared.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(prepared.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(prepared.clientCertificate?.commonName).toBe(GOOD_CLIENT_CN);
    expect(codes(prepared)).toEqual(['pkcs12-legacy-converted']);
    expect(prepared.findings[0]?.message).toContain('client-good.legacy.p12');
  });

  it('converts a legacy PKCS#12 holding an EC identity', (ctx) => {
    const legacy = pki.clientBlockedPfxLegacy;
    if (!legacy) return ctx.skip('no legacy PKCS#12');
    const prepared = accept({ ca: [file(pki.ca.cert)], pfx: file(legacy) }, { pfxPassword: 'p12-pass' });
    expect(prepared.clientCertificate).toMatchObject({ commonName: BLOCKED_CLIENT_CN, keyType: 'EC P-256' });
    expect(createPrivateKey(prepared.key ?? '').asymmetricKeyType).toBe('ec');
    expect(codes(prepared)).toEqual(['pkcs12-legacy-converted']);
  });

  it("does not check revocation: that is the broker's verdict", () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientRevoked.cert), key: file(pki.clientRevoked.key) });
    expect(prepared.findings).toEqual([]);
  });
});

describe('preflight: failures name the cause and the file', () => {
  interface Case {
    name: string;
    material: () => IdentityMaterial;
    secrets?: IdentitySecrets;
    cause: Cause;
    file: string | null;
    message?: RegExp;
    errorCode?: string;
  }
  const good = () => ({ cert: file(pki.clientGood.cert), key: file(pki.clientGood.key) });
  const halfOf = (content: string) => content.slice(0, Math.floor(content.length / 2));
  const cases: Case[] = [
    {
      name: 'empty CA file',
      material: () => ({ ca: [text('empty.pem', '')] }),
      cause: 'ca-invalid',
      file: 'empty.pem',
      message: /is empty/,
    },
    {
      name: 'whitespace-only CA file',
      material: () => ({ ca: [text('blank.pem', '\n  \n')] }),
      cause: 'ca-invalid',
      file: 'blank.pem',
      message: /is empty/,
    },
    {
      name: 'garbage as CA',
      material: () => ({ ca: [file(pki.broken.garbage)] }),
      cause: 'ca-invalid',
      file: 'broken-garbage.bin',
      message: /neither PEM .* nor a DER certificate/,
    },
    {
      name: 'plain text as CA',
      material: () => ({ ca: [text('notes.txt', 'this is the CA, trust me\n')] }),
      cause: 'ca-invalid',
      file: 'notes.txt',
      message: /neither PEM/,
    },
    {
      name: 'truncated base64 in CA',
      material: () => ({ ca: [file(pki.broken.truncatedCert)] }),
      cause: 'ca-invalid',
      file: 'broken-truncated.crt',
      message: /Certificate 1 in "broken-truncated.crt" is truncated: its encoding announces \d+ bytes but only \d+ are present/,
    },
    {
      name: 'CA file cut off before END',
      material: () => ({ ca: [file(pki.broken.unterminatedCert)] }),
      cause: 'ca-invalid',
      file: 'broken-unterminated.crt',
      message: /END CERTIFICATE/,
    },
    {
      name: 'damaged base64 in CA',
      material: () => ({ ca: [text('damaged.pem', pem(pki.ca.cert).replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'))] }),
      cause: 'ca-invalid',
      file: 'damaged.pem',
      message: /not valid base64/,
    },
    {
      name: 'empty PEM block in CA',
      material: () => ({ ca: [text('hollow.pem', '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n')] }),
      cause: 'ca-invalid',
      file: 'hollow.pem',
      message: /nothing between/,
    },
    {
      name: 'private key given as CA (PEM)',
      material: () => ({ ca: [file(pki.ca.key)] }),
      cause: 'ca-invalid',
      file: 'ca.key',
      message: /holds a private key \(PRIVATE KEY\), not a certificate/,
    },
    {
      name: 'private key given as CA (DER)',
      material: () => ({ ca: [file(pki.clientGoodFormats.keyDer)] }),
      cause: 'ca-invalid',
      file: 'client-good.key.der',
      message: /private key \(DER\)/,
    },
    {
      name: 'CRL given as CA',
      material: () => ({ ca: [file(pki.crl)] }),
      cause: 'ca-invalid',
      file: 'ca.crl.pem',
      message: /no certificate, only: X509 CRL/,
    },
    {
      name: 'truncated DER CA',
      material: () => ({ ca: [bytes('ca-cut.der', new X509Certificate(pem(pki.ca.cert)).raw.subarray(0, 300))] }),
      cause: 'ca-invalid',
      file: 'ca-cut.der',
      message: /truncated/,
    },
    {
      name: 'second CA file broken',
      material: () => ({ ca: [file(pki.ca.cert), file(pki.broken.garbage)] }),
      cause: 'ca-invalid',
      file: 'broken-garbage.bin',
    },
    {
      name: 'garbage as client certificate',
      material: () => ({ ca: [], cert: file(pki.broken.garbage), key: file(pki.clientGood.key) }),
      cause: 'cert-invalid',
      file: 'broken-garbage.bin',
    },
    {
      name: 'truncated client certificate',
      material: () => ({ ca: [], cert: file(pki.broken.truncatedCert), key: file(pki.clientGood.key) }),
      cause: 'cert-invalid',
      file: 'broken-truncated.crt',
      message: /truncated/,
    },
    {
      name: 'second certificate of the chain truncated',
      material: () => ({
        ca: [],
        cert: text('chain.pem', pem(pki.clientGood.cert) + pem(pki.broken.truncatedCert)),
        key: file(pki.clientGood.key),
      }),
      cause: 'cert-invalid',
      file: 'chain.pem',
      message: /Certificate 2 in "chain.pem"/,
    },
    {
      name: 'key given as client certificate',
      material: () => ({ ca: [], cert: file(pki.clientGood.key), key: file(pki.clientGood.key) }),
      cause: 'cert-invalid',
      file: 'client-good.key',
      message: /private key/,
    },
    {
      name: 'empty key file',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: text('empty.key', '') }),
      cause: 'key-invalid',
      file: 'empty.key',
      message: /is empty/,
    },
    {
      name: 'garbage as key',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.broken.garbage) }),
      cause: 'key-invalid',
      file: 'broken-garbage.bin',
    },
    {
      name: 'certificate given as key (PEM)',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.ca.cert) }),
      cause: 'key-invalid',
      file: 'ca.crt',
      message: /holds a certificate, not a private key/,
    },
    {
      name: 'certificate given as key (DER)',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.certDer) }),
      cause: 'key-invalid',
      file: 'client-good.crt.der',
      message: /certificate \(DER\)/,
    },
    {
      name: 'public key given as key',
      material: () => ({
        ca: [],
        cert: file(pki.clientGood.cert),
        key: text(
          'pub.pem',
          createPrivateKey(pem(pki.clientGood.key))
            .export({ type: 'pkcs8', format: 'pem' })
            .toString()
            .replace(/PRIVATE/g, 'PUBLIC'),
        ),
      }),
      cause: 'key-invalid',
      file: 'pub.pem',
      message: /public key/,
    },
    {
      name: 'truncated key',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: text('half.key', halfOf(pem(pki.clientGood.key))) }),
      cause: 'key-invalid',
      file: 'half.key',
      message: /truncated/,
    },
    {
      name: 'corrupted unencrypted key',
      material: () => ({
        ca: [],
        cert: file(pki.clientGood.cert),
        key: text('bad.key', pem(pki.clientGood.key).replace(/\n[A-Za-z0-9+/]{8}/, '\nAAAAAAAA')),
      }),
      cause: 'key-invalid',
      file: 'bad.key',
    },
    {
      name: 'OpenSSH key',
      material: () => ({
        ca: [],
        cert: file(pki.clientGood.cert),
        key: text('id_ed25519', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n'),
      }),
      cause: 'key-invalid',
      file: 'id_ed25519',
      message: /OpenSSH/,
    },
    {
      name: 'encrypted PKCS#8 without passphrase',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyPkcs8Encrypted) }),
      cause: 'key-passphrase-missing',
      file: 'client-good.pkcs8-encrypted.key',
      message: /encrypted PKCS#8/,
    },
    {
      name: 'legacy encrypted PEM without passphrase',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyLegacyEncrypted) }),
      cause: 'key-passphrase-missing',
      file: 'client-good.legacy-encrypted.key',
      message: /legacy encrypted PKCS#1/,
    },
    {
      name: 'encrypted key with an empty passphrase',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyPkcs8Encrypted) }),
      secrets: { passphrase: '' },
      cause: 'key-passphrase-missing',
      file: 'client-good.pkcs8-encrypted.key',
    },
    {
      name: 'encrypted DER PKCS#8 without passphrase',
      material: () => ({
        ca: [],
        cert: file(pki.clientGood.cert),
        key: bytes(
          'enc.der',
          createPrivateKey(pem(pki.clientGood.key)).export({
            type: 'pkcs8',
            format: 'der',
            cipher: 'aes-256-cbc',
            passphrase: 'correct horse',
          }),
        ),
      }),
      cause: 'key-passphrase-missing',
      file: 'enc.der',
    },
    {
      name: 'encrypted PKCS#8 with a wrong passphrase',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyPkcs8Encrypted) }),
      secrets: { passphrase: 'Correct horse' },
      cause: 'key-passphrase-wrong',
      file: 'client-good.pkcs8-encrypted.key',
    },
    {
      name: 'legacy encrypted PEM with a wrong passphrase',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyLegacyEncrypted) }),
      secrets: { passphrase: 'wrong' },
      cause: 'key-passphrase-wrong',
      file: 'client-good.legacy-encrypted.key',
    },
    {
      name: 'encrypted DER PKCS#8 with a wrong passphrase',
      material: () => ({
        ca: [],
        cert: file(pki.clientGood.cert),
        key: bytes(
          'enc.der',
          createPrivateKey(pem(pki.clientGood.key)).export({
            type: 'pkcs8',
            format: 'der',
            cipher: 'aes-256-cbc',
            passphrase: 'correct horse',
          }),
        ),
      }),
      secrets: { passphrase: 'nope' },
      cause: 'key-passphrase-wrong',
      file: 'enc.der',
    },
    {
      name: 'key of another certificate',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.broken.mismatchedKey) }),
      cause: 'key-cert-mismatch',
      file: 'client-blocked.key',
      message: new RegExp(`does not belong to the certificate "${GOOD_CLIENT_CN}" in "client-good.crt"`),
    },
    {
      name: 'RSA key of another RSA certificate',
      material: () => ({ ca: [], cert: file(pki.ca.cert), key: file(pki.clientGood.key) }),
      cause: 'key-cert-mismatch',
      file: 'client-good.key',
    },
    {
      name: 'certificate without key',
      material: () => ({ ca: [], cert: file(pki.clientGood.cert) }),
      cause: 'config-invalid',
      file: 'client-good.crt',
      message: /without its private key/,
    },
    {
      name: 'key without certificate',
      material: () => ({ ca: [], key: file(pki.clientGood.key) }),
      cause: 'config-invalid',
      file: 'client-good.key',
      message: /without its certificate/,
    },
    {
      name: 'PKCS#12 and certificate together',
      material: () => ({ ca: [], ...good(), pfx: file(pki.clientGoodFormats.pfx) }),
      secrets: { pfxPassword: 'p12-pass' },
      cause: 'config-invalid',
      file: null,
    },
    {
      name: 'PKCS#12 with a wrong password',
      material: () => ({ ca: [], pfx: file(pki.clientGoodFormats.pfx) }),
      secrets: { pfxPassword: 'p12-PASS' },
      cause: 'pkcs12-password-wrong',
      file: 'client-good.p12',
      message: /does not open/,
    },
    {
      name: 'PKCS#12 without a password',
      material: () => ({ ca: [], pfx: file(pki.clientGoodFormats.pfx) }),
      cause: 'pkcs12-password-wrong',
      file: 'client-good.p12',
      message: /no password was given/,
    },
    {
      name: 'PKCS#12 garbage',
      material: () => ({ ca: [], pfx: file(pki.broken.garbage) }),
      secrets: { pfxPassword: 'x' },
      cause: 'pkcs12-invalid',
      file: 'broken-garbage.bin',
    },
    {
      name: 'empty PKCS#12',
      material: () => ({ ca: [], pfx: text('empty.p12', '') }),
      cause: 'pkcs12-invalid',
      file: 'empty.p12',
      message: /is empty/,
    },
    {
      name: 'PEM given as PKCS#12',
      material: () => ({ ca: [], pfx: file(pki.clientGood.cert) }),
      cause: 'pkcs12-invalid',
      file: 'client-good.crt',
      message: /PEM file, not a PKCS#12/,
    },
    {
      name: 'DER certificate given as PKCS#12',
      material: () => ({ ca: [], pfx: file(pki.clientGoodFormats.certDer) }),
      secrets: { pfxPassword: 'p12-pass' },
      cause: 'pkcs12-invalid',
      file: 'client-good.crt.der',
    },
  ];

  it.each(cases)('$name → $cause', (c) => {
    const result = preflight(c.material(), c.secrets ?? {}, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.cause).toBe(c.cause);
    expect(result.error.file).toBe(c.file);
    if (c.file) expect(result.error.message).toContain(`"${c.file}"`);
    if (c.message) expect(result.error.message).toMatch(c.message);
    if (c.errorCode) expect(result.error.errorCode).toBe(c.errorCode);
    expect(result.error.hint.length).toBeGreaterThan(10);
  });

  it('calls every wrong passphrase wrong, also when CBC padding happens to check out', () => {
    // About one wrong passphrase in 256 yields valid padding; OpenSSL then fails in the decoder
    // (not "bad decrypt"). Try passphrases until both kinds were seen (or a bound is hit).
    const material = { ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyLegacyEncrypted) };
    const seen = new Set<string>();
    for (let i = 0; i < 4000 && seen.size < 2; i++) {
      const result = preflight(material, { passphrase: `wrong-${i}` }, NOW);
      expect(result.ok ? 'ok' : result.error.cause).toBe('key-passphrase-wrong');
      if (!result.ok) seen.add(result.error.errorCode === 'ERR_OSSL_BAD_DECRYPT' ? 'bad decrypt' : 'decoder');
    }
    // Missing the decoder kind in 4000 tries has a probability near e^-10.
    expect([...seen].sort()).toEqual(['bad decrypt', 'decoder']);
  });

  it('legacy PKCS#12 with a wrong password → pkcs12-password-wrong', (ctx) => {
    const legacy = pki.clientGoodFormats.pfxLegacy;
    if (!legacy) return ctx.skip('no legacy PKCS#12');
    const result = preflight({ ca: [], pfx: file(legacy) }, { pfxPassword: 'nope' }, NOW);
    expect(result.ok ? null : [result.error.cause, result.error.file]).toEqual(['pkcs12-password-wrong', 'client-good.legacy.p12']);
  });

  it('PKCS#12 in an encryption nothing here reads (RC4-128) → pkcs12-unsupported-encryption', (ctx) => {
    const rc4 = pki.clientGoodFormats.pfxRc4;
    if (!rc4) return ctx.skip('this openssl cannot write an RC4 PKCS#12');
    const result = preflight({ ca: [], pfx: file(rc4) }, { pfxPassword: 'p12-pass' }, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      cause: 'pkcs12-unsupported-encryption',
      file: 'client-good.rc4.p12',
      errorCode: 'ERR_CRYPTO_UNSUPPORTED_OPERATION',
    });
  });

  it('never puts key material or secrets in a failure', () => {
    const keyBody = pem(pki.clientGood.key).split('\n')[1] ?? '';
    const inputs: [IdentityMaterial, IdentitySecrets][] = [
      [
        { ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGoodFormats.keyPkcs8Encrypted) },
        { passphrase: 'secret-wrong-pass' },
      ],
      [{ ca: [], cert: file(pki.clientGood.cert), key: file(pki.broken.mismatchedKey) }, {}],
      [{ ca: [file(pki.clientGood.key)] }, {}],
      [{ ca: [], pfx: file(pki.clientGoodFormats.pfx) }, { pfxPassword: 'secret-wrong-pass' }],
    ];
    for (const [material, secrets] of inputs) {
      const result = preflight(material, secrets, NOW);
      const serialized = JSON.stringify(result);
      expect(serialized).not.toContain(keyBody.slice(0, 20));
      expect(serialized).not.toContain('secret-wrong-pass');
    }
  });
});

describe('preflight: findings (the attempt still goes out)', () => {
  it('warns about an expired client certificate, naming file, CN and dates', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientExpired.cert), key: file(pki.clientExpired.key) });
    expect(codes(prepared)).toEqual(['client-cert-expired-locally']);
    const message = prepared.findings[0]?.message ?? '';
    expect(message).toContain('"expired-device"');
    expect(message).toContain('"client-expired.crt"');
    expect(message).toContain(pki.clientExpired.notAfter.toISOString());
    expect(message).toMatch(/\d+ days ago/);
  });

  it('warns about a client certificate that is not yet valid', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientNotYetValid.cert), key: file(pki.clientNotYetValid.key) });
    expect(codes(prepared)).toEqual(['client-cert-not-yet-valid-locally']);
    expect(prepared.findings[0]?.message).toContain(pki.clientNotYetValid.notBefore.toISOString());
    expect(prepared.findings[0]?.message).toContain('"future-device"');
  });

  it('judges dates at the given `now`, not the wall clock', () => {
    const material = { ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert), key: file(pki.clientGood.key) };
    const after = new Date(pki.clientGood.notAfter.getTime() + 1000);
    const before = new Date(pki.clientGood.notBefore.getTime() - 1000);
    expect(codes(accept(material, {}, after))).toEqual(['client-cert-expired-locally']);
    // The CA made with it is not valid yet either.
    expect(codes(accept(material, {}, before))).toEqual(['client-cert-not-yet-valid-locally', 'client-chain-ca-unfit']);
    expect(codes(accept(material, {}, pki.clientGood.notAfter))).toEqual(['client-cert-expiring-soon']);
    expect(codes(accept(material, {}, pki.clientGood.notAfter, { expiryWarningDays: 0 }))).toEqual([]);
    expect(
      codes(
        accept(
          { ca: [], cert: file(pki.clientExpired.cert), key: file(pki.clientExpired.key) },
          {},
          new Date(pki.clientExpired.notBefore.getTime() + 1000),
        ),
      ),
    ).toEqual([]);
  });

  it('warns when the client certificate has an EKU without clientAuth', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientNoEku.cert), key: file(pki.clientNoEku.key) });
    expect(codes(prepared)).toEqual(['client-cert-no-client-auth-eku']);
    expect(prepared.findings[0]?.message).toMatch(/"client-no-eku.crt".*"server-only-device".*only serverAuth/);
  });

  it('does not warn about EKU when the certificate allows client auth', () => {
    expect(codes(accept({ ca: [], cert: file(pki.clientGood.cert), key: file(pki.clientGood.key) }))).toEqual([]);
  });

  it('warns when the client certificate was not issued by any loaded CA', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientForeign.cert), key: file(pki.clientForeign.key) });
    expect(codes(prepared)).toEqual(['client-cert-not-from-ca']);
    expect(prepared.findings[0]?.message).toMatch(/"client-foreign.crt".*"foreign-device".*"Keyhole Foreign CA".*separate client CA/);
  });

  it('does not warn about the issuer when its CA is loaded, or when no CA is given', () => {
    expect(codes(accept({ ca: [file(pki.foreignCa.cert)], cert: file(pki.clientForeign.cert), key: file(pki.clientForeign.key) }))).toEqual(
      [],
    );
    expect(
      codes(
        accept({ ca: [file(pki.ca.cert), file(pki.foreignCa.cert)], cert: file(pki.clientForeign.cert), key: file(pki.clientForeign.key) }),
      ),
    ).toEqual([]);
    expect(codes(accept({ ca: [], cert: file(pki.clientForeign.cert), key: file(pki.clientForeign.key) }))).toEqual([]);
  });

  it('checks the signature, not just the issuer name', () => {
    const impostor = new X509Certificate(pem(pki.impostorCa.cert));
    const leaf = new X509Certificate(pem(pki.clientGood.cert));
    // The premise: by name (and without a key id to compare) the impostor passes for the issuer.
    expect(leaf.checkIssued(impostor)).toBe(true);
    const prepared = accept({ ca: [file(pki.impostorCa.cert)], cert: file(pki.clientGood.cert), key: file(pki.clientGood.key) });
    expect(codes(prepared)).toEqual(['client-cert-not-from-ca']);
  });

  it('warns when the leaf of an intermediate chain is sent without its intermediate', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientIntermediate.cert), key: file(pki.clientIntermediate.key) });
    expect(codes(prepared)).toEqual(['client-cert-not-from-ca']);
  });

  it('warns about a CA file that contains a certificate that is not a CA', () => {
    const prepared = accept({ ca: [text('mixed.pem', pem(pki.ca.cert) + pem(pki.server.cert))] });
    expect(codes(prepared)).toEqual(['ca-not-a-ca']);
    expect(prepared.findings[0]?.message).toMatch(/"mixed.pem".*"localhost".*not a CA/);
    expect(prepared.caCertificates).toHaveLength(2);
  });

  it('collects several warnings at once', () => {
    const prepared = accept({ ca: [file(pki.server.cert)], cert: file(pki.clientExpired.cert), key: file(pki.clientExpired.key) });
    expect(codes(prepared).sort()).toEqual(['ca-not-a-ca', 'client-cert-expired-locally', 'client-cert-not-from-ca']);
  });

  it('checks a PKCS#12 identity the same way', () => {
    const prepared = accept(
      { ca: [file(pki.foreignCa.cert)], pfx: file(pki.clientGoodFormats.pfx) },
      { pfxPassword: 'p12-pass' },
      new Date(pki.clientGood.notAfter.getTime() + 1000),
    );
    expect(codes(prepared).sort()).toEqual(['client-cert-expired-locally', 'client-cert-not-from-ca', 'pkcs12-bundled-ca']);
  });
});

/** One certificate made with the openssl CLI for the checks the shared test PKI has no case for. */
function odd(name: string, opts: { key: string; digest: string; ext: string; issuer?: { cert: string; key: string }; days?: number }) {
  const at = (f: string) => join(dir, `${name}.${f}`);
  writeFileSync(at('ext'), `[ ext ]\n${opts.ext}\n`);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  run(['req', '-new', '-newkey', opts.key, '-nodes', '-keyout', at('key'), '-subj', `/CN=${name}`, '-out', at('csr')]);
  const issuer = opts.issuer ?? { cert: pki.ca.cert, key: pki.ca.key };
  run([
    'x509',
    '-req',
    '-in',
    at('csr'),
    '-CA',
    issuer.cert,
    '-CAkey',
    issuer.key,
    '-set_serial',
    String(Date.now()),
    '-days',
    String(opts.days ?? 365),
    `-${opts.digest}`,
    '-extfile',
    at('ext'),
    '-extensions',
    'ext',
    '-out',
    at('crt'),
  ]);
  return { cert: at('crt'), key: at('key'), x509: new X509Certificate(readFileSync(at('crt'))) };
}

describe('the certificate lint in an attempt: weak keys, weak signatures, expiry', () => {
  const ours = (chain: X509Certificate[], now: Date, days: number) =>
    reportFindingsOf(
      lintChain({ cas: [], chain, key: null }, { role: 'client', expiresSoonDays: days }, now),
      'client',
      'The client certificate in "weak.crt"',
    );
  const theirs = (chain: X509Certificate[], now: Date, days: number) =>
    reportFindingsOf(
      lintChain({ cas: [], chain, key: null }, { role: 'server', expiresSoonDays: days }, now),
      'server',
      "The broker's certificate",
    );

  it('names an RSA key below 2048 bits and a SHA-1 signature, for client and broker alike', () => {
    const weak = odd('weak-device', { key: 'rsa:1024', digest: 'sha1', ext: 'extendedKeyUsage = clientAuth' });
    const now = new Date();
    const client = ours([weak.x509], now, 30);
    expect(client.map((f) => f.code)).toEqual(['client-cert-weak-key', 'client-cert-weak-signature']);
    expect(client[0]?.message).toMatch(/"weak.crt".*"weak-device" has a RSA 1024/);
    expect(client[1]?.message).toContain('sha1WithRSAEncryption');
    const server = theirs([weak.x509], now, 30);
    expect(server.map((f) => f.code)).toEqual(['server-cert-weak-key', 'server-cert-weak-signature']);
    expect(server[0]?.message).toMatch(/^The broker's certificate: .*"weak-device"/);
  });

  it('passes a 2048-bit RSA key with SHA-256, and does not judge a root by its own signature', () => {
    expect(ours([new X509Certificate(pem(pki.clientGood.cert))], NOW, 30)).toEqual([]);
    expect(theirs([new X509Certificate(pem(pki.ca.cert))], NOW, 30)).toEqual([]);
  });

  it('warns within the chosen number of days before the end date, never after it, and not at all with 0', () => {
    const cert = new X509Certificate(pem(pki.clientGood.cert));
    const tenDaysBefore = new Date(pki.clientGood.notAfter.getTime() - 10 * 86_400_000);
    const found = theirs([cert], tenDaysBefore, 30);
    expect(found.map((f) => f.code)).toEqual(['server-cert-expiring-soon']);
    expect(found[0]?.message).toContain('in 10 days');
    expect(theirs([cert], tenDaysBefore, 9)).toEqual([]);
    expect(theirs([cert], tenDaysBefore, 0)).toEqual([]);
    expect(theirs([cert], new Date(pki.clientGood.notAfter.getTime() + 1000), 30).map((f) => f.code)).not.toContain(
      'server-cert-expiring-soon',
    );
  });
});

describe('preflight: purpose and chain facts for the diagnosis', () => {
  it('warns about a key usage that does not allow signing, and says why client auth is refused', () => {
    const encipherOnly = odd('encipher-only-device', {
      key: 'rsa:2048',
      digest: 'sha256',
      ext: 'keyUsage = critical, keyEncipherment\nextendedKeyUsage = clientAuth',
    });
    // Made just now: judged at the current time, not at the file's NOW.
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(encipherOnly.cert), key: file(encipherOnly.key) }, {}, new Date());
    expect(codes(prepared)).toEqual(['client-cert-key-usage']);
    expect(prepared.identity?.clientAuthProblem).toBe('its key usage allows only keyEncipherment, not digitalSignature');
    const noEku = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientNoEku.cert), key: file(pki.clientNoEku.key) });
    expect(noEku.identity?.clientAuthProblem).toBe('its extended key usage allows only serverAuth, not clientAuth');
    expect(accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientGood.cert), key: file(pki.clientGood.key) }).identity).toMatchObject({
      clientAuthProblem: null,
      chainsToLoadedCa: true,
      unsentIssuer: null,
      issuerName: 'Keyhole Test CA',
      validity: 'valid',
    });
  });

  it('counts a loaded intermediate as part of the chain (OpenSSL sends it), and names one that is nowhere', () => {
    const leafOnly = { cert: file(pki.clientIntermediate.cert), key: file(pki.clientIntermediate.key) };
    const loaded = accept({ ca: [file(pki.caBundle)], ...leafOnly });
    expect(loaded.identity).toMatchObject({ chainsToLoadedCa: true, unsentIssuer: null });
    expect(codes(loaded)).toEqual([]);
    const nowhere = accept({ ca: [file(pki.ca.cert)], ...leafOnly });
    expect(nowhere.identity).toMatchObject({ chainsToLoadedCa: false, unsentIssuer: 'Keyhole Test Intermediate CA' });
    const sent = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientIntermediate.chain), key: leafOnly.key });
    expect(sent.identity).toMatchObject({ chainsToLoadedCa: true, unsentIssuer: null });
  });

  it('keeps the foreign issuer and the loaded CAs for explaining unknown_ca', () => {
    const prepared = accept({ ca: [file(pki.ca.cert)], cert: file(pki.clientForeign.cert), key: file(pki.clientForeign.key) });
    // Whether "Keyhole Foreign CA" is a root or an intermediate nobody here can tell: it is named.
    expect(prepared.identity).toMatchObject({
      issuerName: 'Keyhole Foreign CA',
      chainsToLoadedCa: false,
      unsentIssuer: 'Keyhole Foreign CA',
    });
    expect(prepared.identity?.loadedCas.map((c) => c.commonName)).toEqual(['Keyhole Test CA']);
  });
});
