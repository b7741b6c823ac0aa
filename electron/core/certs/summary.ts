// One CertSummary shape for every certificate the app shows: CA files, our client chain and the
// broker's chain. Never key material.
import { Buffer } from 'node:buffer';
import type { X509Certificate } from 'node:crypto';
import type { CertSummary } from '../../../shared/connect/report';
import { derivedCache } from './derived-cache';

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_ANY = '2.5.29.37.0';

/** RFC 5280 §4.2.1.12 purposes by OID, in the short names OpenSSL uses. */
export const EKU_NAMES: Record<string, string> = {
  [EKU_SERVER_AUTH]: 'serverAuth',
  [EKU_CLIENT_AUTH]: 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  [EKU_ANY]: 'anyExtendedKeyUsage',
};

const CURVE_NAMES: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

/** Summarises a certificate for reports and the UI; `source` is the file it came from, if any. */
export function summarizeCertificate(cert: X509Certificate, source?: string): CertSummary {
  // A copy of the cached one: reports and the UI may hold and extend theirs.
  const summary = structuredClone(summaries.through(cert.fingerprint256, () => summaryOf(cert)));
  if (source !== undefined) summary.source = source;
  return summary;
}

/** Summaries by the certificate's SHA-256 (without a source, which differs by file). */
const summaries = derivedCache<CertSummary>('certificate-summaries');
/** Signature checks by the SHA-256 of the certificate (and of its issuer). */
const selfSigned = derivedCache<boolean>('self-signed');
const issued = derivedCache<boolean>('issued-by');

function summaryOf(cert: X509Certificate): CertSummary {
  return {
    subject: distinguishedName(cert.subject),
    commonName: commonName(cert.subject),
    subjectAltNames: subjectAltNames(cert.subjectAltName),
    issuer: distinguishedName(cert.issuer),
    issuerCommonName: commonName(cert.issuer),
    validFrom: isoDate(cert.validFrom),
    validTo: isoDate(cert.validTo),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    keyType: keyType(cert),
    isCA: cert.ca,
    selfSigned: isSelfSigned(cert),
    extKeyUsage: (cert.keyUsage ?? []).map((oid) => EKU_NAMES[oid] ?? oid),
  };
}

/** Node prints names one attribute per line, RFC 2253-escaped (`CN=a\,b`). */
function distinguishedName(multiline: string): string {
  return multiline.split('\n').filter(Boolean).join(', ');
}

/** The most specific (last) CN, unescaped; null when the name has none. */
export function commonName(multiline: string): string | null {
  const line = multiline
    .split('\n')
    .filter((l) => l.startsWith('CN='))
    .at(-1);
  return line === undefined ? null : unescapeRfc2253(line.slice(3));
}

function unescapeRfc2253(value: string): string {
  const bytes: number[] = [];
  const out: string[] = [];
  const flush = () => {
    if (bytes.length) out.push(Buffer.from(bytes.splice(0)).toString('utf8'));
  };
  // `\XX` are escaped bytes (control characters); `\c` is an escaped special character.
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? '';
    const hex = value.slice(i + 1, i + 3);
    if (ch === '\\' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    flush();
    if (ch === '\\' && i + 1 < value.length) {
      out.push(value[i + 1] ?? '');
      i += 1;
    } else out.push(ch);
  }
  flush();
  return out.join('');
}

/**
 * Node prints SANs as `DNS:a, IP Address:127.0.0.1, …`, JSON-quoting values that contain a
 * separator. We shorten `IP Address:` to `IP:` and write IPv6 addresses in RFC 5952 form.
 */
export function subjectAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const names: string[] = [];
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    const type = text.slice(i, colon);
    let value: string;
    let next: number;
    if (text[colon + 1] === '"') {
      const close = findJsonStringEnd(text, colon + 1);
      try {
        value = JSON.parse(text.slice(colon + 1, close + 1)) as string;
      } catch {
        value = text.slice(colon + 2, close);
      }
      next = text.indexOf(', ', close);
    } else {
      next = text.indexOf(', ', colon);
      value = text.slice(colon + 1, next < 0 ? undefined : next);
    }
    if (type === 'IP Address') names.push(`IP:${value.includes(':') ? compressIpv6(value) : value}`);
    else names.push(`${type}:${value}`);
    if (next < 0) break;
    i = next + 2;
  }
  return names;
}

function findJsonStringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function compressIpv6(address: string): string {
  const groups = address.split(':').map((g) => g.replace(/^0+(?=.)/, '').toLowerCase());
  if (groups.length !== 8) return address.toLowerCase();
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** "RSA 2048", "EC P-256", "Ed25519": what a user compares against a broker's requirements. */
export function keyType(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `RSA ${details.modulusLength ?? '?'}`;
    case 'rsa-pss':
      return `RSA-PSS ${details.modulusLength ?? '?'}`;
    case 'dsa':
      return `DSA ${details.modulusLength ?? '?'}`;
    case 'ec': {
      const curve = details.namedCurve ?? '?';
      return `EC ${CURVE_NAMES[curve] ?? curve}`;
    }
    case 'ed25519':
      return 'Ed25519';
    case 'ed448':
      return 'Ed448';
    default:
      return key.asymmetricKeyType ?? 'unknown';
  }
}

/**
 * Subject equals issuer and the signature verifies with its own key. Not `checkIssued(cert)`:
 * OpenSSL's issuer check also wants keyCertSign, which a self-signed leaf usually lacks.
 */
export function isSelfSigned(cert: X509Certificate): boolean {
  return selfSigned.through(cert.fingerprint256, () => {
    try {
      return cert.subject === cert.issuer && cert.verify(cert.publicKey);
    } catch {
      return false;
    }
  });
}

/** `issuer` issued `cert`: names and key identifiers match and the signature verifies. */
export function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return issued.through(`${cert.fingerprint256}/${issuer.fingerprint256}`, () => {
    try {
      return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
    } catch {
      // verify() throws for key types it cannot use (e.g. a DH key); such a cert is not the issuer.
      return false;
    }
  });
}
