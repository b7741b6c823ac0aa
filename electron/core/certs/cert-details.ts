// Every field of a certificate a user compares against a broker's requirements, read with Node's
// X509Certificate (dates, fingerprints, keys, alternative names) and our DER reader (what Node
// does not decode: names attribute by attribute, key usage, basic constraints, key identifiers,
// CRL distribution points). This is on every connection's path: it imports no ASN.1 library.
import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import type { CertificateDetails, DistinguishedName, KeyKind, NameAttribute, PublicKeyInfo } from '../../../shared/certs/inspect';
import { readCertificateFields, type NameEntry } from './der-fields';
import { derivedCache } from './derived-cache';
import { EKU_NAMES, commonName, isSelfSigned, subjectAltNames } from './summary';

const DAY_MS = 86_400_000;

/** Signature algorithms by OID, in OpenSSL's names (what `openssl x509 -text` prints). */
const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
};

/** Weak signature hashes: OpenSSL 3 at security level 1+ refuses them in TLS. */
export const SHA1_SIGNATURES = new Set(['sha1WithRSAEncryption', 'ecdsa-with-SHA1', 'dsa-with-SHA1', 'md5WithRSAEncryption']);

const CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** Colon hex, upper case, as OpenSSL prints fingerprints and key identifiers. */
export function colonHex(bytes: Uint8Array | string): string {
  const hex = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('hex');
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

/** Type, size or curve and SPKI fingerprint of a public (or private) key. */
export function publicKeyInfo(key: KeyObject): PublicKeyInfo {
  const pub = key.type === 'public' ? key : createPublicKey(key);
  const details = pub.asymmetricKeyDetails ?? {};
  const type = pub.asymmetricKeyType ?? 'unknown';
  const fingerprint256 = colonHex(
    createHash('sha256')
      .update(pub.export({ type: 'spki', format: 'der' }))
      .digest(),
  );
  const kind: KeyKind = (['rsa', 'rsa-pss', 'ec', 'ed25519', 'ed448', 'dsa'] as const).find((k) => k === type) ?? 'other';
  const bits = details.modulusLength ?? null;
  const curve = details.namedCurve ? (CURVES[details.namedCurve] ?? details.namedCurve) : null;
  const label =
    kind === 'rsa' || kind === 'rsa-pss' || kind === 'dsa'
      ? `${kind.toUpperCase()} ${bits ?? '?'}`
      : kind === 'ec'
        ? `EC ${curve ?? '?'}`
        : kind === 'ed25519'
          ? 'Ed25519'
          : kind === 'ed448'
            ? 'Ed448'
            : type;
  return { kind, label, bits: kind === 'ec' ? ecBits(curve) : bits, curve, fingerprint256 };
}

function ecBits(curve: string | null): number | null {
  return curve === 'P-256' ? 256 : curve === 'P-384' ? 384 : curve === 'P-521' ? 521 : null;
}

/** A name attribute by attribute, from its RDNs as @peculiar/x509's `Name.toJSON()` and our DER reader give them. */
export function distinguishedName(rdns: readonly NameEntry[]): DistinguishedName {
  const attributes: NameAttribute[] = rdns.flatMap((rdn) =>
    Object.entries(rdn).flatMap(([type, values]) => values.map((value) => ({ type: type === 'E' ? 'emailAddress' : type, value }))),
  );
  const cn = attributes.filter((a) => a.type === 'CN').at(-1);
  return {
    text: attributes.map((a) => `${a.type}=${a.value.replace(/([,+"\\<>;])/g, '\\$1')}`).join(', '),
    attributes,
    commonName: cn ? cn.value : null,
  };
}

/** The OpenSSL name of a signature algorithm OID, or the OID. */
export function signatureName(oid: string): string {
  return SIGNATURE_NAMES[oid] ?? oid;
}

/** Days from `now` to `to`, rounded down (negative once past). */
export function daysUntil(to: Date, now: Date): number {
  return Math.floor((to.getTime() - now.getTime()) / DAY_MS);
}

type TimelessDetails = Omit<CertificateDetails, 'status' | 'daysLeft'>;

/** What a certificate's bytes alone decide, by their SHA-256 (fingerprints, key details, names and extensions). */
const timeless = derivedCache<TimelessDetails>('certificate-details');

/** All the fields of one certificate at time `now`. */
export function certificateDetails(cert: X509Certificate, now: Date): CertificateDetails {
  const fixed = timeless.through(cert.fingerprint256, () => timelessDetails(cert));
  const notAfter = new Date(fixed.notAfter);
  const status = now < new Date(fixed.notBefore) ? 'not-yet-valid' : now > notAfter ? 'expired' : 'valid';
  // A copy: callers own what they are given, the cache keeps its own.
  return { ...structuredClone(fixed), status, daysLeft: daysUntil(notAfter, now) };
}

/** A certificate's standing at `now` as the details give it ("valid/42"): what a lint reads of the clock. */
export function standingAt(cert: X509Certificate, now: Date): string {
  const fixed = timeless.through(cert.fingerprint256, () => timelessDetails(cert));
  const notAfter = new Date(fixed.notAfter);
  const status = now < new Date(fixed.notBefore) ? 'not-yet-valid' : now > notAfter ? 'expired' : 'valid';
  return `${status}/${daysUntil(notAfter, now)}`;
}

function timelessDetails(cert: X509Certificate): TimelessDetails {
  return {
    kind: 'certificate',
    ...extensionFields(cert),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    publicKey: publicKeyInfo(cert.publicKey),
    subjectAltNames: subjectAltNames(cert.subjectAltName),
    extKeyUsage: (cert.keyUsage ?? []).map((oid) => EKU_NAMES[oid] ?? oid),
    fingerprintSha1: cert.fingerprint,
    fingerprintSha256: cert.fingerprint256,
    selfSigned: isSelfSigned(cert),
  };
}

type ExtensionFields = Pick<
  CertificateDetails,
  | 'subject'
  | 'issuer'
  | 'signatureAlgorithm'
  | 'keyUsage'
  | 'basicConstraints'
  | 'subjectKeyIdentifier'
  | 'authorityKeyIdentifier'
  | 'crlDistributionPoints'
>;

/** What Node does not decode. A certificate Node reads but our DER reader cannot still gets its names from Node. */
function extensionFields(cert: X509Certificate): ExtensionFields {
  const fields = readCertificateFields(cert.raw);
  if (!fields) return nodeFields(cert);
  const { basicConstraints: bc, subjectKeyIdentifier: ski, authorityKeyIdentifier: aki } = fields;
  return {
    subject: distinguishedName(fields.subject),
    issuer: distinguishedName(fields.issuer),
    signatureAlgorithm: signatureName(fields.signatureAlgorithm),
    keyUsage: fields.keyUsage ?? [],
    basicConstraints: bc,
    subjectKeyIdentifier: ski === null ? null : colonHex(ski),
    authorityKeyIdentifier: aki === null ? null : colonHex(aki),
    crlDistributionPoints: fields.crlDistributionPoints,
  };
}

function nodeFields(cert: X509Certificate): ExtensionFields {
  const name = (multiline: string) => {
    const attributes = multiline
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ type: line.slice(0, line.indexOf('=')), value: line.slice(line.indexOf('=') + 1) }));
    return { text: attributes.map((a) => `${a.type}=${a.value}`).join(', '), attributes, commonName: commonName(multiline) };
  };
  return {
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    signatureAlgorithm: 'unknown',
    keyUsage: [],
    basicConstraints: cert.ca ? { ca: true, pathLength: null, critical: false } : null,
    subjectKeyIdentifier: null,
    authorityKeyIdentifier: null,
    crlDistributionPoints: [],
  };
}
