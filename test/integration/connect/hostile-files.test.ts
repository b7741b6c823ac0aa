// `keyhole connect` given things that are not files: each is refused at once with exit 64 and a
// sentence naming the kind, instead of hanging on a FIFO or filling memory from /dev/zero.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
let dir = '';
let fifo = '';

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-hostile-files-'));
  fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('keyhole connect with files that are not files', () => {
  it.each([
    [['--ca', '/dev/zero'], '--ca: "/dev/zero" is a character device, not a file'],
    [['--ca', '/dev/urandom'], '--ca: "/dev/urandom" is a character device, not a file'],
    [['--ca', 'FIFO'], '--ca: "FIFO" is a named pipe (FIFO), not a file'],
    [['--cert', '/dev/zero', '--key', 'FIFO'], '--cert: "/dev/zero" is a character device'],
    [['--profiles', 'FIFO', '--profile', 'x'], '--profiles: "FIFO" is a named pipe (FIFO), not a file'],
  ])('%j is refused with exit 64', async (flags, message) => {
    const args = flags.map((f) => (f === 'FIFO' ? fifo : f));
    // A hang would end in the runner's 20 s limit with code null.
    const run = await runCli(CLI, ROOT, ['connect', 'mqtts://127.0.0.1:1', ...args]);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain(message.replace('FIFO"', `${fifo}"`));
  });
});

describe('keyhole connect with a __proto__ user property', () => {
  it('is refused with exit 64 instead of sending a CONNECT without it', async () => {
    const run = await runCli(CLI, ROOT, ['connect', 'mqtts://127.0.0.1:1', '--mqtt', '5', '--user-property', '__proto__=x']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('--user-property: the name "__proto__" is not accepted');
  });
});
