import type { CertSummary, ConnectReport } from '../../../shared/connect/report';

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
