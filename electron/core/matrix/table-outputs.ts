// The run as CSV (one line per row, for spreadsheets) and as JSON (every row with its full
// report, for tools). Rows in matrix order.
import type { MatrixRowRecord, MatrixSummary, RunState } from '../../../shared/matrix/matrix-run';
import { csvField } from '../certs/batch-names';

export const CSV_COLUMNS = [
  'name',
  'cn',
  'expected',
  'result',
  'verdict',
  'phase',
  'cause',
  'time_ms',
  'attempts',
  'retried_causes',
  'why',
  'explanation',
] as const;

const RESULT_WORD = { pass: 'PASS', fail: 'FAIL', cancelled: 'CANCELLED' } as const;

/** A spreadsheet opens a cell starting with = + - @ as a formula (CSV injection): such text gets a leading quote. */
const cell = (v: string) => csvField(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** The rows as CSV (RFC 4180). */
export function resultsCsv(rows: readonly MatrixRowRecord[]): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  for (const r of [...rows].sort((a, b) => a.index - b.index)) {
    lines.push(
      [
        r.name,
        r.commonName ?? '',
        r.expect,
        RESULT_WORD[r.status],
        r.verdict,
        r.phase,
        r.cause,
        r.durationMs.toFixed(1),
        String(r.attempts),
        r.retriedCauses.join(' '),
        r.why,
        r.explanation,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface JsonRun {
  matrixName: string;
  target: string;
  startedAt: string;
  finishedAt: string | null;
  state: RunState;
  shard?: string;
  summary: MatrixSummary;
  rows: readonly MatrixRowRecord[];
}

/** The run as JSON: summary and every row with its report. */
export function resultsJson(run: JsonRun): string {
  const rows = [...run.rows].sort((a, b) => a.index - b.index);
  return `${JSON.stringify({ format: 'keyhole-matrix-results', version: 1, ...run, rows }, null, 2)}\n`;
}
