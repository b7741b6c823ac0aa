import { Buffer } from 'node:buffer';
import { createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ALERT,
  TLS13_SUITES,
  alertForVerifyError,
  hkdfExpandLabel,
  missingCertificateAlert,
  plaintextAlert,
  tls13Alert,
} from '../../../../electron/core/lab/tls-alert';
import { VERIFY_ERROR_TEXT } from '../../../../electron/core/lab/verify-errors';

/** RFC 8446 §7.1 HkdfLabel, built here independently of the code under test. */
const hkdfLabel = (label: string, length: number) => {
  const full = Buffer.from(`tls13 ${label}`);
  return Buffer.concat([Buffer.from([0, length, full.length]), full, Buffer.from([0])]);
};

describe('TLS alerts the lab writes', () => {
  it('maps OpenSSL verification errors to the alerts OpenSSL sends', () => {
    expect(alertForVerifyError('CERT_HAS_EXPIRED')).toBe(45);
    expect(alertForVerifyError('CERT_NOT_YET_VALID')).toBe(42);
    expect(alertForVerifyError('CERT_REVOKED')).toBe(44);
    expect(alertForVerifyError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY')).toBe(48);
    expect(alertForVerifyError('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe(48);
    expect(alertForVerifyError('INVALID_PURPOSE')).toBe(43);
    expect(alertForVerifyError('SOMETHING_NEW')).toBe(ALERT.certificateUnknown);
    expect(missingCertificateAlert('TLSv1.3')).toBe(116);
    expect(missingCertificateAlert('TLSv1.2')).toBe(40);
    for (const code of ['CERT_HAS_EXPIRED', 'CERT_REVOKED', 'CERT_NOT_YET_VALID']) expect(VERIFY_ERROR_TEXT[code]).toBeTruthy();
  });

  it('writes a TLS 1.2 plaintext fatal alert record', () => {
    expect([...plaintextAlert(44)]).toEqual([21, 3, 3, 0, 2, 2, 44]);
  });

  it("derives keys as HKDF-Expand-Label (the expand half of Node's HKDF)", () => {
    for (const hash of ['sha256', 'sha384']) {
      const ikm = randomBytes(32);
      const salt = randomBytes(32);
      const prk = createHmac(hash, salt).update(ikm).digest();
      for (const [label, length] of [
        ['key', 16],
        ['key', 32],
        ['iv', 12],
      ] as const) {
        const expected = Buffer.from(hkdfSync(hash, ikm, salt, hkdfLabel(label, length), length));
        expect(hkdfExpandLabel(hash, prk, label, length)).toEqual(expected);
      }
    }
  });

  it.each(TLS13_SUITES)('protects a TLS 1.3 alert as record 0 under %s, readable with the traffic key', (suite) => {
    const secret = randomBytes(suite.endsWith('SHA384') ? 48 : 32);
    const record = tls13Alert(45, suite, secret)!;
    expect([...record.subarray(0, 5)]).toEqual([23, 3, 3, 0, 19]);
    const hash = suite.endsWith('SHA384') ? 'sha384' : 'sha256';
    const keyLength = suite === 'TLS_AES_128_GCM_SHA256' ? 16 : 32;
    const cipher = suite.includes('CHACHA') ? 'chacha20-poly1305' : keyLength === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
    // hkdfExpandLabel is checked against Node's HKDF above.
    const key = hkdfExpandLabel(hash, secret, 'key', keyLength);
    const iv = hkdfExpandLabel(hash, secret, 'iv', 12);
    const decipher = createDecipheriv(cipher as 'aes-128-gcm', key, iv, { authTagLength: 16 });
    decipher.setAAD(record.subarray(0, 5));
    decipher.setAuthTag(record.subarray(record.length - 16));
    const inner = Buffer.concat([decipher.update(record.subarray(5, record.length - 16)), decipher.final()]);
    expect([...inner]).toEqual([2, 45, 21]);
  });

  it('writes nothing for a suite it does not know', () => {
    expect(tls13Alert(45, 'TLS_AES_128_CCM_SHA256', randomBytes(32))).toBeNull();
  });
});
