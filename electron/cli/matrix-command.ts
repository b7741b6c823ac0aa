// `keyhole matrix FILE`: every identity of a matrix file through the probe, each checked against
// its expected outcome; a progress bar on a terminal, one plain line per row otherwise, a final
// table, JUnit / JSON / CSV files for CI. Exit 0 only when every row met its expectation, 1 when
// a row did not, 2 when the matrix could not run (or was interrupted), 64 usage.
import { basename, dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { MAX_CERT_EXPIRY_WARNING_DAYS } from '../../shared/profile/app-settings';
import { fromProfileExpectation } from '../../shared/matrix/expectation';
import type { MatrixRowRecord } from '../../shared/matrix/matrix-run';
import { err, ok } from '../../shared/result';
import { MAX_DOCUMENT_BYTES, readBoundedFile } from '../core/certs/bounded-read';
import { openProfileService, type ProfileService } from '../core/profiles/profile-service';
import { planMatrixFile, parseMatrixText, type FoundProfile, type PlanContext } from '../core/matrix/file-plan';
import { junitXml } from '../core/matrix/junit';
import type { MatrixPlan } from '../core/matrix/plan';
import { createRunLog } from '../core/matrix/run-log';
import { DEFAULT_CONCURRENCY, runMatrix, type RunnerResult } from '../core/matrix/runner';
import { selectRows } from '../core/matrix/select';
import { parseShard, type Shard } from '../core/matrix/shard';
import { labSource } from '../core/matrix/sources';
import { resultsCsv, resultsJson } from '../core/matrix/table-outputs';
import { writeFileAtomic } from '../core/store/atomic-file';
import { defaultDataDir } from '../core/store/data-dir';
import { createJsonFileStore } from '../core/store/json-store';
import { EXIT, UsageError } from './exit-codes';
import { MatrixProgressView, resultTable } from './format-matrix';
import { printable } from './printable';
import { pick } from './profile-source';

interface MatrixFlags {
  concurrency: string;
  rate?: string;
  shard?: string;
  junit?: string;
  json?: string;
  csv?: string;
  rows?: string;
  timeout?: string;
  retries?: string;
  dataDir?: string;
  warnExpiry?: string;
  color?: boolean;
}

interface Parsed {
  concurrency: number;
  rate?: number;
  shard?: Shard;
  timeoutMs?: number;
  retries?: number;
  warnExpiry?: number;
}

function number(flag: string, text: string | undefined, min: number, max: number, integer = true): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max)
    throw new UsageError(`${flag} takes ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, not "${text}"`);
  return n;
}

function parseFlags(flags: MatrixFlags): Parsed {
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (shard === null) throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n (e.g. 2/4), not "${flags.shard}"`);
  const out: Parsed = { concurrency: number('--concurrency', flags.concurrency, 1, 256)! };
  const rate = number('--rate', flags.rate, 0.01, 10_000, false);
  const timeoutMs = number('--timeout', flags.timeout, 100, 600_000);
  const retries = number('--retries', flags.retries, 0, 10);
  const warnExpiry = number('--warn-expiry', flags.warnExpiry, 0, MAX_CERT_EXPIRY_WARNING_DAYS);
  return {
    ...out,
    ...(shard ? { shard } : {}),
    ...(rate !== undefined ? { rate } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(retries !== undefined ? { retries } : {}),
    ...(warnExpiry !== undefined ? { warnExpiry } : {}),
  };
}

/** Registers `keyhole matrix`. */
export function matrixCommand(program: Command): void {
  program
    .command('matrix')
    .description(
      'run a credential matrix: each identity against its expected outcome (exit 0 all as expected, 1 not, 2 could not run, 64 usage)',
    )
    .argument('<file>', 'matrix file (JSON or YAML; see the README for its format)')
    .option('--concurrency <n>', 'attempts at the same time', String(DEFAULT_CONCURRENCY))
    .option('--rate <r>', 'start at most R attempts per second (for brokers that throttle)')
    .option('--shard <i/n>', 'run only shard i of n (a stable slice by row name, for CI runners)')
    .option('--junit <file>', 'write JUnit XML here')
    .option('--json <file>', 'write the results with every report as JSON here')
    .option('--csv <file>', 'write the results as CSV here')
    .option('--rows <file>', 'append each finished row (with its report) to this JSON-lines file as it finishes')
    .option('--timeout <ms>', 'time limit of each phase of each attempt')
    .option('--retries <n>', 'retry rows whose failure is no broker decision (timeouts, refused connections) up to n times')
    .option('--warn-expiry <days>', 'warn of client or broker certificates expiring within this many days (default 30)')
    .option('--data-dir <dir>', `where saved profiles and the lab are, for profile: and lab: rows (default: ${defaultDataDir()})`)
    .option('--no-color', 'no colours')
    .action(async (file: string, flags: MatrixFlags) => {
      try {
        process.exitCode = await runMatrixCommand(file, flags);
      } catch (e) {
        if (e instanceof UsageError) {
          console.error(`keyhole matrix: ${printable(e.message)}`);
          process.exitCode = EXIT.usage;
          return;
        }
        throw e;
      }
    });
}

/** Saved profiles of the data folder, opened read-only on first use. */
function profileLookup(dataDir: string): { find: PlanContext['profile']; open: () => Promise<void> } {
  let service: ProfileService | null = null;
  return {
    open: async () => {
      service ??= await openProfileService({ store: createJsonFileStore(dataDir, { readOnly: true }) });
    },
    find: (wanted) => {
      if (!service) return err('the store is not open');
      try {
        const chosen = pick(service.listProfiles(), wanted, `the store in ${dataDir}`);
        const resolved = service.resolve(chosen.id);
        if (!resolved.ok) return err(resolved.error.message);
        const found: FoundProfile = {
          id: chosen.id,
          name: chosen.name,
          source: resolved.value,
          expect: fromProfileExpectation(chosen.expect),
        };
        return ok(found);
      } catch (e) {
        return err(e instanceof Error ? e.message : String(e));
      }
    },
  };
}

async function loadPlan(file: string, dataDir: string): Promise<{ ok: true; plan: MatrixPlan } | { ok: false; message: string }> {
  // The type is checked and the size bounded first: a FIFO would hang the run, /dev/zero fill memory.
  const read = await readBoundedFile(file, MAX_DOCUMENT_BYTES);
  if (!read.ok) return { ok: false, message: `cannot read ${file}: ${read.error.message}` };
  const text = read.value.toString('utf8');
  const parsed = parseMatrixText(text, basename(file));
  if (!parsed.ok) return { ok: false, message: parsed.error.message };
  const profiles = profileLookup(dataDir);
  const wantsProfiles = parsed.value.target.profile !== undefined || parsed.value.rows.some((r) => 'profile' in r);
  if (wantsProfiles) await profiles.open();
  const planned = await planMatrixFile(parsed.value, {
    baseDir: dirname(resolve(file)),
    env: process.env,
    ...(wantsProfiles && profiles.find ? { profile: profiles.find } : {}),
    lab: (port) => labSource(dataDir, port, new Date()),
  });
  return planned.ok ? { ok: true, plan: planned.value } : { ok: false, message: planned.error.message };
}

async function writeOutputs(
  flags: MatrixFlags,
  plan: MatrixPlan,
  run: RunnerResult,
  startedAt: string,
  shard?: Shard,
): Promise<string | null> {
  const shardText = shard ? `${shard.index}/${shard.count}` : undefined;
  const common = {
    matrixName: plan.name,
    target: plan.target.label,
    startedAt,
    summary: run.summary,
    rows: run.rows,
    ...(shardText ? { shard: shardText } : {}),
  };
  const outputs: [string | undefined, () => string][] = [
    [flags.junit, () => junitXml(common)],
    [flags.json, () => resultsJson({ ...common, finishedAt: new Date().toISOString(), state: run.state })],
    [flags.csv, () => resultsCsv(run.rows)],
  ];
  for (const [path, render] of outputs) {
    if (path === undefined) continue;
    try {
      // Whole or not at all: a cancelled or crashed run never leaves half a report for CI to read.
      await writeFileAtomic(resolve(path), render(), 0o644);
    } catch (e) {
      return `cannot write ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
    }
  }
  return null;
}

async function runMatrixCommand(file: string, flags: MatrixFlags): Promise<number> {
  const parsed = parseFlags(flags);
  const color = flags.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const loaded = await loadPlan(file, flags.dataDir ?? defaultDataDir());
  if (!loaded.ok) {
    console.error(`keyhole matrix: the matrix could not run: ${printable(loaded.message)}`);
    return EXIT.failed;
  }
  const { plan } = loaded;
  const rows = selectRows(plan.rows, parsed.shard ? { shard: parsed.shard } : {});
  const shardNote = parsed.shard ? ` (shard ${parsed.shard.index}/${parsed.shard.count} of ${plan.rows.length})` : '';
  console.log(`Matrix "${plan.name}": ${rows.length} rows${shardNote} against ${plan.target.label}, ${parsed.concurrency} at a time.`);
  const startedAt = new Date().toISOString();
  const log = flags.rows
    ? await createRunLog(resolve(flags.rows), {
        id: startedAt,
        matrixName: plan.name,
        target: plan.target.label,
        startedAt,
        total: rows.length,
      }).catch((e: unknown) => e as Error)
    : null;
  if (log instanceof Error) {
    console.error(`keyhole matrix: the matrix could not run: cannot create ${flags.rows}: ${log.message}`);
    return EXIT.failed;
  }
  const view = new MatrixProgressView(process.stdout, process.stderr, Boolean(process.stderr.isTTY), color);
  const stop = new AbortController();
  const onSignal = () => {
    view.note('Cancelling: rows in flight finish as cancelled, no new row starts …');
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let run: RunnerResult;
  try {
    run = await runMatrix(plan.target, rows, {
      concurrency: parsed.concurrency,
      signal: stop.signal,
      ...(parsed.rate !== undefined ? { rate: parsed.rate } : {}),
      ...(parsed.timeoutMs !== undefined ? { timeoutMs: parsed.timeoutMs } : {}),
      ...(parsed.retries !== undefined ? { retries: parsed.retries } : {}),
      ...(parsed.warnExpiry !== undefined ? { expiryWarningDays: parsed.warnExpiry } : {}),
      onRow: (row: MatrixRowRecord) => {
        log?.append(row);
        view.row(row);
      },
      onProgress: (p) => view.progress(p),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  view.finish();
  await log?.finish({ state: run.state, finishedAt: new Date().toISOString(), summary: run.summary });
  for (const line of resultTable(run.rows, color)) console.log(line);
  const s = run.summary;
  console.log(
    `\n${s.passed} of ${s.total} rows met their expectation; ${s.failed} failed${s.cancelled ? `, ${s.cancelled} cancelled` : ''}${s.notRun ? `, ${s.notRun} not run` : ''}${s.retried ? ` (${s.retried} after retries)` : ''}.`,
  );
  console.log(`${run.rows.length} rows in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.rate.toFixed(1)} rows/s.`);
  const failedToWrite = await writeOutputs(flags, plan, run, startedAt, parsed.shard);
  if (failedToWrite) {
    console.error(`keyhole matrix: ${failedToWrite}`);
    return EXIT.failed;
  }
  if (s.failed > 0) return EXIT.rejected;
  return run.state === 'cancelled' ? EXIT.failed : EXIT.accepted;
}
