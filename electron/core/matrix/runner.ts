// The credential matrix runner (DESIGN §7): every row through the probe with bounded
// concurrency, an optional start rate, a time limit per attempt, retries where asked, and a
// cancel that stops cleanly. Each finished row is handed to `onRow` at once (the rows file
// appends it), so a crash loses only the rows in flight.
import { performance } from 'node:perf_hooks';
import type { ConnectReport } from '../../../shared/connect/report';
import { meetsExpectation } from '../../../shared/matrix/expectation';
import { countResults, type MatrixRowRecord, type MatrixSummary } from '../../../shared/matrix/matrix-run';
import { connect, type ConnectInput } from '../connect/probe';
import { attemptInput, type MatrixTarget, type PlannedRow } from './plan';
import { createRateGate } from './rate-gate';

/** One attempt: the probe, or a stand-in at this boundary in tests. */
export type AttemptFn = (input: ConnectInput, options: { signal: AbortSignal; expiryWarningDays?: number }) => Promise<ConnectReport>;

export const DEFAULT_CONCURRENCY = 8;

export interface MatrixProgress {
  done: number;
  total: number;
  passed: number;
  failed: number;
  cancelled: number;
  elapsedMs: number;
  /** Rows finished per second so far. */
  rate: number;
}

export interface RunnerOptions {
  concurrency?: number;
  /** Attempts started per second at most. */
  rate?: number;
  /** Time limit of each phase, milliseconds (the report names the phase that ran out). */
  timeoutMs?: number;
  /** Retries for every row (overrides each row's own). */
  retries?: number;
  signal?: AbortSignal;
  attempt?: AttemptFn;
  expiryWarningDays?: number;
  /** Hears each finished row (in the order they finish). */
  onRow?: (row: MatrixRowRecord) => void;
  onProgress?: (progress: MatrixProgress) => void;
  now?: () => Date;
}

export interface RunnerResult {
  /** In the order they finished. */
  rows: MatrixRowRecord[];
  summary: MatrixSummary;
  state: 'finished' | 'cancelled';
}

const probeAttempt: AttemptFn = async (input, options) => (await connect(input, options)).report;

/** Whether a result is worth another attempt: no broker decision (a timeout, a refused or dropped connection) or a broker that said "not now". */
const retryable = (r: ConnectReport) => (r.verdict === 'failed' && r.cause !== 'aborted') || r.cause === 'connack-server-unavailable';

/** Longest an attempt may take as a whole: every phase at its limit, and some slack for the probe's own work. */
function attemptDeadline(input: ConnectInput): number {
  const t = input.settings.timeouts;
  return t.resolve + t.tcp + t.tls + t.connack + t.access + 5000;
}

/** Runs `rows` against `target`; resolves once every row finished or, after a cancel, every row in flight did. */
export async function runMatrix(target: MatrixTarget, rows: readonly PlannedRow[], options: RunnerOptions = {}): Promise<RunnerResult> {
  const attempt = options.attempt ?? probeAttempt;
  const now = options.now ?? (() => new Date());
  const gate = createRateGate(options.rate);
  const signal = options.signal;
  const started = performance.now();
  const done: MatrixRowRecord[] = [];
  let next = 0;

  const progress = (): MatrixProgress => {
    const counts = countResults(done);
    const elapsedMs = performance.now() - started;
    return { done: done.length, total: rows.length, ...counts, elapsedMs, rate: done.length / Math.max(elapsedMs / 1000, 1e-6) };
  };

  const runRow = async (row: PlannedRow): Promise<MatrixRowRecord | null> => {
    const retries = options.retries ?? row.retries;
    const earlier: ConnectReport[] = [];
    for (;;) {
      const input = attemptInput(target, row, options.timeoutMs);
      const deadline = AbortSignal.timeout(attemptDeadline(input));
      const both = signal ? AbortSignal.any([signal, deadline]) : deadline;
      const report = await attempt(input, {
        signal: both,
        ...(options.expiryWarningDays !== undefined ? { expiryWarningDays: options.expiryWarningDays } : {}),
      });
      const cancelled = signal?.aborted === true && report.cause === 'aborted';
      const check = meetsExpectation(row.expect, report);
      if (!cancelled && !check.pass && retryable(report) && earlier.length < retries && !signal?.aborted) {
        if (!(await gate.take(signal))) return recordOf(row, report, earlier, 'cancelled', 'the run was cancelled before its retry', now);
        earlier.push(report);
        continue;
      }
      if (cancelled) return recordOf(row, report, earlier, 'cancelled', 'the run was cancelled while this row was in flight', now);
      const why =
        report.cause === 'aborted' && deadline.aborted
          ? `the attempt ran over its time limit (${attemptDeadline(input)} ms) and was stopped`
          : check.why;
      return recordOf(row, report, earlier, check.pass ? 'pass' : 'fail', why, now);
    }
  };

  const worker = async (): Promise<void> => {
    while (next < rows.length && !signal?.aborted) {
      if (!(await gate.take(signal))) return;
      if (next >= rows.length) return;
      const row = rows[next++]!;
      const record = await runRow(row);
      if (!record) continue;
      done.push(record);
      options.onRow?.(record);
      options.onProgress?.(progress());
    }
  };

  const width = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, rows.length || 1));
  await Promise.all(Array.from({ length: width }, worker));
  const p = progress();
  const counts = countResults(done);
  return {
    rows: done,
    state: signal?.aborted ? 'cancelled' : 'finished',
    summary: {
      total: rows.length,
      ...counts,
      notRun: rows.length - done.length,
      elapsedMs: p.elapsedMs,
      rate: p.rate,
    },
  };
}

function recordOf(
  row: PlannedRow,
  report: ConnectReport,
  earlier: ConnectReport[],
  status: MatrixRowRecord['status'],
  why: string,
  now: () => Date,
): MatrixRowRecord {
  return {
    index: row.index,
    id: row.id,
    name: row.name,
    commonName: report.tls?.clientCertificate?.commonName ?? row.commonName,
    expect: row.expect,
    verdict: report.verdict,
    phase: report.phase,
    cause: report.cause,
    status,
    why,
    explanation: report.explanation,
    durationMs: report.durationMs,
    attempts: earlier.length + 1,
    retriedCauses: earlier.map((r) => r.cause),
    accessChecked: report.access !== null,
    finishedAt: now().toISOString(),
    reportId: report.id,
    report,
  };
}
