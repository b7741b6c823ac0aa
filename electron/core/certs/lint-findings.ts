/**
 * The certificate lint as a connection attempt reports it: preflight and the probe run the same
 * lint as the workbench and the profile cards, and this table says which report finding each
 * lint code becomes for our chain and for the broker's. Codes missing from a table say nothing
 * about an attempt (they stop preflight on their own, such as an unreadable file, or need a
 * setting an attempt does not have, such as a validity bound).
 */
import type { LintCode, LintFinding } from '../../../shared/certs/lint';
import type { Finding, FindingCode } from '../../../shared/connect/report';

const CLIENT: Readonly<Partial<Record<LintCode, FindingCode>>> = {
  'cert-expired': 'client-cert-expired-locally',
  'cert-not-yet-valid': 'client-cert-not-yet-valid-locally',
  'cert-expires-soon': 'client-cert-expiring-soon',
  'eku-no-client-auth': 'client-cert-no-client-auth-eku',
  'key-usage-no-signature': 'client-cert-key-usage',
  'key-weak': 'client-cert-weak-key',
  'signature-sha1': 'client-cert-weak-signature',
  // The CA files of a profile are the broker's trust anchors: a client certificate from another
  // CA is the normal layout with a separate client CA, so this is a note here (an error in the
  // workbench, where the CA given is the client's own).
  'chain-not-to-ca': 'client-cert-not-from-ca',
  'chain-out-of-order': 'client-chain-reordered',
  'ca-not-a-ca': 'client-chain-ca-unfit',
  'ca-no-cert-sign': 'client-chain-ca-unfit',
  'path-length-exceeded': 'client-chain-ca-unfit',
  'ca-expired': 'client-chain-ca-unfit',
  'ca-not-yet-valid': 'client-chain-ca-unfit',
  'leaf-is-ca': 'client-cert-is-ca',
  'aki-missing': 'cert-aki-missing',
  'key-ed25519': 'cert-ed25519',
};

const SERVER: Readonly<Partial<Record<LintCode, FindingCode>>> = {
  'cert-expires-soon': 'server-cert-expiring-soon',
  'key-weak': 'server-cert-weak-key',
  'signature-sha1': 'server-cert-weak-signature',
};

/** The CA files loaded for the broker, linted on their own. */
const CA_FILES: Readonly<Partial<Record<LintCode, FindingCode>>> = { 'ca-not-a-ca': 'ca-not-a-ca' };

export type LintedChain = 'client' | 'server' | 'ca-files';

const TABLES: Readonly<Record<LintedChain, Readonly<Partial<Record<LintCode, FindingCode>>>>> = {
  client: CLIENT,
  server: SERVER,
  'ca-files': CA_FILES,
};

/** What a lint sentence leaves unsaid where the CA files are the broker's trust anchors, not the client's. */
const CLIENT_CONTEXT: Readonly<Partial<Record<LintCode, string>>> = {
  'chain-not-to-ca': "The CA files here are for the broker's certificate: this is normal when the broker trusts a separate client CA.",
};

/** Report findings for the lint findings of one chain; `where` names what was linted, first in each message. */
export function reportFindingsOf(findings: readonly LintFinding[], chain: LintedChain, where: string): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const code = TABLES[chain][f.code];
    const context = chain === 'client' ? CLIENT_CONTEXT[f.code] : undefined;
    if (code) out.push({ code, message: `${where}: ${f.message}${context ? ` ${context}` : ''}` });
  }
  return out;
}

/** Whether the lint found `code`. */
export const hasLint = (findings: readonly LintFinding[], code: LintCode): boolean => findings.some((f) => f.code === code);
