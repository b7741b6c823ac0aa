// A thousand devices issued by the workbench's batch (`keyhole cert batch`) under the lab broker's
// own CA, their passwords loaded into a redis-server with the batch's `redis-commands.txt`, run
// as a matrix against `keyhole lab --redis`: every row reported once, none lost or doubled, and
// the rate printed. (The benchmark itself is not this test's business.)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { startRedis, type RedisServer } from '../../support/redis';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
const COUNT = 1000;
let dir: string;
let redis: RedisServer;
let lab: ChildProcess;
let labExited: Promise<number | null>;
let port: number;

const keyhole = (args: string[], timeoutMs = 120_000) => runCli(CLI, dir, args, {}, timeoutMs);

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-matrix-lab-batch-'));
  redis = await startRedis();
  // The lab trusts only its own CA and, with --redis, takes each device's password from the hash
  // of its certificate CN: the layout the batch's redis-commands.txt writes.
  const args = ['lab', '--data-dir', join(dir, 'data'), '--port', '0', '--redis', `redis://127.0.0.1:${redis.port}`];
  lab = spawn(process.execPath, [CLI, ...args, '--auth-query', 'HMGET tls_domain:%C password'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  const collect = (c: Buffer) => {
    if (out.length < 100_000) out += c.toString();
  };
  lab.stdout!.on('data', collect);
  lab.stderr!.on('data', collect);
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
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a matrix of a thousand batch devices against the lab broker', () => {
  it('reports every device once and prints the rate', async () => {
    // The lab's CA folder (lab/ in its data folder: ca.pem, ca-key.pem, ca.json) issues the batch.
    const batch = await keyhole(
      [
        ...['cert', 'batch', '--dir', join(dir, 'data/lab'), '--out', 'fleet', '--count', String(COUNT)],
        ...['--cn-pattern', 'sensor-{n}', '--matrix-host', '127.0.0.1', '--matrix-port', String(port)],
      ],
      300_000,
    );
    expect(batch.code, batch.stderr).toBe(0);
    const load = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port)], {
      input: await readFile(join(dir, 'fleet/redis-commands.txt')),
      encoding: 'utf8',
    });
    expect(load.status, load.stderr).toBe(0);
    const size = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), 'DBSIZE'], { encoding: 'utf8' });
    expect(size.stdout.trim()).toBe(String(COUNT));

    // The batch's matrix.json leaves the MQTT version to the client's default (5); the lab speaks
    // 3.1.1 only, so the run reads the batch's manifest through a matrix file that says so.
    const target = { host: '127.0.0.1', port, ca: ['fleet/ca.pem'], mqttVersion: '3.1.1' };
    const rows = [{ manifest: 'fleet/manifest.csv' }];
    await writeFile(
      join(dir, 'fleet-lab.json'),
      JSON.stringify({ version: 2, name: 'batch on the lab', target, defaults: { expect: 'accepted' }, rows }),
    );
    const run = await keyhole(['matrix', 'fleet-lab.json', '--concurrency', '16', '--junit', 'fleet.xml'], 480_000);
    expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
    const rate = /([\d.]+) rows\/s/.exec(run.stdout);
    expect(rate, run.stdout.slice(-1000)).not.toBeNull();
    console.log(`${COUNT} batch devices against the lab broker (Redis auth): ${rate![1]} rows/s`);

    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' });
    const doc = parser.parse(await readFile(join(dir, 'fleet.xml'), 'utf8')) as {
      testsuites: { '@_tests': string; '@_failures': string; testsuite: { testcase: { '@_name': string; failure?: unknown }[] } };
    };
    expect(doc.testsuites['@_tests']).toBe(String(COUNT));
    expect(doc.testsuites['@_failures']).toBe('0');
    const names = doc.testsuites.testsuite.testcase.map((c) => c['@_name']);
    expect(names).toHaveLength(COUNT);
    expect(new Set(names).size).toBe(COUNT);
    const manifest = (await readFile(join(dir, 'fleet/manifest.csv'), 'utf8')).trimEnd().split(/\r?\n/).slice(1);
    expect([...names].sort()).toEqual(manifest.map((line) => line.split(',')[0]).sort());
  }, 900_000);
});
