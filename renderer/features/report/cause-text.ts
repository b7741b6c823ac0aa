import type { Cause, Phase, Verdict } from '../../../shared/connect/report';
import { CAUSE_INFO, isLocalCause, type LocalCause } from '../../../shared/connect/cause-catalog';
import { i18n } from '../../i18n/i18n';
import type { Language } from '../../i18n/languages';

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
  // What the catalogue places in preflight stopped before any traffic: only the evidence says why.
  if (isLocalCause(cause)) return { panels: ['evidence'], networkTouched: false };
  return { panels: panelsOf(cause), networkTouched: true };
}

function panelsOf(cause: Exclude<Cause, LocalCause>): readonly ReportPanel[] {
  switch (cause) {
    case 'dns-not-found':
    case 'tcp-refused':
    case 'tcp-unreachable':
    case 'tcp-timeout':
      return ['evidence'];
    case 'server-cert-untrusted':
    case 'server-cert-self-signed':
    case 'server-cert-hostname-mismatch':
    case 'server-cert-expired':
    case 'server-cert-not-yet-valid':
      return ['chain', 'tls'];
    case 'tls-not-spoken':
    case 'tls-protocol-mismatch':
    case 'tls-alpn-rejected':
    case 'tls-handshake-failed':
    case 'tls-timeout':
      return ['tls', 'evidence'];
    case 'client-cert-required':
    case 'client-cert-unknown-ca':
    case 'client-cert-expired':
    case 'client-cert-bad':
    case 'client-cert-revoked':
    case 'client-cert-rejected':
      return ['sent', 'evidence'];
    case 'connack-not-authorized':
    case 'connack-bad-credentials':
    case 'connack-client-id-rejected':
    case 'connack-protocol-unsupported':
    case 'connack-server-unavailable':
    case 'connack-refused-other':
    case 'closed-before-connack':
    case 'connack-timeout':
    case 'not-mqtt':
      return ['connack', 'sent'];
    case 'tls-required':
      return ['evidence', 'sent'];
    case 'websocket-not-found':
    case 'websocket-unauthorized':
    case 'websocket-forbidden':
    case 'websocket-refused':
    case 'websocket-not-spoken':
    case 'websocket-subprotocol-refused':
    case 'websocket-timeout':
      return ['evidence', 'sent'];
    case 'access-subscribe-denied':
    case 'access-publish-denied':
    case 'access-no-echo':
    case 'access-timeout':
      return ['access', 'sent'];
    case 'aborted':
    case 'internal-error':
      return ['evidence'];
    case 'ok':
    case 'ok-server-unverified':
      return ['chain', 'sent', 'connack'];
    default:
      return assertNever(cause);
  }
}

export interface VerdictStyle {
  /** In the interface language. */
  label: string;
  /** Mantine colour name. */
  color: 'green' | 'yellow' | 'red' | 'gray';
}

/** Banner colour and label per verdict (green accepted, amber warnings, red rejected, grey failed). */
export function verdictStyle(verdict: Verdict): VerdictStyle {
  const label = verdictLabel(verdict);
  switch (verdict) {
    case 'accepted':
      return { label, color: 'green' };
    case 'accepted-with-warnings':
      return { label, color: 'yellow' };
    case 'rejected':
      return { label, color: 'red' };
    case 'failed':
      return { label, color: 'gray' };
    default:
      return assertNever(verdict);
  }
}

/** A verdict in words, in the interface language or in `lng` (an export is written in English). */
export const verdictLabel = (verdict: Verdict, lng: Language | null = null): string => i18n.getFixedT(lng, 'report')(`verdicts.${verdict}`);

/** Human name of a phase, in the interface language or in `lng` (an export is written in English). */
export const phaseLabel = (phase: Phase, lng: Language | null = null): string => i18n.getFixedT(lng, 'report')(`phases.${phase}`);

export function assertNever(value: never): never {
  throw new Error(`unhandled value: ${String(value)}`);
}
