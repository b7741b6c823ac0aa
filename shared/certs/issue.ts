// What the issuing forms (and `keyhole cert ca|issue|batch`) ask for. Secrets that travel with a
// request (a key passphrase the user typed) go from the front to core only, never back.
import { z } from 'zod';

/** Key types the workbench issues. Ed25519 is accepted by OpenSSL-based brokers (mosquitto, NanoMQ) but not by every TLS stack. */
export const KeyAlgorithm = z.enum(['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384', 'ed25519']);
export type KeyAlgorithm = z.infer<typeof KeyAlgorithm>;

/** RFC 5280 upper bounds (Appendix A.1, ub-common-name and friends). */
const attribute = (max: number) => z.string().min(1).max(max);

/** Subject fields, most general first as they are encoded (C, ST, L, O, OU, CN). */
export const SubjectFields = z.object({
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter country code')
    .optional(),
  state: attribute(128).optional(),
  locality: attribute(128).optional(),
  organization: attribute(64).optional(),
  organizationalUnit: attribute(64).optional(),
  commonName: attribute(64),
});
export type SubjectFields = z.infer<typeof SubjectFields>;

/** A validity window; either bound may lie in the past or the future (to test expired and not-yet-valid certificates). */
export const ValidityWindow = z
  .object({ notBefore: z.iso.datetime({ offset: true }), notAfter: z.iso.datetime({ offset: true }) })
  .refine((v) => Date.parse(v.notBefore) < Date.parse(v.notAfter), 'notBefore must be earlier than notAfter');
export type ValidityWindow = z.infer<typeof ValidityWindow>;

export const CertificateProfile = z.enum(['ca', 'intermediate', 'server', 'client']);
export type CertificateProfile = z.infer<typeof CertificateProfile>;

/** One certificate to issue (or a self-signed CA to create). */
export const IssueRequest = z.object({
  profile: CertificateProfile,
  subject: SubjectFields,
  key: KeyAlgorithm,
  validity: ValidityWindow,
  /** DNS names for the subjectAltName (brokers: the names clients dial). */
  dnsNames: z.array(z.string().min(1).max(253)).max(10_000).default([]),
  /** IPv4/IPv6 addresses for the subjectAltName. */
  ipAddresses: z.array(z.string().min(2).max(45)).max(1000).default([]),
  /** CA and intermediate: how many intermediates may follow (null: no limit). */
  pathLength: z.number().int().min(0).max(16).nullable().default(null),
  /** URLs written into the CRL distribution points extension. */
  crlUrls: z.array(z.url()).max(8).default([]),
});
export type IssueRequest = z.input<typeof IssueRequest>;

/** RFC 5280 §5.3.1 reason codes a user may give when revoking. */
export const RevocationReason = z.enum([
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
]);
export type RevocationReason = z.infer<typeof RevocationReason>;

/** One certificate a CA issued: what the store keeps to revoke it or show it later (no key material). */
export const IssuedRecord = z.object({
  /** Upper-case hex, as Node and OpenSSL print it. */
  serialNumber: z.string().regex(/^[0-9A-F]+$/),
  commonName: z.string(),
  profile: CertificateProfile,
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprint256: z.string(),
  issuedAt: z.string(),
  revoked: z.object({ at: z.string(), reason: RevocationReason }).optional(),
});
export type IssuedRecord = z.infer<typeof IssuedRecord>;

/** A CA and everything it issued: the state `issue` and `revoke` need between runs. */
export const CaRecord = z.object({
  version: z.literal(1),
  commonName: z.string(),
  subject: z.string(),
  serialNumber: z.string(),
  fingerprint256: z.string(),
  keyAlgorithm: KeyAlgorithm,
  notBefore: z.string(),
  notAfter: z.string(),
  /** Whether its private key is stored encrypted (a passphrase is needed to issue or revoke). */
  keyEncrypted: z.boolean(),
  /** The CRL number of the last CRL made (RFC 5280 §5.2.3: monotonically increasing). */
  crlNumber: z.number().int().min(0),
  issued: z.array(IssuedRecord),
});
export type CaRecord = z.infer<typeof CaRecord>;
