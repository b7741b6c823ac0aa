// A matrix run: one result per row (expected vs what the probe reported), the counts, and the
// run's record. The full report of each row lives in the run's own rows file (JSON lines), not in
// these payloads: the UI and the CLI fetch it when a row is opened.
import { z } from 'zod';
import { Cause, ConnectReport, Phase, Verdict } from '../connect/report';
import { OutcomeExpectation } from './matrix-file';

/** PASS: the outcome met the expectation; FAIL: it did not; CANCELLED: the run was cancelled while the row was in flight. */
export const RowStatus = z.enum(['pass', 'fail', 'cancelled']);
export type RowStatus = z.infer<typeof RowStatus>;

/** One row's result, without its report. */
export const MatrixRowResult = z.object({
  /** Position of the row in the whole matrix (not in the shard). */
  index: z.number().int().min(0),
  /** The row's identity: its name, unique in the matrix; shards are cut by it. */
  id: z.string(),
  name: z.string(),
  /** The CN of the certificate sent (null: none sent). */
  commonName: z.string().nullable(),
  expect: OutcomeExpectation,
  verdict: Verdict,
  phase: Phase,
  cause: Cause,
  status: RowStatus,
  /** Why the outcome does (not) meet the expectation, in one line. */
  why: z.string(),
  /** The report's explanation (for failure messages and tables). */
  explanation: z.string(),
  /** Duration of the last attempt, milliseconds. */
  durationMs: z.number(),
  /** Attempts made (1 + retries used). */
  attempts: z.number().int().min(1),
  /** Causes of the earlier attempts, oldest first (empty unless retried). */
  retriedCauses: z.array(Cause),
  /** Whether the access check ran for this row. */
  accessChecked: z.boolean(),
  finishedAt: z.string(),
  /** The report's id, to fetch it from the run. */
  reportId: z.string(),
});
export type MatrixRowResult = z.infer<typeof MatrixRowResult>;

/** A row as its run's rows file keeps it: the result and the full report. */
export const MatrixRowRecord = MatrixRowResult.extend({ report: ConnectReport });
export type MatrixRowRecord = z.infer<typeof MatrixRowRecord>;

/** How a run ended: every row done, cancelled (rows in flight reported as cancelled), or not run at all. */
export const RunState = z.enum(['running', 'finished', 'cancelled', 'interrupted']);
export type RunState = z.infer<typeof RunState>;

export const MatrixSummary = z.object({
  /** Rows the run was to try (the shard's, or the failures' for a re-run). */
  total: z.number().int().min(0),
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  cancelled: z.number().int().min(0),
  /** Rows never started (the run was cancelled first). */
  notRun: z.number().int().min(0),
  /** Rows whose result came after one or more retries. */
  retried: z.number().int().min(0),
  elapsedMs: z.number().min(0),
  /** Rows finished per second. */
  rate: z.number().min(0),
});
export type MatrixSummary = z.infer<typeof MatrixSummary>;

/** How a run was asked for. */
export const RunOptions = z.object({
  concurrency: z.number().int().min(1).max(256).default(8),
  /** Attempts started per second at most (brokers that throttle); absent: no limit. */
  rate: z.number().positive().max(10_000).optional(),
  /** Time limit of each phase of each attempt, milliseconds; the whole attempt gets six times that. */
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  /** Retries of rows whose failure is no broker decision (overrides the rows' own). */
  retries: z.number().int().min(0).max(10).optional(),
  /** `i/n`: only the rows of shard i of n (by row identity). */
  shard: z
    .object({ index: z.number().int().min(1), count: z.number().int().min(1).max(100_000) })
    .refine((s) => s.index <= s.count, 'the shard index is at most the shard count')
    .optional(),
  /** Only these rows (by id): a re-run of failures. */
  only: z.array(z.string()).max(1_000_000).optional(),
});
export type RunOptions = z.input<typeof RunOptions>;
export type ParsedRunOptions = z.output<typeof RunOptions>;

/** A run as the store's run list keeps it: the summary and the name of its rows file, never the rows. */
export const MatrixRunRecord = z.object({
  id: z.string().min(1).max(100),
  /** The saved matrix it ran (null: a file run from the CLI). */
  matrixId: z.string().max(100).nullable(),
  matrixName: z.string().max(200),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  state: RunState,
  /** The rows file, relative to the data folder (`matrix-runs/<id>.jsonl`). */
  file: z.string().max(300),
  summary: MatrixSummary,
  /** Set on a re-run: the run whose failures it tried again. */
  rerunOf: z.string().max(100).optional(),
});
export type MatrixRunRecord = z.infer<typeof MatrixRunRecord>;

/** Counts of a list of results (the summary's row counts; elapsed and rate come from the run). */
export function countResults(rows: readonly Pick<MatrixRowResult, 'status' | 'attempts'>[]) {
  let passed = 0;
  let failed = 0;
  let cancelled = 0;
  let retried = 0;
  for (const r of rows) {
    if (r.status === 'pass') passed++;
    else if (r.status === 'fail') failed++;
    else cancelled++;
    if (r.attempts > 1) retried++;
  }
  return { passed, failed, cancelled, retried };
}

/** Whether a run met every expectation: every row passed and none was left out. */
export const runPassed = (s: MatrixSummary): boolean => s.total > 0 && s.passed === s.total;
