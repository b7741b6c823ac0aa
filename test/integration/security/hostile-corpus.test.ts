// The hostile corpus (test/fixtures/hostile/manifest.ts): files that are cut off, random, empty,
// huge, nested 100,000 deep, full of __proto__ keys, of the wrong type, costly to unlock, or no
// files at all, fed to the `keyhole` command and to the app's import channels. Each must end in
// its specific error and exit code, with the command's peak memory bounded (measured by
// /usr/bin/time), and without polluting a prototype or leaving a rejection unhandled.
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectReport } from '../../../shared/connect/report';
import { openAppCore, type AppCore } from '../../../electron/core/host/app-core';
import { HOSTILE_CORPUS, type ApiCheck, type CliCheck, type HostileEntry, type HostileInput } from '../../fixtures/hostile/manifest';
import { recordUnhandled } from '../../support/connect-harness';
import { HOSTILE_FIXTURES, makeHostileFiles, type GeneratedFile } from '../../support/hostile-files';
import { freePort } from '../../support/ports';

recordUnhandled();

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'out/cli/keyhole.mjs');
/** Peak RSS a command may reach on any entry: Node itself takes about 90 MB. */
const MAX_RSS_KB = 512 * 1024;
/** A hang guard, not a speed limit: every entry ends within seconds. */
const HANG_MS = 180_000;
/** printf's spelling of the file name that is no UTF-8 (0xff 0xfe), for the shell that passes it as bytes. */
const RAW = '@@RAW-NAME@@';

let dir = '';
let generated: Record<GeneratedFile, string>;
let url = '';
let core: AppCore;
const rss: { name: string; kb: number }[] = [];

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['build/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:cli failed: ${build.stderr}${build.stdout}`);
  dir = await mkdtemp(join(tmpdir(), 'keyhole-hostile-corpus-'));
  await mkdir(join(dir, 'in'));
  generated = await makeHostileFiles(join(dir, 'in'));
  url = `mqtts://127.0.0.1:${await freePort()}`;
  // The desktop app's configuration: it may read paths an import names, so its readers are exercised.
  core = await openAppCore({ dataDir: join(dir, 'data'), host: 'electron', version: 'test', allowPathImport: true, send: () => undefined });
}, 600_000);

afterAll(async () => {
  await core?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (rss.length) {
    const top = [...rss].sort((a, b) => b.kb - a.kb).slice(0, 5);
    console.log(
      `hostile corpus: ${HOSTILE_CORPUS.length} entries, ${rss.length} command runs; peak RSS ` +
        top.map((r) => `${r.name} ${(r.kb / 1024).toFixed(0)} MB`).join(', '),
    );
  }
});

const pathOf = (input: HostileInput): string =>
  'fixture' in input ? join(HOSTILE_FIXTURES, input.fixture) : 'device' in input ? input.device : generated[input.generated];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  rssKb: number;
}

/** The built command under /usr/bin/time, through a shell so that one argument can be raw bytes. */
function runCommand(args: string[], env: Record<string, string>): Promise<Run> {
  const script = [
    'for a do shift; if [ "$a" = "$RAW_MARK" ]; then a=$(printf "$RAW_NAME"); fi; set -- "$@" "$a"; done',
    'exec /usr/bin/time -q -f "KEYHOLE_RSS_KB=%M" "$@"',
  ].join('\n');
  return new Promise((done) => {
    const child = execFile(
      '/bin/sh',
      ['-c', script, 'sh', process.execPath, CLI, ...args],
      {
        cwd: dir,
        env: {
          ...process.env,
          NO_COLOR: '1',
          RAW_MARK: RAW,
          RAW_NAME: `${join(dir, 'in')}/\\377\\376.pem`,
          HOSTILE_PASS: 'hostile',
          ...env,
        },
        timeout: HANG_MS,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const m = /KEYHOLE_RSS_KB=(\d+)\s*$/.exec(stderr);
        done({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr: m ? stderr.slice(0, m.index) : stderr,
          rssKb: m ? Number(m[1]) : Number.NaN,
        });
      },
    );
    child.stdin?.end();
  });
}

async function checkCli(entry: HostileEntry, check: CliCheck): Promise<void> {
  const input = pathOf(entry.input);
  const fill = async (a: string) => {
    if (a === '@{in}') return readFile(input, 'utf8');
    if (entry.name === 'name-not-utf8' && a === '{in}') return RAW;
    return a
      .replace('{in}', input)
      .replace('{url}', url)
      .replace('{dir}', join(dir, 'in'))
      .replace('{fixtures}', HOSTILE_FIXTURES.replace(/\/$/, ''));
  };
  const args = await Promise.all(check.args.map(fill));
  const run = await runCommand(check.cause ? [...args, '--json'] : args, {});
  const shown = `${entry.name}: exit ${run.code}\n${run.stderr.slice(0, 2000)}\n${run.stdout.slice(0, 2000)}`;
  expect(run.code, shown).not.toBeNull();
  expect(run.rssKb, shown).toBeLessThan(MAX_RSS_KB);
  rss.push({ name: entry.name, kb: run.rssKb });
  expect(run.code, shown).toBe(check.exit);
  // Never a stack trace; never a control character (NO_COLOR is set, and names from files are escaped).
  // eslint-disable-next-line no-control-regex
  expect(run.stderr, shown).not.toMatch(/\n\s+at .+:\d+:\d+|Maximum call stack|RangeError|[\x00-\x08\x0b-\x1f\x7f]/);
  // eslint-disable-next-line no-control-regex
  if (!check.cause) expect(run.stdout, shown).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  if (check.cause) {
    const report = ConnectReport.parse(JSON.parse(run.stdout));
    expect(report.cause, shown).toBe(check.cause);
    if (check.errorCode) expect(report.evidence.errorCode, shown).toBe(check.errorCode);
    if (check.explanation) expect(report.explanation, shown).toMatch(check.explanation);
    expect(report.explanation, shown).not.toMatch(/\[object|undefined/);
  }
  if (check.stderr) expect(run.stderr, shown).toMatch(check.stderr);
  if (check.stdout) expect(run.stdout, shown).toMatch(check.stdout);
}

async function checkApi(entry: HostileEntry, check: ApiCheck): Promise<void> {
  const path = pathOf(entry.input);
  const fileName = basename(path);
  let result: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  if (check.channel === 'files:import') {
    result = await core.api.call('files:import', { slot: check.slot ?? 'ca', file: { source: 'path', path } });
  } else {
    // What a browser sends after reading the file as text.
    const text = (await readFile(path)).toString('utf8');
    result =
      check.channel === 'matrix:import'
        ? await core.api.call('matrix:import', { text, fileName, path })
        : await core.api.call(check.channel, { text, fileName });
  }
  const shown = `${entry.name}: ${JSON.stringify(result).slice(0, 2000)}`;
  if (check.problem) {
    expect(result.ok, shown).toBe(true);
    expect((result.value as { problem?: string }).problem, shown).toMatch(check.problem);
  }
  if (check.code || check.message) {
    expect(result.ok, shown).toBe(false);
    if (check.code) expect(result.error?.code, shown).toBe(check.code);
    if (check.message) expect(result.error?.message, shown).toMatch(check.message);
  }
  if (!result.ok) expect(result.error?.message.length, shown).toBeGreaterThan(10);
  if (check.unreadable) {
    expect(result.ok, shown).toBe(true);
    const items = (result.value as { items: { files: { status: string; reason?: string }[] }[] }).items;
    const unreadable = items.flatMap((i) => i.files).filter((f) => f.status === 'unreadable');
    expect(unreadable.length, shown).toBeGreaterThan(0);
    for (const f of unreadable) expect(f.reason, shown).toMatch(check.unreadable);
  }
}

describe('the hostile corpus', () => {
  it('has at least 60 entries, each named once, each run somewhere', () => {
    expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(HOSTILE_CORPUS.map((e) => e.name)).size).toBe(HOSTILE_CORPUS.length);
    for (const e of HOSTILE_CORPUS) expect(e.cli ?? e.api, e.name).toBeDefined();
  });

  // Commands run a few at a time: each spends most of its time starting Node.
  describe.concurrent.each(HOSTILE_CORPUS.map((e) => [e.name, e] as const))('%s', (_name, entry) => {
    if (entry.cli) {
      const cli = entry.cli;
      it(
        `keyhole ${cli.args.slice(0, 2).join(' ')}: exit ${cli.exit}${cli.cause ? `, ${cli.cause}` : ''}`,
        () => checkCli(entry, cli),
        HANG_MS + 10_000,
      );
    }
    if (entry.api) {
      const api = entry.api;
      it(
        `${api.channel}${api.code ? `: ${api.code}` : ''}`,
        async () => {
          await checkApi(entry, api);
          // No key of any hostile file reached a prototype.
          expect(Object.keys(Object.prototype)).toEqual([]);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
        },
        HANG_MS,
      );
    }
  });
});
