// `npm run bench`: every benchmark listed below, each in its own process (so none inherits
// another's warm caches or heap), its output streamed as it runs and its rows collected from the
// JSON it writes to KEYHOLE_BENCH_OUT. Ends with one table and out/bench/bench.json (the machine
// and the rows). Exit code 0 whatever the figures (a missed target is a finding, not a failed
// build); 1 when a benchmark could not run (crashed, or wrote no rows).
//   npm run bench [-- --quick] [-- --only connect,issuing]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatRows, type BenchRow } from './rows';

/** The benchmarks, in the order they run (issue numbers 1–7 of the performance table). */
const BENCHMARKS = ['connect', 'cli-oneshot', 'matrix-throughput', 'message-flood', 'issuing', 'store-scale', 'startup'] as const;

const OUT = 'out/bench/bench.json';
const OUT_MARKDOWN = 'out/bench/bench.md';

function parseArgs(argv: readonly string[]): { quick: boolean; only: string[] | null } {
  let quick = false;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg.startsWith('--only=')) only = arg.slice('--only='.length).split(',').filter(Boolean);
    else {
      console.error(`unknown option ${arg}; usage: npm run bench [-- --quick] [-- --only name,name]`);
      process.exit(64);
    }
  }
  const unknown = (only ?? []).filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length) {
    console.error(`no benchmark named ${unknown.join(', ')}; known: ${BENCHMARKS.join(', ')}`);
    process.exit(64);
  }
  return { quick, only };
}

/** Runs one benchmark script in its own Node process; resolves with its exit code and the rows it wrote. */
function runOne(name: string, quick: boolean, outFile: string): Promise<{ code: number | null; rows: BenchRow[] | null; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['build/run-ts.mjs', `test/bench/${name}.ts`], {
      stdio: 'inherit',
      env: { ...process.env, KEYHOLE_BENCH_OUT: outFile, ...(quick ? { KEYHOLE_BENCH_QUICK: '1' } : {}) },
    });
    child.once('error', (e) => resolve({ code: null, rows: null, error: e.message }));
    child.once('exit', (code, signal) => {
      let rows: BenchRow[] | null = null;
      let error: string | undefined;
      try {
        if (existsSync(outFile)) rows = (JSON.parse(readFileSync(outFile, 'utf8')) as BenchRow[]).map(revive);
      } catch (e) {
        error = `its rows are not JSON (${(e as Error).message})`;
      }
      if (code !== 0) error = signal ? `killed by ${signal}` : `exit code ${code}`;
      else if (!rows) error ??= 'it wrote no rows';
      resolve({ code, rows, error });
    });
  });
}

/** JSON writes NaN as null: a row read back gets its NaN again. */
function revive(r: BenchRow): BenchRow {
  const num = (n: number | null) => (typeof n === 'number' ? n : Number.NaN);
  return { ...r, value: num(r.value), baselineValue: num(r.baselineValue), ratio: num(r.ratio) };
}

/** The row the table shows for a benchmark that could not run. */
function failedRow(bench: string, why: string): BenchRow {
  return {
    bench,
    figure: `FAILED: ${why}`,
    value: Number.NaN,
    unit: '',
    baseline: '',
    baselineValue: Number.NaN,
    ratio: Number.NaN,
    target: null,
    met: null,
  };
}

/** The table as Markdown, with the machine it ran on: what docs/performance.md holds. */
function markdown(list: readonly BenchRow[], on: Record<string, unknown>, isQuick: boolean): string {
  const n = (x: number) => (Number.isNaN(x) ? '' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    `Measured ${String(on.date)}${isQuick ? ' (--quick)' : ''} on ${String(on.cpu)}, ${String(on.cores)} cores, ${String(on.memoryGiB)} GiB, ${String(on.os)}, Node ${String(on.node)}.`,
    '',
    '| bench | figure | value | baseline | ratio | target | met | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...list.map((r) =>
      [
        r.bench,
        r.figure,
        `${n(r.value)} ${r.unit}`.trim(),
        r.baseline ? `${r.baseline} ${n(r.baselineValue)}` : '',
        n(r.ratio),
        r.target ? `${r.target.op === '<=' ? '≤' : '≥'} ${r.target.ratio}` : '',
        r.met === null ? '' : r.met ? 'met' : '**missed**',
        r.note ?? '',
      ]
        .map(cell)
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function machine(): Record<string, unknown> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

const { quick, only } = parseArgs(process.argv.slice(2));
const temp = mkdtempSync(join(tmpdir(), 'keyhole-bench-rows-'));
const rows: BenchRow[] = [];
const failed: string[] = [];
const skipped: string[] = [];
try {
  for (const name of BENCHMARKS) {
    if (only && !only.includes(name)) continue;
    if (!existsSync(`test/bench/${name}.ts`)) {
      console.log(`\n=== ${name}: not present (test/bench/${name}.ts does not exist yet), skipped`);
      skipped.push(name);
      continue;
    }
    console.log(`\n=== ${name}${quick ? ' (quick)' : ''}`);
    const started = performance.now();
    const result = await runOne(name, quick, join(temp, `${name}.json`));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result.error) {
      console.log(`=== ${name}: could not run: ${result.error} (${seconds} s)`);
      failed.push(name);
      rows.push(failedRow(name, result.error));
      continue;
    }
    console.log(`=== ${name}: ${result.rows!.length} rows in ${seconds} s`);
    rows.push(...result.rows!);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

console.log(`\n${formatRows(rows)}`);
for (const name of skipped) console.log(`${name}: not present`);
const missed = rows.filter((r) => r.met === false).length;
console.log(
  `\n${rows.filter((r) => r.met === true).length} targets met, ${missed} missed${failed.length ? `, ${failed.length} benchmark(s) could not run: ${failed.join(', ')}` : ''}.`,
);
mkdirSync('out/bench', { recursive: true });
const measuredOn = machine();
writeFileSync(OUT, `${JSON.stringify({ machine: measuredOn, quick, rows }, null, 2)}\n`);
writeFileSync(OUT_MARKDOWN, markdown(rows, measuredOn, quick));
console.log(`Written to ${OUT} and ${OUT_MARKDOWN} (the table for docs/performance.md).`);
process.exitCode = failed.length ? 1 : 0;
