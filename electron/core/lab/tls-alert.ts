// The TLS alert an OpenSSL server sends when it rejects a client certificate, written by the lab
// itself. Node's TLS server verifies the client chain with OpenSSL but its verify callback always
// returns 1 (src/crypto/crypto_tls.cc, VerifyCallback): the handshake completes and Node merely
// destroys the socket, so a client would see a reset instead of the alert mosquitto, NanoMQ or
// EMQX send. The lab holds back the server's last flight, asks Node for OpenSSL's verdict, and on
// a rejection sends the alert OpenSSL would have sent: in plaintext under TLS 1.2 (the client has
// not yet received the server's ChangeCipherSpec, RFC 5246 §7.1), encrypted with the server's
// first application traffic key under TLS 1.3 (RFC 8446 §5.2, sequence number 0).
import { Buffer } from 'node:buffer';
import { createCipheriv, createHmac } from 'node:crypto';

/** RFC 8446 §6 AlertLevel fatal. */
const FATAL = 2;

/** Alert numbers used below (RFC 8446 §6.2, RFC 5246 §7.2.2). */
export const ALERT = {
  handshakeFailure: 40,
  badCertificate: 42,
  unsupportedCertificate: 43,
  certificateRevoked: 44,
  certificateExpired: 45,
  certificateUnknown: 46,
  unknownCa: 48,
  decryptError: 51,
  internalError: 80,
  certificateRequired: 116,
} as const;

/**
 * OpenSSL's ssl_x509err2alert (ssl/statem/statem_lib.c): the alert for each X509_V_ERR_* code,
 * by the names Node gives them (the constant without its prefix). Anything else is
 * certificate_unknown, as in OpenSSL.
 */
const VERIFY_ERROR_ALERTS: Readonly<Record<string, number>> = {
  APPLICATION_VERIFICATION: ALERT.handshakeFailure,
  CA_KEY_TOO_SMALL: ALERT.badCertificate,
  CA_MD_TOO_WEAK: ALERT.badCertificate,
  CERT_CHAIN_TOO_LONG: ALERT.unknownCa,
  CERT_HAS_EXPIRED: ALERT.certificateExpired,
  CERT_NOT_YET_VALID: ALERT.badCertificate,
  CERT_REJECTED: ALERT.badCertificate,
  CERT_REVOKED: ALERT.certificateRevoked,
  CERT_SIGNATURE_FAILURE: ALERT.decryptError,
  CERT_UNTRUSTED: ALERT.badCertificate,
  CRL_HAS_EXPIRED: ALERT.certificateExpired,
  CRL_NOT_YET_VALID: ALERT.badCertificate,
  CRL_SIGNATURE_FAILURE: ALERT.decryptError,
  DEPTH_ZERO_SELF_SIGNED_CERT: ALERT.unknownCa,
  EE_KEY_TOO_SMALL: ALERT.badCertificate,
  ERROR_IN_CERT_NOT_AFTER_FIELD: ALERT.badCertificate,
  ERROR_IN_CERT_NOT_BEFORE_FIELD: ALERT.badCertificate,
  ERROR_IN_CRL_LAST_UPDATE_FIELD: ALERT.badCertificate,
  ERROR_IN_CRL_NEXT_UPDATE_FIELD: ALERT.badCertificate,
  INVALID_CA: ALERT.unknownCa,
  INVALID_PURPOSE: ALERT.unsupportedCertificate,
  PATH_LENGTH_EXCEEDED: ALERT.unknownCa,
  SELF_SIGNED_CERT_IN_CHAIN: ALERT.unknownCa,
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: ALERT.badCertificate,
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: ALERT.badCertificate,
  UNABLE_TO_DECRYPT_CRL_SIGNATURE: ALERT.badCertificate,
  UNABLE_TO_GET_CRL: ALERT.unknownCa,
  UNABLE_TO_GET_CRL_ISSUER: ALERT.unknownCa,
  UNABLE_TO_GET_ISSUER_CERT: ALERT.unknownCa,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ALERT.unknownCa,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ALERT.unknownCa,
};

/** The alert OpenSSL sends for a verification error code such as `CERT_HAS_EXPIRED`. */
export function alertForVerifyError(code: string): number {
  return VERIFY_ERROR_ALERTS[code] ?? ALERT.certificateUnknown;
}

/**
 * No client certificate where one is required: OpenSSL sends certificate_required under TLS 1.3
 * (RFC 8446 §4.4.2.4) and handshake_failure under TLS 1.2 (RFC 5246 §7.4.6).
 */
export const missingCertificateAlert = (protocol: string): number =>
  protocol === 'TLSv1.3' ? ALERT.certificateRequired : ALERT.handshakeFailure;

/** A fatal alert in a plaintext record (TLS 1.2 before ChangeCipherSpec). */
export function plaintextAlert(description: number): Buffer {
  return Buffer.from([21, 3, 3, 0, 2, FATAL, description]);
}

/** AEAD parameters of the TLS 1.3 cipher suites (RFC 8446 Appendix B.4). */
const SUITES: Record<string, { cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305'; keyLength: number; hash: string }> = {
  TLS_AES_128_GCM_SHA256: { cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  TLS_AES_256_GCM_SHA384: { cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  TLS_CHACHA20_POLY1305_SHA256: { cipher: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' },
};

/** The TLS 1.3 suites the lab can write an alert under (its listener offers only these). */
export const TLS13_SUITES = Object.keys(SUITES);

/**
 * HKDF-Expand-Label (RFC 8446 §7.1) for outputs no longer than one hash block, which is all the
 * traffic key and IV need: T(1) = HMAC(secret, HkdfLabel || 0x01).
 */
export function hkdfExpandLabel(hash: string, secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0])]);
  const block = createHmac(hash, secret)
    .update(info)
    .update(Buffer.from([1]))
    .digest();
  if (length > block.length) throw new Error('hkdfExpandLabel: longer than one block');
  return block.subarray(0, length);
}

/**
 * A fatal alert protected with the server's first application traffic secret
 * (SERVER_TRAFFIC_SECRET_0), as the first record under that key: nonce = IV xor 0 (RFC 8446
 * §5.3), inner plaintext = alert || ContentType alert, additional data = the record header (§5.2).
 * Null for a cipher suite outside TLS13_SUITES.
 */
export function tls13Alert(description: number, suite: string, serverTrafficSecret: Buffer): Buffer | null {
  const params = SUITES[suite];
  if (!params) return null;
  const key = hkdfExpandLabel(params.hash, serverTrafficSecret, 'key', params.keyLength);
  const iv = hkdfExpandLabel(params.hash, serverTrafficSecret, 'iv', 12);
  const inner = Buffer.from([FATAL, description, 21]);
  const header = Buffer.from([23, 3, 3, 0, inner.length + 16]);
  const cipher =
    params.cipher === 'chacha20-poly1305'
      ? createCipheriv(params.cipher, key, iv, { authTagLength: 16 })
      : createCipheriv(params.cipher, key, iv, { authTagLength: 16 });
  cipher.setAAD(header);
  return Buffer.concat([header, cipher.update(inner), cipher.final(), cipher.getAuthTag()]);
}
