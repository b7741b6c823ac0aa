import { PHASES, type ConnectReport, type Phase } from '../../../shared/connect/report';
import { causeTitle, phaseLabel, verdictStyle } from '../report/cause-text';
import { certName, formatDate, formatMs } from '../report/report-format';

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
  if (entries.length === 0) return 'not reached';
  return entries
    .map((t) => `${t.ok ? 'passed' : 'failed'} in ${formatMs(t.endMs - t.startMs)}${t.ok || !t.detail ? '' : `: ${t.detail}`}`)
    .join('; ');
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
    'Started',
    (r) => formatDate(r.startedAt),
    () => true,
  );
  add('outcome', 'Verdict', (r) => verdictStyle(r.verdict).label);
  add('outcome', 'Cause', (r) => `${causeTitle(r.cause)} (${r.cause})`);
  add('outcome', 'Phase reached', (r) => phaseLabel(r.phase));
  add(
    'outcome',
    'Duration',
    (r) => formatMs(r.durationMs),
    () => true,
  );
  add('connection', 'Target', (r) => `${r.target.url}${r.target.address ? ` (${r.target.address})` : ''}`);
  add('connection', 'TLS version', (r) => r.tls?.protocol ?? dash);
  add('connection', 'Cipher', (r) => r.tls?.cipher?.name ?? dash);
  add('connection', 'Broker certificate', (r) => (r.tls?.peerChain[0] ? certName(r.tls.peerChain[0]) : dash));
  add('connection', 'Client certificate sent', (r) => (r.tls?.clientCertificate ? certName(r.tls.clientCertificate) : dash));
  add('connection', 'TLS alert', (r) =>
    r.evidence.tlsAlert ? `${r.evidence.tlsAlert.number} ${r.evidence.tlsAlert.name} (${r.evidence.tlsAlert.direction})` : dash,
  );
  add('connection', 'CONNACK', connack);
  add('connection', 'Warnings', (r) => (r.warnings.length ? r.warnings.map((w) => w.code).join(', ') : dash));
  add('connection', 'Notes', (r) => (r.notes.length ? r.notes.map((n) => n.code).join(', ') : dash));
  const outcomeOf = (cell: string) =>
    cell
      .split(';')
      .map((part) => part.trim().split(' ')[0])
      .join(';');
  for (const phase of PHASES) {
    if (phase === 'done') continue;
    if (!x.timeline.some((t) => t.phase === phase) && !y.timeline.some((t) => t.phase === phase)) continue;
    add(
      'timeline',
      phaseLabel(phase),
      (r) => phaseCell(r, phase),
      (e, l) => outcomeOf(e) === outcomeOf(l),
    );
  }
  return rows;
}
