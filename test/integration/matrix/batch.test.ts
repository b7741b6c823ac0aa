// A thousand devices issued by the workbench's batch (`keyhole cert batch`), run as a matrix
// against mosquitto requiring their CA's client certificates: every row reported once, none lost
// or doubled, and the rate printed. (The benchmark itself is not this test's business.)
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { useBrokers } from '../../support/mosquitto';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
const ENV = { CA_PASS: 'ca secret' };
const COUNT = 1000;
const brokers = useBrokers();
let dir: string;

const keyhole = (args: string[], timeoutMs = 120_000) => runCli(CLI, dir, args, ENV, timeoutMs);

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-matrix-batch-'));
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a matrix of a thousand batch devices', () => {
  it('reports every device once against mosquitto and prints the rate', async () => {
    const cert = (...a: string[]) => keyhole(['cert', ...a]);
    expect((await cert('ca', '--dir', 'ca', '--cn', 'Fleet CA', '--passphrase-env', 'CA_PASS')).code).toBe(0);
    const issued = await cert(
      ...['issue', '--dir', 'ca', '--ca-passphrase-env', 'CA_PASS', '--type', 'server', '--cn', 'localhost'],
      ...['--ip', '127.0.0.1', '--dns', 'localhost', '--out', 'broker'],
    );
    expect(issued.code, issued.stderr).toBe(0);
    const broker = await brokers.start({
      tls: {
        cafile: join(dir, 'ca/ca.pem'),
        certfile: join(dir, 'broker/localhost.pem'),
        keyfile: join(dir, 'broker/localhost-key.pem'),
        requireCertificate: true,
        useIdentityAsUsername: true,
      },
    });
    const batch = await cert(
      ...['batch', '--dir', 'ca', '--ca-passphrase-env', 'CA_PASS', '--out', 'fleet', '--count', String(COUNT)],
      ...['--cn-pattern', 'sensor-{n}', '--matrix-host', '127.0.0.1', '--matrix-port', String(broker.port)],
    );
    expect(batch.code, batch.stderr).toBe(0);

    const run = await keyhole(['matrix', 'fleet/matrix.json', '--concurrency', '16', '--junit', 'fleet.xml'], 300_000);
    expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
    const rate = /([\d.]+) rows\/s/.exec(run.stdout);
    expect(rate, run.stdout.slice(-1000)).not.toBeNull();
    console.log(`${COUNT} batch devices against mosquitto: ${rate![1]} rows/s`);

    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' });
    const doc = parser.parse(await readFile(join(dir, 'fleet.xml'), 'utf8')) as {
      testsuites: { '@_tests': string; '@_failures': string; testsuite: { testcase: { '@_name': string; failure?: unknown }[] } };
    };
    expect(doc.testsuites['@_tests']).toBe(String(COUNT));
    expect(doc.testsuites['@_failures']).toBe('0');
    const names = doc.testsuites.testsuite.testcase.map((c) => c['@_name']);
    expect(new Set(names).size).toBe(COUNT);
    const manifest = (await readFile(join(dir, 'fleet/manifest.csv'), 'utf8')).trimEnd().split(/\r?\n/).slice(1);
    expect([...names].sort()).toEqual(manifest.map((line) => line.split(',')[0]).sort());
  }, 600_000);
});
