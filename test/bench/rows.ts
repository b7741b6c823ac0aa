// What every benchmark reports: rows of (figure, baseline, ratio, target, met). A benchmark
// script runs alone and prints its rows; under `npm run bench` (test/bench/run-all.ts) it also
// writes them as JSON to the file named by KEYHOLE_BENCH_OUT, and the runner joins them into one
// table. Figures are printed, never asserted: a missed target is a finding, not a failed build.
import { writeFileSync } from 'node:fs';

/** A ratio target: the figure divided by its baseline must be at most / at least `ratio`. */
export interface RatioTarget {
  op: '<=' | '>=';
  ratio: number;
}

/** One line of the table. `ratio` is value / baselineValue (NaN where there is no baseline). */
export interface BenchRow {
  /** The benchmark's short name (its file name without .ts). */
  bench: string;
  /** What was measured, e.g. "probe median, accepted". */
  figure: string;
  value: number;
  unit: string;
  /** What it is compared against, e.g. "bare mqtt.js connect"; '' where there is none. */
  baseline: string;
  baselineValue: number;
  ratio: number;
  target: RatioTarget | null;
  /** Whether the target was met; null where the row has no target. */
  met: boolean | null;
  /** Anything a reader needs to read the row right (sample size, concurrency, what bounds it). */
  note?: string;
}

/** A row from a figure and its baseline; the ratio and whether the target is met follow. */
export function row(input: Omit<BenchRow, 'ratio' | 'met'> & { ratio?: number }): BenchRow {
  const ratio = input.ratio ?? (input.baselineValue ? input.value / input.baselineValue : Number.NaN);
  const met = input.target ? (input.target.op === '<=' ? ratio <= input.target.ratio : ratio >= input.target.ratio) : null;
  return { ...input, ratio, met };
}

/** A row with a bound on the figure itself (no baseline), e.g. "longest task ≤ 100 ms". */
export function limitRow(input: {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  limit: RatioTarget;
  note?: string;
}): BenchRow {
  const { limit, ...rest } = input;
  const met = limit.op === '<=' ? input.value <= limit.ratio : input.value >= limit.ratio;
  return { ...rest, baseline: '', baselineValue: Number.NaN, ratio: Number.NaN, target: limit, met };
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const percentile = (xs: readonly number[], p: number): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

const fmt = (n: number) => (Number.isNaN(n) ? '' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));

/** The rows as aligned text: figure, value, baseline, ratio, target, met. */
export function formatRows(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [
    r.bench,
    r.figure,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline ? `${r.baseline} ${fmt(r.baselineValue)}` : '',
    fmt(r.ratio),
    r.target ? `${r.target.op === '<=' ? '≤' : '≥'} ${r.target.ratio}` : '',
    r.met === null ? '' : r.met ? 'met' : 'MISSED',
  ]);
  const head = ['bench', 'figure', 'value', 'baseline', 'ratio', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), ...cells.map(line)].join('\n');
}

/** Prints the rows, and writes them as JSON where the runner asked for it. */
export function emitRows(rows: readonly BenchRow[]): void {
  console.log(formatRows(rows));
  const out = process.env.KEYHOLE_BENCH_OUT;
  if (out) writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
}
