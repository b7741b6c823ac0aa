import type { ConnectReport, Phase } from '../../../shared/connect/report';
import type { PhaseMark } from '../../store/connections-slice';
import { i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language, so the instance's `t` is current.
const t = i18n.getFixedT(null, ['report', 'common']);

/** A phase chip's state: live marks plus, for finished attempts, phases left out. */
export type ChipState = PhaseMark['state'] | 'warned' | 'pending' | 'skipped' | 'not-reached';
/** `short` is shown on the chip itself (a skipped phase says why in two words); `detail` is the tooltip. */
export type ChipMarks = Partial<Record<Phase, { state: ChipState; detail?: string; short?: string }>>;

/** The phases a live attempt walks through (DESIGN §4), without the terminal `done`. */
export const LIVE_PHASES: readonly Phase[] = ['preflight', 'resolve', 'tcp', 'tls', 'client-auth', 'connack', 'access'];

/** Chip states recovered from a finished report: its timeline, and what it never reached or did not check. */
export function marksFromReport(report: ConnectReport): ChipMarks {
  const marks: ChipMarks = {};
  for (const t of report.timeline) marks[t.phase] = { state: t.ok ? 'passed' : 'failed', detail: t.detail };
  // A preflight that passed but raised warnings (an expired certificate by our clock, legacy
  // crypto, verification off…) is not a clean pass: its chip says how many.
  const preflight = report.timeline.find((t) => t.phase === 'preflight');
  const preflightWarnings = typeof preflight?.data?.warnings === 'number' ? preflight.data.warnings : 0;
  if (preflight?.ok && preflightWarnings > 0) {
    marks.preflight = {
      state: 'warned',
      detail: t('report:marks.warningsDetail', { detail: preflight.detail, count: preflightWarnings }),
      short: t('report:marks.warnings', { count: preflightWarnings }),
    };
  }
  // A client-auth phase that judged nothing (the broker asked for no certificate, or we sent
  // none) passed nothing: it must not read as "our certificate passed".
  const clientAuth = marks['client-auth'];
  if (clientAuth?.state === 'passed' && report.tls && report.tls.clientCertificate === null) {
    marks['client-auth'] = {
      state: 'skipped',
      detail: clientAuth.detail,
      short: report.tls.clientCertificateRequested === false ? t('report:marks.notAsked') : t('report:marks.noneSent'),
    };
  }
  const succeeded = report.verdict === 'accepted' || report.verdict === 'accepted-with-warnings';
  for (const p of LIVE_PHASES) {
    if (marks[p]) continue;
    // An accepted attempt without an access check did not check access (the ACL may still stop
    // this identity); a stopped attempt never reached the rest.
    if (succeeded && p === 'access')
      marks[p] = { state: 'skipped', detail: t('report:marks.accessNotChecked'), short: t('report:marks.notChecked') };
    else
      marks[p] = succeeded
        ? { state: 'skipped', detail: t('report:marks.notRun') }
        : { state: 'not-reached', detail: t('report:marks.notReached') };
  }
  return marks;
}
