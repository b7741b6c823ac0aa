import type { ConnectReport, Phase } from '../../../shared/connect/report';
import type { PhaseMark } from '../../store/connections-slice';

/** A phase chip's state: live marks plus, for finished attempts, phases left out. */
export type ChipState = PhaseMark['state'] | 'pending' | 'skipped' | 'not-reached';
export type ChipMarks = Partial<Record<Phase, { state: ChipState; detail?: string }>>;

/** The phases a live attempt walks through (DESIGN §4), without the terminal `done`. */
export const LIVE_PHASES: readonly Phase[] = ['preflight', 'resolve', 'tcp', 'tls', 'client-auth', 'connack', 'access'];

/** Chip states recovered from a finished report: its timeline, and what it never reached or skipped. */
export function marksFromReport(report: ConnectReport): ChipMarks {
  const marks: ChipMarks = {};
  for (const t of report.timeline) marks[t.phase] = { state: t.ok ? 'passed' : 'failed', detail: t.detail };
  const succeeded = report.verdict === 'accepted' || report.verdict === 'accepted-with-warnings';
  for (const p of LIVE_PHASES) {
    // An accepted attempt skipped what it did not run (e.g. no access check configured);
    // a stopped one never reached the rest.
    if (!marks[p]) marks[p] = succeeded ? { state: 'skipped', detail: 'not run' } : { state: 'not-reached', detail: 'not reached' };
  }
  return marks;
}
