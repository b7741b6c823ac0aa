import { PHASES, type ConnectReport, type Phase } from '../../../shared/connect/report';
import { causeTitle, phaseLabel, verdictStyle } from '../report/cause-text';
import { certName, formatDate, formatMs, judgedClientCertificate } from '../report/report-format';
import { i18n } from '../../i18n/i18n';

// Called while rendering a component that follows the language, so the instance's `t` is current.
const t = i18n.getFixedT(null, ['connection', 'common']);

/** One line of a side-by-side comparison of two attempts. */
export interface CompareRow {
  /** Which part of the report: the outcome, the connection, or one phase of the timeline. */
  section: 'outcome' | 'connection' | 'timeline';
  label: string;
  earlier: string;
  later: string;
  same: boolean;
}

const dash = '–';

function connack(r: ConnectReport): string {
  const m = r.mqtt;
  if (!m || m.connackCode === null) return dash;
  return `${m.connackCode} ${m.connackName ?? ''}`.trim();
}

function phaseCell(r: ConnectReport, phase: Phase): string {
  const entries = r.timeline.filter((t) => t.phase === phase);
  if (entries.length === 0) return t('connection:compare.notReached');
  return entries
    .map((e) => {
      const ms = formatMs(e.endMs - e.startMs);
      if (e.ok) return t('connection:compare.passed', { ms });
      return e.detail ? t('connection:compare.failedBecause', { ms, detail: e.detail }) : t('connection:compare.failed', { ms });
    })
    .join('; ');
}

/** How each run of a phase ended, in a form to compare (not in words: those are in the interface language). */
function phaseOutcome(r: ConnectReport, phase: Phase): string {
  return r.timeline
    .filter((e) => e.phase === phase)
    .map((e) => (e.ok ? 'passed' : 'failed'))
    .join(';');
}

/** The two reports in time order: the earlier one first. */
export function inTimeOrder(a: ConnectReport, b: ConnectReport): [ConnectReport, ConnectReport] {
  return a.startedAt <= b.startedAt ? [a, b] : [b, a];
}

/**
 * What two attempts of a profile have in common and where they differ: verdict, cause, phase,
 * what was sent and answered, and each phase of the timeline. Durations differ between any two
 * runs, so a timeline row counts as the same when each phase passed or failed alike.
 */
export function compareReports(a: ConnectReport, b: ConnectReport): CompareRow[] {
  const [x, y] = inTimeOrder(a, b);
  const rows: CompareRow[] = [];
  const add = (
    section: CompareRow['section'],
    label: string,
    f: (r: ConnectReport) => string,
    same?: (e: string, l: string) => boolean,
  ) => {
    const earlier = f(x);
    const later = f(y);
    rows.push({ section, label, earlier, later, same: same ? same(earlier, later) : earlier === later });
  };
  add(
    'outcome',
    t('connection:compare.rows.started'),
    (r) => formatDate(r.startedAt),
    () => true,
  );
  add('outcome', t('connection:compare.rows.verdict'), (r) => verdictStyle(r.verdict).label);
  add('outcome', t('connection:compare.rows.cause'), (r) => `${causeTitle(r.cause)} (${r.cause})`);
  add('outcome', t('connection:compare.rows.phase'), (r) => phaseLabel(r.phase));
  add(
    'outcome',
    t('connection:compare.rows.duration'),
    (r) => formatMs(r.durationMs),
    () => true,
  );
  add('connection', t('connection:compare.rows.target'), (r) => `${r.target.url}${r.target.address ? ` (${r.target.address})` : ''}`);
  add('connection', t('connection:compare.rows.tlsVersion'), (r) => r.tls?.protocol ?? dash);
  add('connection', t('connection:compare.rows.cipher'), (r) => r.tls?.cipher?.name ?? dash);
  add('connection', t('connection:compare.rows.brokerCert'), (r) => (r.tls?.peerChain[0] ? certName(r.tls.peerChain[0]) : dash));
  add('connection', t('connection:compare.rows.clientCert'), (r) => {
    const sent = judgedClientCertificate(r);
    return sent ? certName(sent) : dash;
  });
  add('connection', t('connection:compare.rows.tlsAlert'), (r) =>
    r.evidence.tlsAlert ? `${r.evidence.tlsAlert.number} ${r.evidence.tlsAlert.name} (${r.evidence.tlsAlert.direction})` : dash,
  );
  add('connection', t('connection:compare.rows.connack'), connack);
  add('connection', t('connection:compare.rows.warnings'), (r) =>
    r.warnings.length ? r.warnings.map((w) => w.code).join(t('common:listSeparator')) : dash,
  );
  add('connection', t('connection:compare.rows.notes'), (r) =>
    r.notes.length ? r.notes.map((n) => n.code).join(t('common:listSeparator')) : dash,
  );
  for (const phase of PHASES) {
    if (phase === 'done') continue;
    if (!x.timeline.some((t) => t.phase === phase) && !y.timeline.some((t) => t.phase === phase)) continue;
    add(
      'timeline',
      phaseLabel(phase),
      (r) => phaseCell(r, phase),
      () => phaseOutcome(x, phase) === phaseOutcome(y, phase),
    );
  }
  return rows;
}
