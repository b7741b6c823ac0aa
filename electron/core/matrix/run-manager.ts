// Runs of saved matrices in a host: each in the background with its rows file in
// `<data>/matrix-runs/`, its entry in the store's run list (summary and file name only), live
// progress as batched events (a run of 1,000 rows is a few dozen events, not 1,000), and a
// cancel that lets the rows in flight finish as cancelled.
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiError } from '../../../shared/ipc/contract';
import type { MatrixRowRecord, MatrixRunRecord, ParsedRunOptions } from '../../../shared/matrix/matrix-run';
import type { MatrixProgressEvent } from '../../../shared/matrix/matrix-view';
import { err, ok, type Result } from '../../../shared/result';
import type { ProfileService } from '../profiles/profile-service';
import type { MatrixPlan } from './plan';
import { RUNS_FOLDER, createRunLog, readRunLog, summaryOf } from './run-log';
import { runMatrix, type AttemptFn, type MatrixProgress } from './runner';
import { selectRows } from './select';

/** Runs kept in the list; older ones go, with their rows files. */
export const MAX_KEPT_RUNS = 100;
/** Progress events: at most one per this many milliseconds, or per this many rows. */
const FLUSH_MS = 150;
const FLUSH_ROWS = 250;

export interface RunEvents {
  progress(event: MatrixProgressEvent): void;
  finished(run: MatrixRunRecord): void;
}

export interface RunManagerDeps {
  profiles: ProfileService;
  dataDir: string;
  events: RunEvents;
  attempt?: AttemptFn;
  expiryWarningDays?: () => number;
  now: () => Date;
  logError: (message: string, error: unknown) => void;
}

const strip = ({ report: _report, ...row }: MatrixRowRecord) => row;

/** Collects finished rows and sends them in batches. */
function batcher(send: (rows: MatrixRowRecord[], progress: MatrixProgress) => void) {
  let rows: MatrixRowRecord[] = [];
  let last: MatrixProgress | null = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (last === null) return;
    const batch = rows;
    rows = [];
    send(batch, last);
  };
  return {
    row(r: MatrixRowRecord) {
      rows.push(r);
    },
    /** Heard after each row (the runner calls it right after `row`). */
    progress(p: MatrixProgress) {
      last = p;
      if (rows.length >= FLUSH_ROWS) flush();
      else timer ??= setTimeout(flush, FLUSH_MS);
    },
    flush,
  };
}

export interface RunManager {
  start(plan: MatrixPlan, matrixId: string | null, options: ParsedRunOptions, rerunOf?: string): Promise<Result<MatrixRunRecord, ApiError>>;
  cancel(runId: string): Result<{ runId: string }, ApiError>;
  /** Resolves once every run has ended (host shutdown: runs are cancelled first). */
  stopAll(): Promise<void>;
  /** Marks runs a dead host left "running" as interrupted, with what their rows files hold. */
  recover(): Promise<void>;
}

/** The run manager of one host. */
export function createRunManager(deps: RunManagerDeps): RunManager {
  const active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const runsDir = join(deps.dataDir, RUNS_FOLDER);

  const saveRecord = (record: MatrixRunRecord) =>
    deps.profiles.changeMatrices((d) => {
      const i = d.runs.findIndex((r) => r.id === record.id);
      if (i >= 0) d.runs[i] = record;
      else d.runs.unshift(record);
      const dropped = d.runs.splice(MAX_KEPT_RUNS);
      return ok(dropped);
    });

  const background = async (
    record: MatrixRunRecord,
    plan: MatrixPlan,
    rows: MatrixPlan['rows'],
    options: ParsedRunOptions,
    controller: AbortController,
  ) => {
    const log = await createRunLog(join(deps.dataDir, record.file), {
      id: record.id,
      matrixName: record.matrixName,
      target: plan.target.label,
      startedAt: record.startedAt,
      total: rows.length,
    });
    const events = batcher((batch, p) =>
      deps.events.progress({ runId: record.id, matrixId: record.matrixId, rows: batch.map(strip), progress: p }),
    );
    const expiry = deps.expiryWarningDays?.();
    const result = await runMatrix(plan.target, rows, {
      concurrency: options.concurrency,
      signal: controller.signal,
      ...(options.rate !== undefined ? { rate: options.rate } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
      ...(expiry !== undefined ? { expiryWarningDays: expiry } : {}),
      ...(deps.attempt ? { attempt: deps.attempt } : {}),
      now: deps.now,
      onRow: (row) => {
        log.append(row);
        events.row(row);
      },
      onProgress: (p) => events.progress(p),
    });
    events.flush();
    const finishedAt = deps.now().toISOString();
    await log.finish({ state: result.state, finishedAt, summary: result.summary });
    const ended: MatrixRunRecord = { ...record, state: result.state, finishedAt, summary: result.summary };
    const saved = await saveRecord(ended);
    if (!saved.ok) deps.logError(`the run ${record.id} could not be recorded: ${saved.error.message}`, null);
    deps.events.finished(ended);
  };

  return {
    async start(plan, matrixId, options, rerunOf) {
      const rows = selectRows(plan.rows, {
        ...(options.shard ? { shard: options.shard } : {}),
        ...(options.only ? { only: options.only } : {}),
      });
      if (rows.length === 0) return err({ code: 'invalid-request', message: 'No row to run: the selection is empty.' });
      const id = randomUUID();
      const record: MatrixRunRecord = {
        id,
        matrixId,
        matrixName: plan.name,
        startedAt: deps.now().toISOString(),
        finishedAt: null,
        state: 'running',
        file: `${RUNS_FOLDER}/${id}.jsonl`,
        summary: { total: rows.length, passed: 0, failed: 0, cancelled: 0, notRun: rows.length, retried: 0, elapsedMs: 0, rate: 0 },
        ...(rerunOf ? { rerunOf } : {}),
      };
      try {
        await mkdir(runsDir, { recursive: true, mode: 0o700 });
      } catch (e) {
        return err({ code: 'store-error', message: `The run's rows cannot be written to ${runsDir}: ${(e as Error).message}` });
      }
      const saved = await saveRecord(record);
      if (!saved.ok) return saved;
      for (const old of saved.value) await rm(join(deps.dataDir, old.file), { force: true });
      const controller = new AbortController();
      const done = background(record, plan, rows, options, controller)
        .catch(async (e: unknown) => {
          deps.logError(`matrix run ${id} failed`, e);
          const ended: MatrixRunRecord = { ...record, state: 'interrupted', finishedAt: deps.now().toISOString() };
          await saveRecord(ended);
          deps.events.finished(ended);
        })
        .finally(() => active.delete(id));
      active.set(id, { controller, done });
      return ok(record);
    },
    cancel(runId) {
      const run = active.get(runId);
      if (!run) return err({ code: 'not-found', message: 'That run is not running.' });
      run.controller.abort();
      return ok({ runId });
    },
    async stopAll() {
      for (const run of active.values()) run.controller.abort();
      await Promise.all([...active.values()].map((r) => r.done));
    },
    async recover() {
      const stale = deps.profiles.matrices().runs.filter((r) => r.state === 'running' && !active.has(r.id));
      for (const r of stale) {
        const file = await readRunLog(join(deps.dataDir, r.file)).catch(() => null);
        await saveRecord({ ...r, state: 'interrupted', summary: file ? summaryOf(file) : r.summary });
      }
    },
  };
}
