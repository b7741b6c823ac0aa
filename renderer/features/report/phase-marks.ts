import type { ConnectReport, Phase } from '../../../shared/connect/report';
import type { PhaseMark } from '../../store/connections-slice';

/** A phase chip's state: live marks plus, for finished attempts, phases left out. */
export type ChipState = PhaseMark['state'] | 'pending' | 'skipped' | 'not-reached';
/** `short` is shown on the chip itself (a skipped phase says why in two words); `detail` is the tooltip. */
export type ChipMarks = Partial<Record<Phase, { state: ChipState; detail?: string; short?: string }>>;

/** The phases a live attempt walks through (DESIGN §4), without the terminal `done`. */
export const LIVE_PHASES: readonly Phase[] = ['preflight', 'resolve', 'tcp', 'tls', 'client-auth', 'connack', 'access'];

/** Chip states recovered from a finished report: its timeline, and what it never reached or did not check. */
export function marksFromReport(report: ConnectReport): ChipMarks {
  const marks: ChipMarks = {};
  for (const t of report.timeline) marks[t.phase] = { state: t.ok ? 'passed' : 'failed', detail: t.detail };
  // A client-auth phase that judged nothing (the broker asked for no certificate, or we sent
  // none) passed nothing: it must not read as "our certificate passed".
  const clientAuth = marks['client-auth'];
  if (clientAuth?.state === 'passed' && report.tls && report.tls.clientCertificate === null) {
    marks['client-auth'] = {
      state: 'skipped',
      detail: clientAuth.detail,
      short: report.tls.clientCertificateRequested === false ? 'not asked' : 'none sent',
    };
  }
  const succeeded = report.verdict === 'accepted' || report.verdict === 'accepted-with-warnings';
  for (const p of LIVE_PHASES) {
    if (marks[p]) continue;
    // An accepted attempt without an access check did not check access (the ACL may still stop
    // this identity); a stopped attempt never reached the rest.
    if (succeeded && p === 'access') marks[p] = { state: 'skipped', detail: 'access not checked', short: 'not checked' };
    else marks[p] = succeeded ? { state: 'skipped', detail: 'not run' } : { state: 'not-reached', detail: 'not reached' };
  }
  return marks;
}
