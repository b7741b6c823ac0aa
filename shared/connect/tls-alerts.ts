/** TLS alert descriptions, RFC 8446 §6 (and RFC 5246 §7.2 for the ones TLS 1.3 dropped). */
export const TLS_ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  40: 'handshake_failure',
  41: 'no_certificate',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

const BY_NAME = new Map(Object.entries(TLS_ALERTS).map(([n, name]) => [name, Number(n)]));

/** The alert's name, or `alert_N` for a number outside the registry. */
export const tlsAlertName = (n: number): string => TLS_ALERTS[n] ?? `alert_${n}`;

/** The alert number for a name such as `unknown_ca`. */
export const tlsAlertNumber = (name: string): number | undefined => BY_NAME.get(name);
