// Who a client certificate says it is: its CN (the identity the auth source looks up) and its
// subject DN as an RFC 4514 string (the `%d` placeholder), read from the parsed name so that a CN
// holding spaces, commas or line breaks arrives exactly as issued.
import type { X509Certificate } from 'node:crypto';
import { asn1Bytes, x509 } from '../certs/x509';

export interface CertIdentity {
  /** The most specific CN, as encoded; null when the subject has none. */
  commonName: string | null;
  /** RFC 4514: most specific RDN first, `CN=device-001,O=Keyhole Lab`. */
  subject: string;
  issuer: string;
  serialNumber: string;
}

/** RFC 4514 §2.4 escaping, plus hex escapes for control characters so a DN stays one line. */
export function escapeDnValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if ('"+,;<>\\'.includes(ch)) out += `\\${ch}`;
    else if ((i === 0 && (ch === ' ' || ch === '#')) || (i === value.length - 1 && ch === ' ')) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

type JsonName = ReturnType<x509.Name['toJSON']>;

/** An encoded name (most general RDN first) as an RFC 4514 string (most specific first). */
export function rfc4514(name: JsonName): string {
  return [...name]
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) => values.map((v) => `${type}=${escapeDnValue(v)}`))
        .join('+'),
    )
    .join(',');
}

/** The identity of a client certificate. */
export function certIdentity(certificate: X509Certificate): CertIdentity {
  const parsed = new x509.X509Certificate(asn1Bytes(certificate.raw));
  const subject = parsed.subjectName.toJSON();
  const cns = subject.flatMap((rdn) => rdn.CN ?? []);
  return {
    commonName: cns.at(-1) ?? null,
    subject: rfc4514(subject),
    issuer: rfc4514(parsed.issuerName.toJSON()),
    serialNumber: certificate.serialNumber.toUpperCase(),
  };
}
