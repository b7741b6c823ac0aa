// Findings of the identity lint: a client (or broker) certificate, its key and the CA checked
// together before anything goes on the wire. The same codes show in the CLI, the profile editor
// and (later) the preflight part of a report.
import { z } from 'zod';
import { FindingCounts, FindingLevel } from './findings';

/** Stable lint codes; each has one level, given by the lint table in core. */
export const LintCode = z.enum([
  // the material itself
  'ca-unreadable',
  'cert-unreadable',
  'key-unreadable',
  'key-passphrase-missing',
  'key-passphrase-wrong',
  'key-cert-mismatch',
  // the chain
  'chain-not-to-ca',
  'chain-out-of-order',
  'ca-not-a-ca',
  'ca-no-cert-sign',
  'path-length-exceeded',
  'leaf-is-ca',
  // dates
  'cert-expired',
  'cert-not-yet-valid',
  'cert-expires-soon',
  'ca-expired',
  'ca-not-yet-valid',
  'validity-too-long',
  // purpose
  'eku-no-client-auth',
  'eku-no-server-auth',
  'key-usage-no-signature',
  // the broker host (broker certificates)
  'san-host-mismatch',
  'san-missing',
  'host-not-checked',
  // cryptography
  'key-weak',
  'signature-sha1',
  'aki-missing',
  'key-ed25519',
]);
export type LintCode = z.infer<typeof LintCode>;

export const LintFinding = z.object({
  code: LintCode,
  level: FindingLevel,
  message: z.string(),
  /** The certificate or file it is about ("device-1", "ca.pem"), when one. */
  subject: z.string().optional(),
});
export type LintFinding = z.infer<typeof LintFinding>;

/** Whose certificate is linted: a client's (clientAuth, chain to the CA the broker trusts) or a broker's (serverAuth, SAN covers the host). */
export const LintRole = z.enum(['client', 'server']);
export type LintRole = z.infer<typeof LintRole>;

export const LintReport = z.object({
  role: LintRole,
  /** The leaf's CN, when one was read. */
  commonName: z.string().nullable(),
  findings: z.array(LintFinding),
  counts: FindingCounts,
});
export type LintReport = z.infer<typeof LintReport>;

/** Options the user states (the CLI's flags, the editor's settings). */
export const LintOptions = z.object({
  role: LintRole.default('client'),
  /** The host a profile dials: checked against a broker certificate's SANs. */
  host: z.string().max(253).optional(),
  /** Warn when a leaf is valid for longer than this many days. */
  maxValidityDays: z.number().int().positive().optional(),
  /** Warn when a certificate expires within this many days (default 30). */
  expiresSoonDays: z.number().int().min(0).default(30),
});
export type LintOptions = z.input<typeof LintOptions>;
