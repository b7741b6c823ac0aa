// `keyhole matrix` against the lab broker (`keyhole lab`), as a CI job runs it: every lab identity
// (each layer of rejection) with the outcome the lab gives it, one wrong expectation named, the
// JUnit file read back the way CI tools read it, and shards that cover the matrix exactly once.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJunit } from '../../support/junit';
import { DEMO_IDENTITIES } from '../../../electron/core/lab/demo-identities';
import { runCli } from '../../support/cli';
import { createRunLog, readRunLog } from '../../../electron/core/matrix/run-log';
import { runMatrix } from '../../../electron/core/matrix/runner';
import { labRow, labSource } from '../../../electron/core/matrix/sources';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
let root: string;
let dataDir: string;
let lab: ChildProcess;
let labExited: Promise<number | null>;
let port: number;

const keyhole = (args: string[]) => runCli(CLI, ROOT, args, {}, 120_000);

/** A matrix file of every lab identity; `expect` overrides some rows' expectations. */
async function matrixFile(name: string, expect: Record<string, string> = {}): Promise<string> {
  const rows = DEMO_IDENTITIES.map((d) => ({ lab: d.name, ...(expect[d.name] ? { expect: expect[d.name] } : {}) }));
  const file = join(root, `${name}.json`);
  await writeFile(file, JSON.stringify({ version: 2, name, target: { lab: true, port }, rows }, null, 2));
  return file;
}

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  root = await mkdtemp(join(tmpdir(), 'keyhole-matrix-cli-'));
  dataDir = join(root, 'data');
  lab = spawn(process.execPath, [CLI, 'lab', '--data-dir', dataDir, '--port', '0'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  lab.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  lab.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  labExited = new Promise((r) => lab.once('exit', (code) => r(code)));
  for (let i = 0; i < 400 && !out.includes('Stop with Ctrl+C.'); i++) await new Promise((r) => setTimeout(r, 50));
  port = Number(/Lab broker on port (\d+)/.exec(out)?.[1]);
  if (!port) throw new Error(`the lab did not start:\n${out}`);
}, 120_000);

afterAll(async () => {
  if (lab) {
    lab.kill('SIGINT');
    await labExited;
  }
  if (root) await rm(root, { recursive: true, force: true });
});

describe('keyhole matrix against the lab broker', () => {
  it('passes every identity with the outcome it should get, and writes JUnit CI tools read', async () => {
    expect(DEMO_IDENTITIES.length).toBeGreaterThanOrEqual(12);
    const file = await matrixFile('lab-all');
    const out = join(root, 'all.xml');
    const run = await keyhole(['matrix', file, '--data-dir', dataDir, '--junit', out]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const suites = await readJunit(out);
    expect(suites['@_tests']).toBe(String(DEMO_IDENTITIES.length));
    expect(suites['@_failures']).toBe('0');
    const suite = suites.testsuite[0]!;
    expect(suite.testcase.map((c) => c['@_name']).sort()).toEqual(DEMO_IDENTITIES.map((d) => d.name).sort());
    expect(suite.testcase.filter((c) => c.failure)).toEqual([]);
  }, 180_000);

  it('fails naming the row whose expectation is wrong, in its output and as a JUnit failure', async () => {
    const file = await matrixFile('lab-one-wrong', { 'revoked-device': 'accepted' });
    const out = join(root, 'wrong.xml');
    const run = await keyhole(['matrix', file, '--data-dir', dataDir, '--junit', out]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('revoked-device');
    const suites = await readJunit(out);
    expect(suites['@_failures']).toBe('1');
    const suite = suites.testsuite[0]!;
    expect(suite['@_tests']).toBe(String(suite.testcase.length));
    const failed = suite.testcase.filter((c) => c.failure);
    expect(failed.map((c) => c['@_name'])).toEqual(['revoked-device']);
    expect(failed[0]!.failure!['@_message']).toMatch(/revoked/i);
  }, 180_000);

  it('covers the whole matrix exactly once over --shard 1/4 … 4/4', async () => {
    const file = await matrixFile('lab-shards');
    const names: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const out = join(root, `shard-${i}.xml`);
      const run = await keyhole(['matrix', file, '--data-dir', dataDir, '--shard', `${i}/4`, '--junit', out]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      names.push(...(await readJunit(out)).testsuite[0]!.testcase.map((c) => c['@_name']));
    }
    expect(names).toHaveLength(DEMO_IDENTITIES.length);
    expect([...names].sort()).toEqual(DEMO_IDENTITIES.map((d) => d.name).sort());
  }, 240_000);

  it('exits 64 on a malformed shard and 2 when the matrix cannot run', async () => {
    const file = await matrixFile('lab-usage');
    expect((await keyhole(['matrix', file, '--shard', '5/4'])).code).toBe(64);
    const missing = await keyhole(['matrix', join(root, 'absent.yaml'), '--data-dir', dataDir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr + missing.stdout).toContain('absent.yaml');
  }, 60_000);
});

describe('a run cancelled in the middle', () => {
  it('reports each row once (finished or cancelled), writes whole lines and a summary that agrees', async () => {
    const lab = await labSource(dataDir, port, new Date());
    if (!lab.ok) throw new Error(lab.error);
    const device = lab.value.profiles.find((p) => p.name === 'device-001')!;
    const rows = Array.from({ length: 80 }, (_, i) => {
      const name = `device-001 #${i + 1}`;
      return labRow(device, { index: i, id: name, name }, { access: false, retries: 0 });
    });
    const log = await createRunLog(join(root, 'cancelled.jsonl'), {
      id: 'run-1',
      matrixName: 'cancel',
      target: lab.value.target.label,
      startedAt: new Date().toISOString(),
      total: rows.length,
    });
    const stop = new AbortController();
    let seen = 0;
    const result = await runMatrix(lab.value.target, rows, {
      concurrency: 4,
      rate: 40,
      signal: stop.signal,
      onRow: (row) => {
        log.append(row);
        if (++seen === 10) stop.abort();
      },
    });
    await log.finish({ state: result.state, finishedAt: new Date().toISOString(), summary: result.summary });
    expect(result.state).toBe('cancelled');
    const file = await readRunLog(log.path);
    expect(file.skipped).toBe(0);
    expect(file.end?.state).toBe('cancelled');
    const ids = file.rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(ids.length).toBeLessThan(rows.length);
    const s = file.end!.summary;
    expect(s.total).toBe(rows.length);
    expect(s.passed + s.failed + s.cancelled).toBe(file.rows.length);
    expect(s.notRun).toBe(rows.length - file.rows.length);
    expect(s.passed).toBe(file.rows.filter((r) => r.status === 'pass').length);
    expect(file.rows.filter((r) => r.status === 'fail')).toEqual([]);
  }, 120_000);
});
