// What the certificate inspector says about one input (a file, a drop or pasted text). Plain
// JSON, never key material: a private key is described by its type, size and whether it matches
// a certificate, never by its bytes.
import { z } from 'zod';
import { FindingLevel } from './findings';

/** One attribute of a distinguished name, in the order of the encoding (RFC 5280 §4.1.2.4). */
export const NameAttribute = z.object({
  /** Short name where one exists (CN, O, OU, C, L, ST, emailAddress …), else the OID. */
  type: z.string(),
  value: z.string(),
});
export type NameAttribute = z.infer<typeof NameAttribute>;

export const DistinguishedName = z.object({
  /** One line, as OpenSSL prints it with `-nameopt RFC2253` but most-general first: `C=DE, O=Acme, CN=device-1`. */
  text: z.string(),
  attributes: z.array(NameAttribute),
  /** The most specific CN, the identity brokers map to a user; null when the name has none. */
  commonName: z.string().nullable(),
});
export type DistinguishedName = z.infer<typeof DistinguishedName>;

export const KeyKind = z.enum(['rsa', 'rsa-pss', 'ec', 'ed25519', 'ed448', 'dsa', 'other']);
export type KeyKind = z.infer<typeof KeyKind>;

/** A public key as users compare it: "EC P-256", "RSA 2048". */
export const PublicKeyInfo = z.object({
  kind: KeyKind,
  /** "RSA 2048", "EC P-256", "Ed25519". */
  label: z.string(),
  bits: z.number().int().nullable(),
  curve: z.string().nullable(),
  /** SHA-256 of the DER SubjectPublicKeyInfo (colon hex): equal values mean key and certificate belong together. */
  fingerprint256: z.string(),
});
export type PublicKeyInfo = z.infer<typeof PublicKeyInfo>;

export const ValidityStatus = z.enum(['valid', 'expired', 'not-yet-valid']);
export type ValidityStatus = z.infer<typeof ValidityStatus>;

export const BasicConstraints = z.object({
  ca: z.boolean(),
  /** null: no limit. */
  pathLength: z.number().int().nullable(),
  critical: z.boolean(),
});
export type BasicConstraints = z.infer<typeof BasicConstraints>;

export const CertificateDetails = z.object({
  kind: z.literal('certificate'),
  subject: DistinguishedName,
  issuer: DistinguishedName,
  /** Upper-case hex, as OpenSSL and Node print it. */
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  status: ValidityStatus,
  /** Whole days until notAfter (negative once expired). */
  daysLeft: z.number().int(),
  publicKey: PublicKeyInfo,
  /** "sha256WithRSAEncryption", "ecdsa-with-SHA256", "ED25519" … (OpenSSL's names). */
  signatureAlgorithm: z.string(),
  /** `DNS:name`, `IP:address`, `email:…`, `URI:…`. */
  subjectAltNames: z.array(z.string()),
  /** RFC 5280 §4.2.1.3 names: digitalSignature, keyEncipherment, keyCertSign … */
  keyUsage: z.array(z.string()),
  /** serverAuth, clientAuth … or the OID. */
  extKeyUsage: z.array(z.string()),
  basicConstraints: BasicConstraints.nullable(),
  /** Colon hex. */
  subjectKeyIdentifier: z.string().nullable(),
  authorityKeyIdentifier: z.string().nullable(),
  crlDistributionPoints: z.array(z.string()),
  fingerprintSha1: z.string(),
  fingerprintSha256: z.string(),
  selfSigned: z.boolean(),
});
export type CertificateDetails = z.infer<typeof CertificateDetails>;

/** A certificate among the inputs that a private key belongs to. */
export const KeyMatch = z.object({
  source: z.string(),
  /** Index of the certificate among that input's items. */
  item: z.number().int(),
  commonName: z.string().nullable(),
  fingerprintSha256: z.string(),
});
export type KeyMatch = z.infer<typeof KeyMatch>;

export const PrivateKeyDetails = z.object({
  kind: z.literal('private-key'),
  /** "PKCS#8", "encrypted PKCS#8", "PKCS#1", "SEC1", "legacy encrypted PKCS#1" … */
  format: z.string(),
  encrypted: z.boolean(),
  /** False when encrypted and no (or a wrong) passphrase was given: then type and size are unknown. */
  unlocked: z.boolean(),
  publicKey: PublicKeyInfo.nullable(),
  /** Certificates among all inputs whose public key is this key's. */
  matches: z.array(KeyMatch),
});
export type PrivateKeyDetails = z.infer<typeof PrivateKeyDetails>;

export const PublicKeyDetails = z.object({ kind: z.literal('public-key'), publicKey: PublicKeyInfo });
export type PublicKeyDetails = z.infer<typeof PublicKeyDetails>;

export const CsrDetails = z.object({
  kind: z.literal('csr'),
  subject: DistinguishedName,
  publicKey: PublicKeyInfo,
  signatureAlgorithm: z.string(),
  subjectAltNames: z.array(z.string()),
  keyUsage: z.array(z.string()),
  extKeyUsage: z.array(z.string()),
  /** The request is signed by the key it carries (proof of possession, RFC 2986 §3). */
  signatureValid: z.boolean(),
});
export type CsrDetails = z.infer<typeof CsrDetails>;

export const RevokedEntry = z.object({
  serialNumber: z.string(),
  revokedAt: z.string(),
  /** RFC 5280 §5.3.1 reason name, when the entry gives one. */
  reason: z.string().nullable(),
});
export type RevokedEntry = z.infer<typeof RevokedEntry>;

export const CrlDetails = z.object({
  kind: z.literal('crl'),
  issuer: DistinguishedName,
  thisUpdate: z.string(),
  nextUpdate: z.string().nullable(),
  /** `stale`: nextUpdate has passed (OpenSSL then fails with "CRL has expired"). */
  status: z.enum(['current', 'stale', 'not-yet-valid']),
  crlNumber: z.string().nullable(),
  signatureAlgorithm: z.string(),
  authorityKeyIdentifier: z.string().nullable(),
  revoked: z.array(RevokedEntry),
  /** The certificate among the inputs whose key verifies the CRL's signature, if any. */
  verifiedBy: KeyMatch.nullable(),
});
export type CrlDetails = z.infer<typeof CrlDetails>;

export const Pkcs12Details = z.object({
  kind: z.literal('pkcs12'),
  /** Opened with the given password (or with none, when it needs none). */
  unlocked: z.boolean(),
  /** e.g. "HMAC-SHA256, 2048 iterations". */
  mac: z.string().nullable(),
  /** How each part is protected: "PBES2 (PBKDF2, AES-256-CBC)", "pbeWithSHA1And40BitRC2-CBC", "none". */
  encryption: z.array(z.string()),
  /** Uses an algorithm OpenSSL 3 reads only with its legacy provider (RC2, RC4, DES). */
  legacy: z.boolean(),
  certificateCount: z.number().int().nullable(),
  hasKey: z.boolean().nullable(),
});
export type Pkcs12Details = z.infer<typeof Pkcs12Details>;

export const InspectedItem = z.discriminatedUnion('kind', [
  CertificateDetails,
  PrivateKeyDetails,
  PublicKeyDetails,
  CsrDetails,
  CrlDetails,
  Pkcs12Details,
]);
export type InspectedItem = z.infer<typeof InspectedItem>;

/** Stable codes of what the inspector found; UI and CLI key on these, never on the text. */
export const InspectCode = z.enum([
  // the bytes
  'empty',
  'too-large',
  'not-recognised',
  'pem-truncated',
  'pem-bad-base64',
  'pem-empty-block',
  'pem-unknown-label',
  'pem-label-mismatch',
  'pem-unsupported',
  'der-truncated',
  'der-trailing-bytes',
  // certificates and chains
  'cert-invalid',
  'cert-expired',
  'cert-not-yet-valid',
  'cert-expires-soon',
  'chain-out-of-order',
  'chain-broken',
  'chain-unanchored',
  // keys
  'key-invalid',
  'key-passphrase-needed',
  'key-passphrase-wrong',
  'key-matches-no-certificate',
  'public-key-only',
  // requests, CRLs, bundles
  'csr-invalid',
  'csr-signature-invalid',
  'crl-invalid',
  'crl-stale',
  'crl-signature-invalid',
  'pkcs12-invalid',
  'pkcs12-password-needed',
  'pkcs12-password-wrong',
  'pkcs12-legacy',
]);
export type InspectCode = z.infer<typeof InspectCode>;

export const InspectFinding = z.object({
  code: InspectCode,
  level: FindingLevel,
  message: z.string(),
  /** The item it is about, when it is about one. */
  item: z.number().int().optional(),
});
export type InspectFinding = z.infer<typeof InspectFinding>;

/** How the items of one input relate: a chain leaf first, reversed, or in no order. */
export const ChainAnalysis = z.object({
  order: z.enum(['leaf-first', 'root-first', 'unordered']),
  /** Each certificate and the next one in the file: does the next one's key verify it? */
  links: z.array(z.object({ child: z.number().int(), parent: z.number().int(), verifies: z.boolean() })),
  /** Item indices leaf first, when the certificates form one chain in another order. */
  suggestedOrder: z.array(z.number().int()).nullable(),
  /** A certificate from another input that issued the top of the chain (e.g. the CA file). */
  anchor: KeyMatch.nullable(),
});
export type ChainAnalysis = z.infer<typeof ChainAnalysis>;

export const InputKind = z.enum([
  'certificate',
  'chain',
  'bundle',
  'private-key',
  'public-key',
  'csr',
  'crl',
  'pkcs12',
  'mixed',
  'unreadable',
]);
export type InputKind = z.infer<typeof InputKind>;

export const InspectedInput = z.object({
  name: z.string(),
  size: z.number().int(),
  encoding: z.enum(['pem', 'der', 'unknown']),
  kind: InputKind,
  /** One line: "certificate CN=device-1 (EC P-256), valid 364 more days". */
  summary: z.string(),
  items: z.array(InspectedItem),
  chain: ChainAnalysis.nullable(),
  findings: z.array(InspectFinding),
});
export type InspectedInput = z.infer<typeof InspectedInput>;
