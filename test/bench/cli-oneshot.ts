// Benchmark 2, CLI one-shot: `keyhole connect` as a whole process (the built CLI, start to exit)
// against a minimal Node script doing a bare mqtt.js connect with the same files, the same Node
// and the same mosquitto mTLS listener, alternating run by run; both accepted. Also the cost of
// loading the CLI's modules: `keyhole connect --help` (every module `keyhole connect` loads, and
// no network) and the bare script's own `import('mqtt')`, against `node -e 0`; and where one
// `keyhole connect` spends its CPU time, by package, from a `node --cpu-prof` profile.
// Rebuilds the CLI first (esbuild, a second), so the figure is of the source as it is.
//   node build/run-ts.mjs test/bench/cli-oneshot.ts [RUNS]      (KEYHOLE_BENCH_QUICK=1: 8 runs)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makePki } from '../support/pki';
import { startMosquitto } from '../support/mosquitto';
import { emitRows, median, row, type BenchRow } from './rows';

const QUICK = process.env.KEYHOLE_BENCH_QUICK === '1';
const RUNS = Number(process.argv[2] ?? (QUICK ? 8 : 30));
const WARMUP = 2;
const CLI = resolve('out/cli/keyhole.mjs');

/** The baseline: what a script that only wants to know "does this identity get in" would do. */
const BARE_SCRIPT = `import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
const [url, ca, cert, key] = process.argv.slice(2);
const client = mqtt.connect(url, { ca: readFileSync(ca), cert: readFileSync(cert), key: readFileSync(key), protocolVersion: 5, reconnectPeriod: 0 });
client.once('connect', () => { console.log('accepted'); client.end(true, () => process.exit(0)); });
client.once('error', (e) => { console.error(e.message); process.exit(1); });
`;

execFileSync(process.execPath, ['build/build-cli.mjs'], { stdio: 'inherit' });

const dir = await mkdtemp(join(tmpdir(), 'keyhole-bench-cli-'));
// Beside node_modules, so that `import 'mqtt'` resolves as in the project.
const bareScript = join(resolve('node_modules'), `.bench-bare-connect-${process.pid}.mjs`);
await writeFile(bareScript, BARE_SCRIPT);
const pki = await makePki(dir);
const broker = await startMosquitto({
  tls: { cafile: pki.ca.cert, certfile: pki.server.cert, keyfile: pki.server.key, requireCertificate: true, useIdentityAsUsername: true },
});
const url = `mqtts://127.0.0.1:${broker.port}`;

/**
 * Wall time of one process from spawn to exit, and the CPU time it used (user + system, from
 * GNU time): on a machine shared with other jobs the CPU time is the steadier of the two.
 * Throws unless the process exits 0.
 */
function timed(args: string[]): Promise<{ wall: number; cpu: number }> {
  return new Promise((done, fail) => {
    const t = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      const wall = performance.now() - t;
      const cpu = /cpu (\d+\.\d+) (\d+\.\d+)\s*$/.exec(stderr);
      if (code === 0 && cpu) done({ wall, cpu: (Number(cpu[1]) + Number(cpu[2])) * 1000 });
      else fail(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

type RunName = 'keyhole' | 'bare' | 'help' | 'importMqtt' | 'node';
const runs: Record<RunName, { args: string[]; ms: number[]; cpu: number[] }> = {
  keyhole: {
    args: [CLI, 'connect', url, '--ca', pki.ca.cert, '--cert', pki.clientGood.cert, '--key', pki.clientGood.key],
    ms: [],
    cpu: [],
  },
  bare: { args: [bareScript, url, pki.ca.cert, pki.clientGood.cert, pki.clientGood.key], ms: [], cpu: [] },
  help: { args: [CLI, 'connect', '--help'], ms: [], cpu: [] },
  importMqtt: { args: ['--input-type=module', '-e', "await import('mqtt')"], ms: [], cpu: [] },
  node: { args: ['-e', '0'], ms: [], cpu: [] },
};

/** Where one process spends its CPU time, by package (self time of the profile's samples). */
async function profileOnce(args: string[]): Promise<void> {
  const profDir = join(dir, 'cpu-prof');
  await timed(['--cpu-prof', `--cpu-prof-dir=${profDir}`, ...args]);
  const [name] = await readdir(profDir);
  const profile = JSON.parse(await readFile(join(profDir, name!), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const where = ownerOf(byId.get(id)?.callFrame.url ?? '', byId.get(id)?.callFrame.functionName ?? '');
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`  one keyhole connect under --cpu-prof, ${total.toFixed(0)} ms sampled, self time by owner:`);
  for (const [owner, ms] of top) console.log(`    ${ms.toFixed(1).padStart(7)} ms  ${owner}`);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a frame belongs to: node_modules/<pkg>, keyhole's own bundle, Node itself, or V8's pseudo-frames. */
function ownerOf(url: string, fn: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.includes('/out/cli/')) return 'keyhole (out/cli)';
  if (url.startsWith('node:')) return 'node (built-in modules)';
  return url ? url : fn || '(unknown)';
}

const rows: BenchRow[] = [];
try {
  const order = Object.keys(runs) as RunName[];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // Alternate the order round by round so that drift in the machine's load falls on all alike.
    for (const name of i % 2 ? [...order].reverse() : order) {
      const { wall, cpu } = await timed(runs[name].args);
      if (i >= WARMUP) {
        runs[name].ms.push(wall);
        runs[name].cpu.push(cpu);
      }
    }
  }
  const m = Object.fromEntries(Object.entries(runs).map(([name, r]) => [name, median(r.ms)])) as Record<RunName, number>;
  const c = Object.fromEntries(Object.entries(runs).map(([name, r]) => [name, median(r.cpu)])) as Record<RunName, number>;
  console.log(`cli one-shot, ${RUNS} runs each (after ${WARMUP} warm-up), mosquitto mTLS on 127.0.0.1, ${process.version}`);
  const line = (what: string, name: RunName, extra = '') =>
    console.log(`  ${what.padEnd(25)} median ${m[name].toFixed(1).padStart(7)} ms wall, ${c[name].toFixed(0).padStart(5)} ms CPU${extra}`);
  line('keyhole connect', 'keyhole');
  line('bare mqtt.js script', 'bare', `   ratio ${(m.keyhole / m.bare).toFixed(2)} wall, ${(c.keyhole / c.bare).toFixed(2)} CPU`);
  line('keyhole connect --help', 'help', '   (loading what connect loads, no network)');
  line('node -e "import(\'mqtt\')"', 'importMqtt');
  line('node -e 0', 'node', "   (Node's own start)");
  await profileOnce(runs.keyhole.args);
  const note = `${RUNS} runs each, alternating; whole processes, accepted; mosquitto mTLS, TLS 1.3`;
  rows.push(
    row({
      bench: 'cli-oneshot',
      figure: 'keyhole connect, whole process (median)',
      value: m.keyhole,
      unit: 'ms',
      baseline: 'bare mqtt.js script',
      baselineValue: m.bare,
      target: { op: '<=', ratio: 1.2 },
      note,
    }),
    row({
      bench: 'cli-oneshot',
      figure: 'keyhole connect, CPU time user+sys (median)',
      value: c.keyhole,
      unit: 'ms',
      baseline: 'bare mqtt.js script',
      baselineValue: c.bare,
      target: null,
      note: `${note}; CPU time is steadier than wall time on a shared machine`,
    }),
    row({
      bench: 'cli-oneshot',
      figure: 'module loading: keyhole connect --help (median)',
      value: m.help,
      unit: 'ms',
      baseline: 'node -e "import(\'mqtt\')"',
      baselineValue: m.importMqtt,
      target: null,
      note: `wall time; node -e 0: ${m.node.toFixed(1)} ms`,
    }),
  );
} finally {
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
  await rm(bareScript, { force: true });
}
emitRows(rows);
