import { CAUSE_INFO } from '../../../shared/connect/cause-catalog';
import { PHASES, type CertSummary, type ConnectReport } from '../../../shared/connect/report';

/** Milliseconds as people read them: "0.4 ms", "12 ms", "1.25 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** An ISO date as "2025-01-31 12:00:00 UTC"; invalid input comes back unchanged. */
export function formatDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

export type ValidityState = 'valid' | 'expired' | 'not-yet-valid';

/** Where `now` falls in a certificate's validity window. */
export function validityState(cert: Pick<CertSummary, 'validFrom' | 'validTo'>, now: number = Date.now()): ValidityState {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (!Number.isNaN(from) && now < from) return 'not-yet-valid';
  if (!Number.isNaN(to) && now > to) return 'expired';
  return 'valid';
}

/** The name to show for a certificate: its CN, else its subject. */
export const certName = (c: Pick<CertSummary, 'commonName' | 'subject'>): string => c.commonName ?? c.subject;

/** A fingerprint shortened for a card; the full value stays in the title attribute. */
export function shortFingerprint(fp: string): string {
  return fp.length > 23 ? `${fp.slice(0, 23)}…` : fp;
}

/** Whether an accepted report left the identity's rights untried (the note the core adds). */
export const accessNotChecked = (report: ConnectReport): boolean => report.notes.some((n) => n.code === 'access-not-checked');

/** The notes to list under a report: "access not checked" is said in the verdict line already. */
export const listedNotes = (report: ConnectReport) => report.notes.filter((n) => n.code !== 'access-not-checked');

/**
 * The client certificate the broker got to judge, or null. An attempt that stopped in the TLS
 * phase on our own verdict on the broker (untrusted chain, wrong name) or on the handshake
 * itself never reached client authentication: whatever OpenSSL put on the wire there, the
 * broker's verdict on our certificate played no part, so "we sent" would mislead.
 */
export function judgedClientCertificate(report: ConnectReport): CertSummary | null {
  const cert = report.tls?.clientCertificate ?? null;
  if (!cert) return null;
  // Under TLS 1.2 the broker refuses our certificate inside the handshake: the phase reached is
  // tls, but the cause (decided at client-auth) says the broker judged it.
  const layer = CAUSE_INFO[report.cause].layer;
  const judged =
    report.timeline.some((t) => t.phase === 'client-auth') ||
    PHASES.indexOf(report.phase) > PHASES.indexOf('tls') ||
    (layer !== 'any' && PHASES.indexOf(layer) > PHASES.indexOf('tls'));
  return judged ? cert : null;
}

/**
 * Our verdict on the broker's chain, for its badges: `untrusted` when verification found it
 * unchained to a CA we trust (whether or not verification was on), `unchecked` when the
 * handshake broke off before it could be judged, else `trusted`.
 */
export function chainTrust(report: ConnectReport): 'trusted' | 'untrusted' | 'unchecked' {
  const tls = report.tls;
  if (!tls) return 'unchecked';
  if (tls.authorizationError !== null) return 'untrusted';
  if (tls.handshake === 'failed') return 'unchecked';
  return tls.authorized ? 'trusted' : 'untrusted';
}
