import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaRecord } from '../../../../shared/certs/issue';
import { buildCrl, newCaRecord, normalizeSerial, revoke, withIssued } from '../../../../electron/core/certs/crl';
import { issueCertificate, prepareIssuer, type Issued, type SigningIssuer } from '../../../../electron/core/certs/issue';
import { asn1Bytes, x509 } from '../../../../electron/core/certs/x509';

const DAY = 86_400_000;
const validity = { notBefore: new Date(Date.now() - DAY).toISOString(), notAfter: new Date(Date.now() + 30 * DAY).toISOString() };
let signer: SigningIssuer;
let record: CaRecord;
const devices: Issued[] = [];

beforeAll(async () => {
  const ca = await issueCertificate({ profile: 'ca', subject: { commonName: 'CRL Test CA' }, key: 'ec-p256', validity });
  if (!ca.ok) throw new Error(ca.error.message);
  const prepared = await prepareIssuer({ certificate: ca.value.certificate, key: ca.value.key });
  if (!prepared.ok) throw new Error(prepared.error.message);
  signer = prepared.value;
  for (const cn of ['dev-a', 'dev-b', 'dev-b']) {
    const d = await issueCertificate({ profile: 'client', subject: { commonName: cn }, key: 'ec-p256', validity }, signer);
    if (!d.ok) throw new Error(d.error.message);
    devices.push(d.value);
  }
  record = withIssued(
    newCaRecord(ca.value, false),
    devices.map((d) => d.record),
  );
});

describe('revocation', () => {
  it('normalises serials written with colons, lower case or leading zeros', () => {
    expect(normalizeSerial('00:4a:bc')).toBe('4ABC');
    expect(normalizeSerial('0')).toBe('0');
  });

  it('revokes by serial and by CN (every certificate of that CN), keeping the first date of a second revocation', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const serial = devices[0]?.record.serialNumber.toLowerCase().match(/../g)?.join(':') ?? '';
    const first = revoke(record, { serialNumbers: [serial], commonNames: ['dev-b'] }, at, 'keyCompromise');
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.revoked.map((r) => r.commonName)).toEqual(['dev-a', 'dev-b', 'dev-b']);
    const again = revoke(first.value.record, { commonNames: ['dev-a'] }, new Date('2031-01-01T00:00:00Z'));
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.revoked).toEqual([]);
    expect(again.value.alreadyRevoked[0]?.revoked).toEqual({ at: at.toISOString(), reason: 'keyCompromise' });
  });

  it('refuses unknown serials and CNs, changing nothing', () => {
    expect(revoke(record, { serialNumbers: ['ABCDEF'], commonNames: ['dev-a'] }, new Date())).toEqual({
      ok: false,
      error: { code: 'not-issued', message: 'The CA "CRL Test CA" has not issued serial ABCDEF.' },
    });
    expect(revoke(record, {}, new Date())).toMatchObject({ ok: false, error: { code: 'nothing-to-revoke' } });
  });

  it('signs a numbered CRL listing the revoked serials with their reasons', async () => {
    const revoked = revoke(record, { commonNames: ['dev-a'] }, new Date(), 'superseded');
    if (!revoked.ok) throw new Error(revoked.error.message);
    const now = new Date();
    const crl = await buildCrl(revoked.value.record, signer, now);
    expect(crl.record.crlNumber).toBe(record.crlNumber + 1);
    expect(crl.pem.startsWith('-----BEGIN X509 CRL-----\n')).toBe(true);
    const parsed = new x509.X509Crl(asn1Bytes(crl.der));
    expect(await parsed.verify({ publicKey: new x509.X509Certificate(asn1Bytes(signer.certificate.raw)) })).toBe(true);
    expect(parsed.entries.map((e) => [e.serialNumber.toUpperCase(), e.reason])).toEqual([
      [devices[0]?.record.serialNumber, x509.X509CrlReason.superseded],
    ]);
    expect(parsed.nextUpdate?.getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000 + 30 * DAY);
    expect(new X509Certificate(signer.certificate.raw).subject).toBe('CN=CRL Test CA');
  });
});
