// `keyhole demo` and `keyhole lab` through the bundled command, as a user or a CI job runs them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDENTITIES } from '../../../electron/core/lab/demo-identities';
import { runCli } from '../../support/cli';
import { reportOf } from '../../support/cli';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
let root: string;

const keyhole = (args: string[], timeoutMs = 60_000) => runCli(CLI, ROOT, args, {}, timeoutMs);

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  root = await mkdtemp(join(tmpdir(), 'keyhole-lab-cli-'));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('keyhole demo', () => {
  it.each([[[]], [['--tls', '1.2']]])('prints identity → expected → verdict → cause → explanation and exits 0 (%j)', async (extra) => {
    const dataDir = join(root, `demo-${extra.length}`);
    const run = await keyhole(['demo', '--data-dir', dataDir, '--port', '0', ...extra]);
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^\s+identity\s+expected\s+verdict\s+cause\s+explanation$/));
    for (const spec of DEMO_IDENTITIES) {
      const row = lines.find((l) => l.startsWith(`✓  ${spec.name} `));
      expect(row, spec.name).toBeDefined();
    }
    expect(run.stdout).toContain(`${DEMO_IDENTITIES.length} of ${DEMO_IDENTITIES.length} identities got the outcome they should.`);
    expect(run.stdout).toMatch(
      /✓ {2}revoked-device +client-cert-revoked +rejected +client-cert-revoked +The broker rejected .+ with TLS alert 44/,
    );
  });

  it("shows the lab's side of each attempt with --verbose", async () => {
    const run = await keyhole(['demo', '--data-dir', join(root, 'demo-0'), '--port', '0', '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'lab: TLSv1.3: client certificate CN "revoked-device" rejected: CERT_REVOKED (certificate revoked); sent alert 44 certificate_revoked',
    );
    expect(run.stdout).toContain(
      'lab: auth built-in: table entry for CN "rogue-device" → not-found (no entry for this CN); refused: unknown identity',
    );
  });

  it('exits 2 with the reason when the lab cannot start', async () => {
    const dataDir = join(root, 'damaged');
    await keyhole(['demo', '--data-dir', dataDir, '--port', '0']);
    await writeFile(join(dataDir, 'lab', 'lab.json'), 'not json');
    const run = await keyhole(['demo', '--data-dir', dataDir, '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`keyhole demo: the lab did not start: ${join(dataDir, 'lab', 'lab.json')} is not valid JSON.`);
  });
});

describe('keyhole lab', () => {
  it.each([
    [['--redis', 'redis://127.0.0.1:6379'], '--redis needs --auth-query'],
    [['--auth-query', 'GET %C'], '--auth-query needs --redis URL'],
    [['--redis', 'redis://127.0.0.1:6379', '--auth-query', 'HMGET tls_domain:%Q password'], 'Unknown placeholder "%Q" at column 18'],
    [['--redis', 'redis://127.0.0.1:6379', '--auth-query', "HMGET 'tls_domain:%C password"], "The ' opened at column 7 is never closed."],
    [['--port', '70000'], '--port takes a port number from 0 to 65535'],
  ])('refuses %j with exit 64', async (args, message) => {
    const run = await keyhole(['lab', '--data-dir', join(root, 'usage'), ...args]);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain(message);
  });

  it('runs in a terminal with its identities and log, serves keyhole connect, and stops on SIGINT', async () => {
    const dataDir = join(root, 'lab');
    const child = spawn(process.execPath, [CLI, 'lab', '--data-dir', dataDir, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      for (let i = 0; i < 200 && !out.includes('Stop with Ctrl+C.'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain('Stop with Ctrl+C.');
      const port = Number(/Lab broker on port (\d+)/.exec(out)?.[1]);
      expect(out).toMatch(/rogue-device +rogue-device +CN not allowed/);
      expect(out).toMatch(/quiet-device +quiet-device +allowed +no topic rights/);
      const lab = join(dataDir, 'lab');
      const connect = await runCli(CLI, ROOT, [
        'connect',
        `mqtts://localhost:${port}`,
        '--mqtt',
        '3.1.1',
        '--ca',
        join(lab, 'ca.pem'),
        '--cert',
        join(lab, 'devices/expired-device.pem'),
        '--key',
        join(lab, 'devices/expired-device-key.pem'),
        '--json',
      ]);
      expect(connect.code).toBe(1);
      expect(reportOf(connect).cause).toBe('client-cert-expired');
      for (let i = 0; i < 100 && !out.includes('closed: client certificate rejected'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(
        'client certificate CN "expired-device" rejected: CERT_HAS_EXPIRED (certificate has expired); sent alert 45 certificate_expired',
      );
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('Lab broker stopped.');
  });
});
