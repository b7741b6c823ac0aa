import type { Cause, Phase, Verdict } from '../../../shared/connect/report';
import { CAUSE_INFO } from '../../../shared/connect/cause-catalog';

/** The short title of a cause, from the one catalogue the CLI uses too. */
export const causeTitle = (cause: Cause): string => CAUSE_INFO[cause].title;

/** The report panel that holds the evidence for a cause. */
export type ReportPanel = 'chain' | 'sent' | 'tls' | 'connack' | 'access' | 'evidence';

export interface CauseFocus {
  /** Panels opened first, because they show what went wrong. */
  panels: readonly ReportPanel[];
  /** False when the attempt stopped before any network traffic (preflight). */
  networkTouched: boolean;
}

/**
 * Which panels explain a cause. The switch is exhaustive so a new cause code fails the type
 * check here until the report knows where to point.
 */
export function causeFocus(cause: Cause): CauseFocus {
  switch (cause) {
    case 'ca-invalid':
    case 'cert-invalid':
    case 'key-invalid':
    case 'key-passphrase-missing':
    case 'key-passphrase-wrong':
    case 'key-cert-mismatch':
    case 'pkcs12-invalid':
    case 'pkcs12-password-wrong':
    case 'pkcs12-unsupported-encryption':
    case 'config-invalid':
      return { panels: ['evidence'], networkTouched: false };
    case 'dns-not-found':
    case 'tcp-refused':
    case 'tcp-unreachable':
    case 'tcp-timeout':
      return { panels: ['evidence'], networkTouched: true };
    case 'server-cert-untrusted':
    case 'server-cert-self-signed':
    case 'server-cert-hostname-mismatch':
    case 'server-cert-expired':
    case 'server-cert-not-yet-valid':
      return { panels: ['chain', 'tls'], networkTouched: true };
    case 'tls-not-spoken':
    case 'tls-protocol-mismatch':
    case 'tls-alpn-rejected':
    case 'tls-handshake-failed':
    case 'tls-timeout':
      return { panels: ['tls', 'evidence'], networkTouched: true };
    case 'client-cert-required':
    case 'client-cert-unknown-ca':
    case 'client-cert-expired':
    case 'client-cert-bad':
    case 'client-cert-revoked':
    case 'client-cert-rejected':
      return { panels: ['sent', 'evidence'], networkTouched: true };
    case 'connack-not-authorized':
    case 'connack-bad-credentials':
    case 'connack-client-id-rejected':
    case 'connack-protocol-unsupported':
    case 'connack-server-unavailable':
    case 'connack-refused-other':
    case 'closed-before-connack':
    case 'connack-timeout':
    case 'not-mqtt':
      return { panels: ['connack', 'sent'], networkTouched: true };
    case 'tls-required':
      return { panels: ['evidence', 'sent'], networkTouched: true };
    case 'access-subscribe-denied':
    case 'access-publish-denied':
    case 'access-no-echo':
    case 'access-timeout':
      return { panels: ['access', 'sent'], networkTouched: true };
    case 'aborted':
    case 'internal-error':
      return { panels: ['evidence'], networkTouched: true };
    case 'ok':
    case 'ok-server-unverified':
      return { panels: ['chain', 'sent', 'connack'], networkTouched: true };
    default:
      return assertNever(cause);
  }
}

export interface VerdictStyle {
  label: string;
  /** Mantine colour name. */
  color: 'green' | 'yellow' | 'red' | 'gray';
}

/** Banner colour and label per verdict (green accepted, amber warnings, red rejected, grey failed). */
export function verdictStyle(verdict: Verdict): VerdictStyle {
  switch (verdict) {
    case 'accepted':
      return { label: 'Accepted', color: 'green' };
    case 'accepted-with-warnings':
      return { label: 'Accepted with warnings', color: 'yellow' };
    case 'rejected':
      return { label: 'Rejected', color: 'red' };
    case 'failed':
      return { label: 'Failed', color: 'gray' };
    default:
      return assertNever(verdict);
  }
}

/** Human names of the phases, in the order the progress strip shows them. */
export function phaseLabel(phase: Phase): string {
  switch (phase) {
    case 'preflight':
      return 'Preflight';
    case 'resolve':
      return 'DNS';
    case 'tcp':
      return 'TCP';
    case 'tls':
      return 'TLS';
    case 'client-auth':
      return 'Client cert';
    case 'connack':
      return 'CONNACK';
    case 'access':
      return 'Access';
    case 'done':
      return 'Done';
    default:
      return assertNever(phase);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled value: ${String(value)}`);
}
