// The lab on a terminal: one line per event, and the identities table.
import { describeLabEvent, type LabEvent } from '../../../shared/lab/lab-event';

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

const LEVEL_COLOR: Record<string, string> = { info: '36', warning: '33', error: '31' };

/** `15:02:01.123 a12 127.0.0.1:53122  TLS hello: …`; lab-wide events carry no attempt. */
export function formatLabEvent(e: LabEvent, color: boolean): string {
  const time = e.at.slice(11, 23);
  const who = e.attempt
    ? `${e.attempt.id.padEnd(5)} ${`${e.attempt.address.includes(':') ? `[${e.attempt.address}]` : e.attempt.address}:${e.attempt.port}`.padEnd(22)}`
    : '';
  const text = describeLabEvent(e);
  if (e.kind === 'lab') return `${paint(color, '90', time)} ${paint(color, LEVEL_COLOR[e.level] ?? '0', text)}`;
  const denied =
    (e.kind === 'client-cert' && e.verdict !== 'accepted') ||
    (e.kind === 'auth' && e.decision !== 'allowed') ||
    (e.kind === 'acl' && !e.allowed) ||
    (e.kind === 'connack' && e.code !== 0) ||
    e.kind === 'tls-error';
  return `${paint(color, '90', time)} ${who} ${denied ? paint(color, '31', text) : text}`;
}

/** Pads columns to the widest cell; the last column is left as it is. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
