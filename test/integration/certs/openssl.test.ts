// Everything the workbench issues, checked by openssl: chains verify (with the intermediate),
// the fields are what was asked for, keys open with their passphrase, PKCS#12 opens without
// -legacy (and in Node), CRLs parse and revoke.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyAlgorithm } from '../../../shared/certs/issue';
import { buildCrl, newCaRecord, revoke, withIssued } from '../../../electron/core/certs/crl';
import { writePkcs12 } from '../../../electron/core/certs/pkcs12-write';
import { ca, days, issueTo, signerOf, type Written } from '../../support/workbench-pki';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-openssl-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs openssl; resolves with its exit code and output (never throws on a non-zero exit). */
function openssl(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('openssl', args, { encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

const text = async (cert: string) => (await openssl(['x509', '-in', cert, '-noout', '-text', '-nameopt', 'RFC2253'])).out;

/** OpenSSL's text for a date, as `Not After : Nov 30 12:00:00 2027 GMT` prints it. */
const opensslDate = (iso: string) => {
  const d = new Date(iso);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const p = (n: number) => String(n).padStart(2, '0');
  return `${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
};

const KEY_TEXT: Record<KeyAlgorithm, string> = {
  'rsa-2048': 'Public-Key: (2048 bit)',
  'rsa-3072': 'Public-Key: (3072 bit)',
  'rsa-4096': 'Public-Key: (4096 bit)',
  'ec-p256': 'NIST CURVE: P-256',
  'ec-p384': 'NIST CURVE: P-384',
  ed25519: 'ED25519 Public-Key',
};

describe.each(['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ed25519'] as const)('a %s PKI', (key) => {
  let root: Written;
  let inter: Written;
  let server: Written;
  let client: Written;
  const pass = `pass ${key}`;

  beforeAll(async () => {
    const at = join(dir, key);
    root = await issueTo(at, 'root', ca(`Root ${key}`, key), null);
    inter = await issueTo(
      at,
      'inter',
      { profile: 'intermediate', subject: { commonName: `Intermediate ${key}` }, key, validity: days(-1, 1000) },
      await signerOf(root),
    );
    const signer = await signerOf(inter);
    server = await issueTo(
      at,
      'server',
      {
        profile: 'server',
        subject: { commonName: 'broker.test' },
        key,
        validity: days(-1, 90),
        dnsNames: ['broker.test', 'localhost'],
        ipAddresses: ['127.0.0.1', '::1'],
      },
      signer,
    );
    client = await issueTo(
      at,
      'client',
      {
        profile: 'client',
        subject: { commonName: 'device-42', organization: 'Acme', organizationalUnit: 'Sensors', country: 'DE' },
        key,
        validity: days(-2, 30),
        crlUrls: ['http://crl.test/inter.crl'],
      },
      signer,
      pass,
    );
  }, 120_000);

  it('verifies every certificate with openssl, for its purpose', async () => {
    expect((await openssl(['verify', '-CAfile', root.cert, inter.cert])).out).toContain(': OK');
    const srv = await openssl(['verify', '-CAfile', root.cert, '-untrusted', inter.cert, '-purpose', 'sslserver', server.cert]);
    expect(srv.out).toContain(`${server.cert}: OK`);
    const cli = await openssl(['verify', '-CAfile', root.cert, '-untrusted', inter.cert, '-purpose', 'sslclient', client.cert]);
    expect(cli.out).toContain(`${client.cert}: OK`);
    const wrong = await openssl(['verify', '-CAfile', root.cert, '-untrusted', inter.cert, '-purpose', 'sslclient', server.cert]);
    // X509_V_ERR_INVALID_PURPOSE (26): a clientAuth-only certificate is no server's.
    expect(wrong.out).toContain('error 26 at 0 depth lookup');
  });

  it('writes the fields that were asked for', async () => {
    const srv = await text(server.cert);
    expect(srv).toContain('DNS:broker.test, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(srv).toContain('TLS Web Server Authentication');
    expect(srv).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(srv).toContain(KEY_TEXT[key]);
    const cli = await text(client.cert);
    expect(cli).toContain('Subject: CN=device-42,OU=Sensors,O=Acme,C=DE');
    expect(cli).toContain('Issuer: CN=Intermediate');
    expect(cli).toContain('TLS Web Client Authentication');
    expect(cli).toContain('URI:http://crl.test/inter.crl');
    expect(cli).toContain(`Not Before: ${opensslDate(client.issued.record.notBefore)}`);
    expect(cli).toContain(`Not After : ${opensslDate(client.issued.record.notAfter)}`);
    expect(cli).toContain(`Serial Number:`);
    expect(cli.replace(/[\s:]/g, '').toUpperCase()).toContain(client.issued.record.serialNumber);
    expect(await text(root.cert)).toMatch(/Basic Constraints: critical\s+CA:TRUE\n/);
    expect(await text(inter.cert)).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(await text(inter.cert)).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    const aki = /Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(cli)?.[1];
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(await text(inter.cert))?.[1];
    expect(aki).toBe(ski);
  });

  it('opens the encrypted key only with its passphrase', async () => {
    expect((await openssl(['pkey', '-in', client.key, '-passin', `pass:${pass}`, '-noout'])).code).toBe(0);
    expect((await openssl(['pkey', '-in', client.key, '-passin', 'pass:wrong', '-noout'])).code).not.toBe(0);
    const info = await openssl(['asn1parse', '-in', client.key]);
    expect(info.out).toContain('PBES2');
    expect(info.out).toContain('aes-256-cbc');
    expect((await openssl(['pkey', '-in', server.key, '-noout'])).code).toBe(0);
  });

  it('writes a PKCS#12 bundle that openssl opens without -legacy, and Node too', async () => {
    const pfx = join(dir, key, 'client.p12');
    const bundle = writePkcs12({
      key: client.issued.key,
      chain: [client.issued.certificate, inter.issued.certificate, root.issued.certificate],
      password: 'p12 pass',
      friendlyName: 'device-42',
    });
    await writeFile(pfx, bundle);
    const info = await openssl(['pkcs12', '-in', pfx, '-passin', 'pass:p12 pass', '-info', '-noout']);
    expect(info.code, info.out).toBe(0);
    expect(info.out).toContain('MAC: sha256');
    expect(info.out).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC');
    const certs = await openssl(['pkcs12', '-in', pfx, '-passin', 'pass:p12 pass', '-nokeys']);
    expect(certs.out.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    expect(certs.out).toContain('friendlyName: device-42');
    const keyOut = await openssl(['pkcs12', '-in', pfx, '-passin', 'pass:p12 pass', '-nocerts', '-nodes']);
    expect(keyOut.out).toContain('BEGIN PRIVATE KEY');
    expect((await openssl(['pkcs12', '-in', pfx, '-passin', 'pass:wrong', '-noout'])).out).toContain('Mac verify error');
    expect(() => createSecureContext({ pfx: bundle, passphrase: 'p12 pass' })).not.toThrow();
  });
});

describe('validity windows and revocation, as openssl sees them', () => {
  let root: Written;
  let expired: Written;
  let future: Written;
  let good: Written;
  let revoked: Written;

  beforeAll(async () => {
    const at = join(dir, 'dates');
    root = await issueTo(at, 'root', ca('Dates Root', 'ec-p256'), null);
    const signer = await signerOf(root);
    const client = (cn: string, validity: ReturnType<typeof days>) => ({
      profile: 'client' as const,
      subject: { commonName: cn },
      key: 'ec-p256' as const,
      validity,
    });
    expired = await issueTo(at, 'expired', client('expired-device', days(-400, -30)), signer);
    future = await issueTo(at, 'future', client('future-device', days(30, 400)), signer);
    good = await issueTo(at, 'good', client('good-device', days(-1, 30)), signer);
    revoked = await issueTo(at, 'revoked', client('revoked-device', days(-1, 30)), signer);
    const record = withIssued(
      newCaRecord(root.issued, false),
      [expired, future, good, revoked].map((w) => w.issued.record),
    );
    const result = revoke(record, { commonNames: ['revoked-device'] }, new Date(), 'keyCompromise');
    if (!result.ok) throw new Error(result.error.message);
    const crl = await buildCrl(result.value.record, signer, new Date());
    await writeFile(join(at, 'crl.pem'), crl.pem);
    await writeFile(join(at, 'crl.der'), crl.der);
  });

  it('reports windows wholly in the past and in the future', async () => {
    expect((await openssl(['verify', '-CAfile', root.cert, expired.cert])).out).toContain('certificate has expired');
    expect((await openssl(['verify', '-CAfile', root.cert, future.cert])).out).toContain('certificate is not yet valid');
  });

  it('parses the CRL (PEM and DER) and rejects the revoked certificate with it', async () => {
    const crl = join(dir, 'dates', 'crl.pem');
    const parsed = await openssl(['crl', '-in', crl, '-noout', '-text']);
    expect(parsed.code, parsed.out).toBe(0);
    expect(parsed.out).toContain(`Serial Number: ${revoked.issued.record.serialNumber}`);
    expect(parsed.out).toContain('Key Compromise');
    expect(parsed.out).toMatch(/X509v3 CRL Number:\s+1/);
    expect((await openssl(['crl', '-inform', 'DER', '-in', join(dir, 'dates', 'crl.der'), '-noout', '-CAfile', root.cert])).out).toContain(
      'verify OK',
    );
    const check = (cert: string) => openssl(['verify', '-crl_check', '-CAfile', root.cert, '-CRLfile', crl, cert]);
    expect((await check(revoked.cert)).out).toContain('certificate revoked');
    expect((await check(good.cert)).out).toContain(`${good.cert}: OK`);
  });
});
