// A matrix run on a terminal: a bar redrawn in place (stderr) while rows finish, or one plain
// line per finished row when not a terminal (CI logs keep every line); then the result table.
import type { MatrixRowRecord } from '../../shared/matrix/matrix-run';
import type { MatrixProgress } from '../core/matrix/runner';
import { table } from './lab/format-lab';

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
const WIDTH = 30;
const REDRAW_MS = 100;
/** Beyond this many rows the final table lists only the rows that did not pass. */
export const FULL_TABLE_ROWS = 200;

const WORD = { pass: 'PASS', fail: 'FAIL', cancelled: 'CANCELLED' } as const;
const COLOR = { pass: '32', fail: '31', cancelled: '33' } as const;

export class MatrixProgressView {
  private lastDraw = 0;
  private drawn = false;

  /** `lines`: where plain lines go (stdout); `stream`: where the bar is drawn (stderr, a terminal). */
  constructor(
    private readonly lines: NodeJS.WritableStream,
    private readonly stream: NodeJS.WritableStream,
    private readonly tty: boolean,
    private readonly color: boolean,
  ) {}

  /** A finished row: a plain line when not a terminal (the bar says it otherwise). */
  row(r: MatrixRowRecord): void {
    if (this.tty) return;
    const retried = r.attempts > 1 ? ` after ${r.attempts} attempts` : '';
    this.lines.write(`${WORD[r.status]} ${r.name}: ${r.why} (${r.durationMs.toFixed(0)} ms${retried})\n`);
  }

  progress(p: MatrixProgress): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS && p.done < p.total) return;
    this.lastDraw = now;
    const filled = Math.round((p.done / Math.max(p.total, 1)) * WIDTH);
    const eta = p.rate > 0 ? Math.ceil((p.total - p.done) / p.rate) : 0;
    const counts = `${paint(this.color, COLOR.pass, `${p.passed} pass`)} ${paint(this.color, COLOR.fail, `${p.failed} fail`)}`;
    this.stream.write(
      `\rmatrix [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${p.done}/${p.total}  ${counts}  ${p.rate.toFixed(1)}/s  eta ${eta}s `,
    );
    this.drawn = true;
  }

  note(text: string): void {
    this.stream.write(`${this.drawn ? '\n' : ''}${text}\n`);
    this.drawn = false;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

/** The final table: every row in matrix order (only the ones that did not pass, for a large run). */
export function resultTable(rows: readonly MatrixRowRecord[], color: boolean): string[] {
  const sorted = [...rows].sort((a, b) => a.index - b.index);
  const shown = sorted.length > FULL_TABLE_ROWS ? sorted.filter((r) => r.status !== 'pass') : sorted;
  const cells = [['', 'row', 'CN', 'expected', 'verdict', 'phase', 'cause', 'time', 'why']];
  for (const r of shown) {
    cells.push([
      WORD[r.status],
      r.name,
      r.commonName ?? '—',
      r.expect,
      r.verdict,
      r.phase,
      r.cause,
      `${r.durationMs.toFixed(0)} ms${r.attempts > 1 ? ` (${r.attempts}×)` : ''}`,
      r.status === 'pass' ? '' : r.why,
    ]);
  }
  const lines = table(cells);
  const out = [''];
  if (shown.length < sorted.length) out.push(`${sorted.length - shown.length} rows passed; the rows that did not:`);
  if (shown.length === 0) return out;
  out.push(lines[0]!);
  shown.forEach((r, i) => out.push(r.status === 'pass' ? lines[i + 1]! : paint(color, COLOR[r.status], lines[i + 1]!)));
  return out;
}
