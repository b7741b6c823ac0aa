// What the issuer refuses, and what it writes, read back with Node (openssl checks every kind
// of certificate in test/integration/certs/openssl.test.ts).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { issueCertificate, prepareIssuer, randomSerial } from '../../../../electron/core/certs/issue';
import { privateKeyPem } from '../../../../electron/core/certs/keys';
import { loadPkcs12 } from '../../../../electron/core/certs/pkcs12';
import { writePkcs12 } from '../../../../electron/core/certs/pkcs12-write';

const DAY = 86_400_000;
const window = (fromDays: number, toDays: number) => ({
  notBefore: new Date(Date.now() + fromDays * DAY).toISOString(),
  notAfter: new Date(Date.now() + toDays * DAY).toISOString(),
});

async function ca() {
  const made = await issueCertificate({ profile: 'ca', subject: { commonName: 'Unit CA' }, key: 'ec-p256', validity: window(-1, 30) });
  if (!made.ok) throw new Error(made.error.message);
  const signer = await prepareIssuer({ certificate: made.value.certificate, key: made.value.key });
  if (!signer.ok) throw new Error(signer.error.message);
  return { made: made.value, signer: signer.value };
}

describe('issueCertificate', () => {
  it('issues windows wholly in the past and wholly in the future', async () => {
    const { signer } = await ca();
    const past = await issueCertificate(
      { profile: 'client', subject: { commonName: 'old' }, key: 'ec-p256', validity: window(-400, -30) },
      signer,
    );
    const future = await issueCertificate(
      { profile: 'client', subject: { commonName: 'new' }, key: 'ec-p256', validity: window(30, 400) },
      signer,
    );
    expect(past.ok && new Date(past.value.certificate.validTo).getTime()).toBeLessThan(Date.now());
    expect(future.ok && new Date(future.value.certificate.validFrom).getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses what cannot be issued, with a code', async () => {
    const { made, signer } = await ca();
    const client = await issueCertificate(
      { profile: 'client', subject: { commonName: 'leaf' }, key: 'ec-p256', validity: window(-1, 1) },
      signer,
    );
    if (!client.ok) throw new Error(client.error.message);
    const cases = [
      [
        await issueCertificate({ profile: 'server', subject: { commonName: 'b' }, key: 'ec-p256', validity: window(-1, 1) }, signer),
        'san-required',
      ],
      [
        await issueCertificate(
          { profile: 'server', subject: { commonName: 'b' }, key: 'ec-p256', validity: window(-1, 1), ipAddresses: ['300.1.1.1'] },
          signer,
        ),
        'san-invalid',
      ],
      [
        await issueCertificate(
          { profile: 'server', subject: { commonName: 'b' }, key: 'ec-p256', validity: window(-1, 1), dnsNames: ['bad name'] },
          signer,
        ),
        'san-invalid',
      ],
      [
        await issueCertificate({ profile: 'client', subject: { commonName: 'c' }, key: 'ec-p256', validity: window(-1, 1) }, null),
        'issuer-missing',
      ],
      [
        await issueCertificate({ profile: 'ca', subject: { commonName: 'c' }, key: 'ec-p256', validity: window(-1, 1) }, signer),
        'issuer-unexpected',
      ],
      [
        await issueCertificate({ profile: 'client', subject: { commonName: '' }, key: 'ec-p256', validity: window(-1, 1) }, signer),
        'request-invalid',
      ],
      [
        await issueCertificate({ profile: 'client', subject: { commonName: 'c' }, key: 'ec-p256', validity: window(1, -1) }, signer),
        'request-invalid',
      ],
    ] as const;
    for (const [result, code] of cases) expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await prepareIssuer({ certificate: client.value.certificate, key: client.value.key })).toMatchObject({
      ok: false,
      error: { code: 'issuer-not-ca' },
    });
    expect(await prepareIssuer({ certificate: made.certificate, key: client.value.key })).toMatchObject({
      ok: false,
      error: { code: 'issuer-key-mismatch' },
    });
  });

  it('makes positive 16-byte serials', () => {
    for (let i = 0; i < 200; i++) expect(randomSerial()).toMatch(/^[4-7][0-9a-f]{31}$/);
  });

  it('writes encrypted keys and PKCS#12 bundles that Node and the preflight open', async () => {
    const { made, signer } = await ca();
    const device = await issueCertificate(
      { profile: 'client', subject: { commonName: 'p12-device' }, key: 'rsa-2048', validity: window(-1, 1) },
      signer,
    );
    if (!device.ok) throw new Error(device.error.message);
    const pem = privateKeyPem(device.value.key, 'kp');
    expect(pem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(() => createPrivateKey(pem)).toThrow();
    expect(device.value.certificate.checkPrivateKey(createPrivateKey({ key: pem, passphrase: 'kp' }))).toBe(true);
    const pfx = writePkcs12({
      key: device.value.key,
      chain: [device.value.certificate, made.certificate],
      password: 'pfx pass',
      friendlyName: 'p12-device',
    });
    expect(() => createSecureContext({ pfx, passphrase: 'pfx pass' })).not.toThrow();
    expect(() => createSecureContext({ pfx, passphrase: 'wrong' })).toThrow(/mac verify failure/);
    const loaded = loadPkcs12({ name: 'p12-device.p12', bytes: pfx }, 'pfx pass');
    expect(loaded.ok && loaded.value.mode).toBe('native');
    expect(loaded.ok && loaded.value.chain.map((c: X509Certificate) => c.subject)).toEqual(['CN=p12-device', 'CN=Unit CA']);
  });
});
