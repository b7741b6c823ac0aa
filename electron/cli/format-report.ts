import { CAUSE_INFO } from '../../shared/connect/cause-catalog';
import type { ConnectReport, Verdict } from '../../shared/connect/report';

interface Style {
  color: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

const VERDICT_LABEL: Record<Verdict, { text: string; color: string }> = {
  accepted: { text: 'ACCEPTED', color: '32;1' },
  'accepted-with-warnings': { text: 'ACCEPTED WITH WARNINGS', color: '33;1' },
  rejected: { text: 'REJECTED', color: '31;1' },
  failed: { text: 'FAILED', color: '90;1' },
};

/** The human form of a report: a timeline with ticks and crosses, then verdict, explanation and hint. */
export function formatReport(report: ConnectReport, style: Style): string {
  const c = style.color;
  const lines: string[] = [
    `keyhole connect ${report.target.url}${report.target.address && report.target.address !== report.target.host ? ` (${report.target.address})` : ''}`,
  ];
  for (const entry of report.timeline) {
    const mark = entry.ok ? paint(c, '32', '✓') : paint(c, '31', '✗');
    const ms = `${(entry.endMs - entry.startMs).toFixed(1)} ms`.padStart(10);
    lines.push(`  ${mark} ${entry.phase.padEnd(12)}${ms}  ${entry.detail}`);
  }
  const label = VERDICT_LABEL[report.verdict];
  lines.push('');
  lines.push(`${paint(c, label.color, label.text)}  ${report.cause} at ${report.phase} — ${CAUSE_INFO[report.cause].title}`);
  lines.push(`  ${report.explanation}`);
  if (report.verdict !== 'accepted') lines.push(`  Hint: ${report.hint}`);
  const ev = report.evidence;
  const evidence = [
    ev.file && `file ${ev.file}`,
    ev.errorCode && `code ${ev.errorCode}`,
    ev.tlsAlert && `TLS alert ${ev.tlsAlert.number} ${ev.tlsAlert.name}`,
    ev.verifyError && `verify ${ev.verifyError}`,
    ev.connack && `CONNACK ${ev.connack.code} ${ev.connack.name}${ev.connack.reasonString ? ` "${ev.connack.reasonString}"` : ''}`,
    ev.firstBytesHex && `first bytes ${ev.firstBytesHex}`,
  ].filter(Boolean);
  if (evidence.length) lines.push(`  Evidence: ${evidence.join('; ')}`);
  if (report.tls) {
    const peer = report.tls.peerChain[0];
    lines.push(
      `  TLS: ${report.tls.protocol ?? '?'} ${report.tls.cipher?.standardName ?? report.tls.cipher?.name ?? ''}; broker ${peer?.commonName ?? peer?.subject ?? '?'} issued by ${peer?.issuerCommonName ?? peer?.issuer ?? '?'}; sent ${report.tls.clientCertificate ? `client certificate ${report.tls.clientCertificate.commonName ?? report.tls.clientCertificate.subject}` : 'no client certificate'}`,
    );
  }
  if (report.access) {
    const a = report.access;
    lines.push(
      `  Access on ${a.topic}: subscribe ${a.subscribe ? a.subscribe.names.join(', ') : '—'}; publish ${a.publish ? (a.publish.name ?? (a.publish.ok ? 'acknowledged' : 'refused')) : '—'}; echo ${a.echo ? 'received' : 'not received'}`,
    );
  }
  for (const w of report.warnings) lines.push(`  ${paint(c, '33', '!')} ${w.message}`);
  return `${lines.join('\n')}\n`;
}
