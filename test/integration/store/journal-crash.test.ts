// Appends to the report journal, shown atomic: a child process keeping report after report (the
// counter in each id) is killed with SIGKILL at random moments, some of them inside the journal's
// rewrites. After each kill the store loads read-only and holds the reports up to the last one
// saved, or one more: never fewer, none twice, in order, within the per-profile limit.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/connect/settings';
import { openProfileService } from '../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../electron/core/store/json-store';
import { emptyStore } from '../../../electron/core/store/store-data';

const KILLS = 40;
const LIMIT = 20;
const REPO = resolve(__dirname, '../../..');
const FIXTURE = resolve(REPO, 'test/fixtures/store/v7/profiles.json');
let bundle = '';
let dir = '';

beforeAll(async () => {
  bundle = join(REPO, 'node_modules', '.cache', 'keyhole-test', randomUUID(), 'journal-writer.mjs');
  await build({
    entryPoints: [join(__dirname, '../../support/store/journal-writer.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  dir = await mkdtemp(join(tmpdir(), 'keyhole-journal-crash-'));
  const data = emptyStore();
  data.settings.reportsPerProfile = LIMIT;
  const at = '2026-01-01T00:00:00.000Z';
  data.profiles = [
    {
      id: 'p1',
      name: 'Device',
      groupId: null,
      settings: defaultSettings({ host: 'device.example', clientId: 'p1' }),
      material: { ca: [], cert: null, key: null, pfx: null },
      secrets: { hasPassphrase: false, hasPassword: false, hasPfxPassword: false },
      notes: '',
      createdAt: at,
      updatedAt: at,
    },
  ];
  const store = createJsonFileStore(dir);
  const loaded = await store.load();
  if (!loaded.ok) throw new Error(loaded.error.message);
  const seeded = await store.save(data);
  store.close?.();
  if (!seeded.ok) throw new Error(seeded.error.message);
});

afterAll(async () => {
  if (bundle) await rm(resolve(bundle, '..'), { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

function runAndKill(delayMs: number): Promise<{ ready: number; lastSaved: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bundle, dir, FIXTURE], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (timer === null && /^ready \d+$/m.test(out)) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    child.on('close', (_code, signal) => {
      if (timer) clearTimeout(timer);
      const ready = Number(/^ready (\d+)$/m.exec(out)?.[1] ?? NaN);
      if (signal !== 'SIGKILL' || Number.isNaN(ready))
        return fail(new Error(`writer ended on its own (signal ${signal}): ${stderr || out.slice(-500)}`));
      const saved = [...out.matchAll(/^saved (\d+)$/gm)].map((m) => Number(m[1]));
      done({ ready, lastSaved: saved.length ? saved[saved.length - 1]! : ready });
    });
  });
}

describe('the report journal under SIGKILL', () => {
  it(`holds every report saved, none twice, ${KILLS} kills out of ${KILLS}`, async () => {
    const wrong: string[] = [];
    let previous = 0;
    let after = 0;
    for (let i = 0; i < KILLS; i++) {
      const run = await runAndKill(Math.random() * 60);
      if (run.ready !== previous) wrong.push(`kill ${i}: the writer started from ${run.ready}, the last check saw ${previous}`);
      const store = createJsonFileStore(dir, { readOnly: true, log: () => undefined });
      const service = await openProfileService({ store });
      const listed = service.reports('p1');
      if (service.problem || !listed.ok) {
        wrong.push(`kill ${i}: ${service.problem ?? 'no reports'}`);
        continue;
      }
      const counters = listed.value.map((r) => Number(r.id.slice(-12)));
      const newest = counters[0] ?? 0;
      if (newest !== run.lastSaved && newest !== run.lastSaved + 1) wrong.push(`kill ${i}: newest ${newest}, last saved ${run.lastSaved}`);
      if (newest === run.lastSaved + 1) after++;
      const expected = Array.from({ length: Math.min(LIMIT, newest) }, (_, k) => newest - k);
      if (counters.join() !== expected.join()) wrong.push(`kill ${i}: reports ${counters.join()}`);
      previous = newest;
    }
    console.log(
      `journal crash test: ${KILLS} kills, ${wrong.length} wrong, ${after} with the interrupted report kept; ${previous} reports saved`,
    );
    expect(wrong).toEqual([]);
    // The kills landed among many appends and past the limit, where the journal is rewritten.
    expect(previous).toBeGreaterThan(LIMIT * 4);
  }, 600_000);
});
