// Every field of a certificate a user compares against a broker's requirements, read with Node's
// X509Certificate (names, dates, fingerprints, keys) and @peculiar/x509 (the extensions Node
// does not decode: key usage, basic constraints, key identifiers, CRL distribution points).
import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { Certificate } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { CertificateDetails, DistinguishedName, KeyKind, NameAttribute, PublicKeyInfo } from '../../../shared/certs/inspect';
import { derivedCache } from './derived-cache';
import { EKU_NAMES, commonName, isSelfSigned, subjectAltNames } from './summary';
import { asn1Bytes, x509 } from './x509';

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

/** RFC 5280 §4.2.1.3 bit names, in bit order. */
const KEY_USAGE_NAMES: [number, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

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

/** A name attribute by attribute, from @peculiar's reading of the encoded name. */
export function distinguishedName(name: x509.Name): DistinguishedName {
  const attributes: NameAttribute[] = name
    .toJSON()
    .flatMap((rdn) =>
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

/** What a certificate's bytes alone decide, by their SHA-256 (decoding the extensions costs milliseconds). */
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

/** What Node does not decode. A certificate Node reads but @peculiar cannot still gets its names from Node. */
function extensionFields(cert: X509Certificate): ExtensionFields {
  try {
    const parsed = new x509.X509Certificate(asn1Bytes(cert.raw));
    const asn = AsnConvert.parse(cert.raw, Certificate);
    const ku = parsed.getExtension(x509.KeyUsagesExtension);
    const bc = parsed.getExtension(x509.BasicConstraintsExtension);
    const ski = parsed.getExtension(x509.SubjectKeyIdentifierExtension);
    const aki = parsed.getExtension(x509.AuthorityKeyIdentifierExtension);
    const cdp = parsed.getExtension(x509.CRLDistributionPointsExtension);
    return {
      subject: distinguishedName(parsed.subjectName),
      issuer: distinguishedName(parsed.issuerName),
      signatureAlgorithm: signatureName(asn.signatureAlgorithm.algorithm),
      keyUsage: ku ? KEY_USAGE_NAMES.filter(([flag]) => (ku.usages & flag) !== 0).map(([, name]) => name) : [],
      basicConstraints: bc ? { ca: bc.ca, pathLength: bc.pathLength ?? null, critical: bc.critical } : null,
      subjectKeyIdentifier: ski ? colonHex(ski.keyId) : null,
      authorityKeyIdentifier: aki?.keyId ? colonHex(aki.keyId) : null,
      crlDistributionPoints: cdp ? distributionUrls(cdp) : [],
    };
  } catch {
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
}

function distributionUrls(cdp: x509.CRLDistributionPointsExtension): string[] {
  return cdp.distributionPoints.flatMap((point) =>
    (point.distributionPoint?.fullName ?? []).map((name) => name.uniformResourceIdentifier ?? name.dNSName ?? '(non-URI name)'),
  );
}
