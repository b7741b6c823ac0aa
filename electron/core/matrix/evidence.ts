// The evidence of a row in a few lines of text, for JUnit failure bodies and plain tables:
// codes, alert, CONNACK, what timed out, and the phases passed. Never a secret (reports hold none).
import type { ConnectReport } from '../../../shared/connect/report';

/** The report's raw evidence and timeline, one fact a line. */
export function evidenceLines(report: ConnectReport): string[] {
  const e = report.evidence;
  const lines = [`verdict ${report.verdict}, cause ${report.cause}, phase ${report.phase}`];
  if (e.errorCode) lines.push(`error code ${e.errorCode}${e.syscall ? ` (${e.syscall})` : ''}`);
  if (e.tlsAlert) lines.push(`TLS alert ${e.tlsAlert.number} ${e.tlsAlert.name} (${e.tlsAlert.direction})`);
  if (e.verifyError) lines.push(`verification: ${e.verifyError}`);
  if (e.connack) {
    const reason = e.connack.reasonString ? ` "${e.connack.reasonString}"` : '';
    lines.push(`CONNACK ${e.connack.version === '5' ? 'reason code' : 'return code'} ${e.connack.code} ${e.connack.name}${reason}`);
  }
  if (e.disconnect) lines.push(`DISCONNECT ${e.disconnect.code} ${e.disconnect.name}`);
  if (e.timedOutAfterMs !== undefined) lines.push(`timed out after ${Math.round(e.timedOutAfterMs)} ms`);
  if (report.access) {
    const a = report.access;
    const sub = a.subscribe ? `SUBACK ${a.subscribe.names.join(', ')}` : 'no SUBACK';
    const pub = a.publish ? `PUBACK ${a.publish.name ?? (a.publish.ok ? 'sent' : 'not sent')}` : 'no publish';
    lines.push(`access check on "${a.topic}": ${sub}; ${pub}; echo ${a.echo ? 'received' : 'not received'}`);
  }
  const sent = report.tls?.clientCertificate;
  if (sent) lines.push(`client certificate sent: ${sent.subject} (issuer ${sent.issuer}, serial ${sent.serialNumber})`);
  const phases = report.timeline.map((t) => `${t.ok ? '✓' : '✗'} ${t.phase} ${(t.endMs - t.startMs).toFixed(1)} ms`);
  if (phases.length) lines.push(`phases: ${phases.join(', ')}`);
  if (e.errorMessage) lines.push(`message: ${e.errorMessage}`);
  return lines;
}
