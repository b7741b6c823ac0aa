import { CAUSE_INFO } from '../../shared/connect/cause-catalog';
import type { ConnectReport, TimelineEntry, Verdict } from '../../shared/connect/report';
import { brokerUrl, DEFAULT_ACCESS_CHECK_TOPIC } from '../../shared/connect/settings';

interface Style {
  color: boolean;
  /**
   * The arguments this command was run with (after `keyhole`): a report that names a fix on
   * the command line (mqtts://, --access-check) prints the whole corrected command.
   */
  args?: readonly string[];
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

const VERDICT_LABEL: Record<Verdict, { text: string; color: string }> = {
  accepted: { text: 'ACCEPTED', color: '32;1' },
  'accepted-with-warnings': { text: 'ACCEPTED WITH WARNINGS', color: '33;1' },
  rejected: { text: 'REJECTED', color: '31;1' },
  failed: { text: 'FAILED', color: '90;1' },
};

/** Whether the report's client-auth phase judged nothing: the broker asked for no certificate, or we sent none. */
function clientAuthIdle(report: ConnectReport, entry: TimelineEntry): boolean {
  return entry.phase === 'client-auth' && entry.ok && report.tls !== null && report.tls.clientCertificate === null;
}

/** The human form of a report: a timeline with ticks and crosses, then verdict, explanation, hint, warnings and notes. */
export function formatReport(report: ConnectReport, style: Style): string {
  const c = style.color;
  const lines: string[] = [
    `keyhole connect ${report.target.url}${report.target.address && report.target.address !== report.target.host ? ` (${report.target.address})` : ''}`,
  ];
  for (const entry of report.timeline) {
    const mark = clientAuthIdle(report, entry) ? paint(c, '90', '–') : entry.ok ? paint(c, '32', '✓') : paint(c, '31', '✗');
    const ms = `${(entry.endMs - entry.startMs).toFixed(1)} ms`.padStart(10);
    lines.push(`  ${mark} ${entry.phase.padEnd(12)}${ms}  ${entry.detail}`);
  }
  const label = VERDICT_LABEL[report.verdict];
  const accessNotChecked = report.notes.some((n) => n.code === 'access-not-checked');
  const count = report.warnings.length > 0 ? ` (${report.warnings.length})` : '';
  lines.push('');
  lines.push(
    `${paint(c, label.color, `${label.text}${report.verdict === 'accepted-with-warnings' ? count : ''}`)}  ${report.cause} at ${report.phase} — ${CAUSE_INFO[report.cause].title}${accessNotChecked ? '; access not checked' : ''}`,
  );
  lines.push(`  ${report.explanation}`);
  if (report.verdict !== 'accepted' || accessNotChecked) lines.push(`  Hint: ${report.hint}`);
  lines.push(...evidenceLines(report));
  for (const w of report.warnings) lines.push(`  ${paint(c, '33', '!')} ${w.message}`);
  // Notes change no verdict: quieter than warnings, in grey ("access not checked" is in the verdict line).
  for (const n of report.notes) if (n.code !== 'access-not-checked') lines.push(paint(c, '90', `  · ${n.message}`));
  lines.push(...fixLines(report, style));
  return `${lines.join('\n')}\n`;
}

function evidenceLines(report: ConnectReport): string[] {
  const lines: string[] = [];
  const ev = report.evidence;
  const evidence = [
    ev.file && `file ${ev.file}`,
    ev.errorCode && `code ${ev.errorCode}`,
    ev.tlsAlert && `TLS alert ${ev.tlsAlert.number} ${ev.tlsAlert.name}`,
    ev.verifyError && `verify ${ev.verifyError}`,
    ev.connack && `CONNACK ${ev.connack.code} ${ev.connack.name}${ev.connack.reasonString ? ` "${ev.connack.reasonString}"` : ''}`,
    ev.firstBytesHex && `first bytes ${ev.firstBytesHex}`,
    ev.tlsCheck && `TLS check on port ${ev.tlsCheck.port}: ${ev.tlsCheck.answer}`,
  ].filter(Boolean);
  if (evidence.length) lines.push(`  Evidence: ${evidence.join('; ')}`);
  const tls = report.tls;
  if (tls) {
    const peer = tls.peerChain[0];
    const sent = tls.clientCertificate
      ? `client certificate ${tls.clientCertificate.commonName ?? tls.clientCertificate.subject}`
      : tls.clientCertificateRequested === false
        ? 'no client certificate (none asked for)'
        : 'no client certificate';
    lines.push(
      `  TLS: ${tls.protocol ?? '?'} ${tls.cipher?.standardName ?? tls.cipher?.name ?? ''}; broker ${peer?.commonName ?? peer?.subject ?? '?'} issued by ${peer?.issuerCommonName ?? peer?.issuer ?? '?'}; sent ${sent}`,
    );
  }
  if (report.access) {
    const a = report.access;
    lines.push(
      `  Access on ${a.topic}: subscribe ${a.subscribe ? a.subscribe.names.join(', ') : '—'}; publish ${a.publish ? (a.publish.name ?? (a.publish.ok ? 'acknowledged' : 'refused')) : '—'}; echo ${a.echo ? 'received' : 'not received'}`,
    );
  }
  return lines;
}

/** The fix a report names, as a whole command line to run next (never with a password in it). */
function fixLines(report: ConnectReport, style: Style): string[] {
  const args = style.args;
  if (report.cause === 'tls-required') {
    const url = brokerUrl('mqtts', report.target.host, report.target.port);
    return args ? ['', '  Run instead:', `    ${correctedCommand(args, { url })}`] : [];
  }
  if (report.notes.some((n) => n.code === 'access-not-checked')) {
    const lines = ['', `  To check access, add --access-check TOPIC${args ? ', e.g.:' : '.'}`];
    if (args) lines.push(`    ${correctedCommand(args, { accessCheck: DEFAULT_ACCESS_CHECK_TOPIC })}`);
    return lines;
  }
  return [];
}

/** Words a POSIX shell takes as they are; anything else is single-quoted. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const shellWord = (s: string) => (PLAIN_WORD.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * `keyhole <args>` with the broker URL replaced (or added, for a `--profile` run without one) and
 * `--access-check` added. A `--password` value is never printed back: it becomes `--ask-password`.
 */
export function correctedCommand(args: readonly string[], change: { url?: string; accessCheck?: string }): string {
  const out: string[] = [];
  let urlPlaced = change.url === undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--password') {
      out.push('--ask-password');
      i++;
    } else if (arg.startsWith('--password=')) {
      out.push('--ask-password');
    } else if (!urlPlaced && /^mqtts?:\/\//.test(arg)) {
      out.push(change.url!);
      urlPlaced = true;
    } else if (change.accessCheck !== undefined && (arg === '--access-check' || arg.startsWith('--access-check='))) {
      if (arg === '--access-check') i++;
    } else {
      out.push(arg);
    }
  }
  if (!urlPlaced) out.splice(out[0] === 'connect' ? 1 : 0, 0, change.url!);
  if (change.accessCheck !== undefined) out.push('--access-check', change.accessCheck);
  return ['keyhole', ...out].map(shellWord).join(' ');
}
