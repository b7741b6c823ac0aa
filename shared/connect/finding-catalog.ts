import type { Finding, FindingCode } from './report';

/**
 * What an attempt finds beside its verdict comes in two kinds (DESIGN §4):
 *
 * - A **warning** makes a success doubtful or less safe: the broker was not (fully) verified,
 *   our certificate is out of date by our clock or about to expire, the crypto is legacy or
 *   weak, a password travels in clear or sits on a command line, TLS material was given but not
 *   used. Only warnings turn `accepted` into `accepted-with-warnings`.
 * - A **note** is a fact worth showing that changes no verdict: where the client certificate
 *   comes from (a separate client CA is normal), what a bundle carried, which address was used,
 *   what was rearranged for the handshake, and what the attempt did not check.
 *
 * The test for a new finding: would a careful user treat this *successful* connection
 * differently because of it? Yes: a warning. No, but it helps to read the report: a note. A
 * warning on every good connection teaches users to ignore warnings.
 */
export type FindingKind = 'warning' | 'note';

export interface FindingInfo {
  kind: FindingKind;
  /** A few words for lists and tables. */
  title: string;
}

/** Every finding code with its kind; the one place that decides warning or note. */
export const FINDING_INFO: Readonly<Record<FindingCode, FindingInfo>> = {
  'verification-off': { kind: 'warning', title: "Broker's certificate not verified" },
  'verification-chain-only': { kind: 'warning', title: "Broker's host name not checked" },
  'hostname-mismatch-ignored': { kind: 'warning', title: "Broker's certificate names another host" },
  'verification-would-fail': { kind: 'warning', title: 'Full verification would fail' },
  'server-cert-expiring-soon': { kind: 'warning', title: "Broker's certificate expires soon" },
  'server-cert-weak-key': { kind: 'warning', title: "Broker's certificate has a weak key" },
  'server-cert-weak-signature': { kind: 'warning', title: "Broker's certificate has a weak signature" },
  'client-cert-expired-locally': { kind: 'warning', title: 'Client certificate expired (our clock)' },
  'client-cert-not-yet-valid-locally': { kind: 'warning', title: 'Client certificate not yet valid (our clock)' },
  'client-cert-expiring-soon': { kind: 'warning', title: 'Client certificate expires soon' },
  'client-cert-no-client-auth-eku': { kind: 'warning', title: 'Client certificate not for client authentication' },
  'client-cert-key-usage': { kind: 'warning', title: 'Client certificate key usage does not allow signing' },
  'client-cert-weak-key': { kind: 'warning', title: 'Client certificate has a weak key' },
  'client-cert-weak-signature': { kind: 'warning', title: 'Client certificate has a weak signature' },
  'client-cert-not-from-ca': { kind: 'note', title: 'Client certificate not issued by a loaded CA' },
  'client-cert-not-requested': { kind: 'note', title: 'Broker asked for no client certificate' },
  'client-chain-reordered': { kind: 'note', title: 'Client chain reordered' },
  'client-chain-ca-unfit': { kind: 'warning', title: 'A CA in the client chain cannot issue it' },
  'client-cert-is-ca': { kind: 'warning', title: 'Client certificate is a CA certificate' },
  'ca-not-a-ca': { kind: 'note', title: 'CA file holds a non-CA certificate' },
  'cert-aki-missing': { kind: 'note', title: 'Certificate without authority key identifier' },
  'cert-ed25519': { kind: 'note', title: 'Ed25519 key' },
  'pkcs12-legacy-converted': { kind: 'warning', title: 'PKCS#12 legacy encryption converted' },
  'pkcs12-not-inspected': { kind: 'note', title: 'PKCS#12 contents not inspected' },
  'pkcs12-bundled-ca': { kind: 'note', title: 'CAs carried by the PKCS#12 bundle' },
  'password-in-clear': { kind: 'warning', title: 'Password sent in clear' },
  'password-on-command-line': { kind: 'warning', title: 'Password on the command line' },
  'tls-material-unused': { kind: 'warning', title: 'TLS material not used' },
  'address-used': { kind: 'note', title: 'Address used' },
  'access-not-checked': { kind: 'note', title: 'Access not checked' },
};

/** The kind of a finding code. */
export const findingKind = (code: FindingCode): FindingKind => FINDING_INFO[code].kind;

/** Splits findings by kind, keeping their order and dropping repeats of one code and message. */
export function splitFindings(findings: readonly Finding[]): { warnings: Finding[]; notes: Finding[] } {
  const seen = new Set<string>();
  const warnings: Finding[] = [];
  const notes: Finding[] = [];
  for (const f of findings) {
    const key = `${f.code}\n${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (findingKind(f.code) === 'warning' ? warnings : notes).push(f);
  }
  return { warnings, notes };
}
