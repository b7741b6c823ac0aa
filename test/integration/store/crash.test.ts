// Atomic saves, shown: a child process saving the store in a loop (alternating between two
// distinguishable states, with a counter) is killed with SIGKILL at random moments, over and
// over. After each kill the store must load and hold exactly the state before or after the
// interrupted save: never a damaged, partial or empty one.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonFileStore } from '../../../electron/core/store/json-store';
import { inconsistency, stateFor } from '../../support/store/crash-states';

const KILLS = 200;
const REPO = resolve(__dirname, '../../..');
let bundle = '';
let dir = '';

beforeAll(async () => {
  // A small bundled script per child, not a test runner: each kill costs one Node start-up.
  bundle = join(REPO, 'node_modules', '.cache', 'keyhole-test', randomUUID(), 'crash-writer.mjs');
  await build({
    entryPoints: [join(__dirname, '../../support/store/crash-writer.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  dir = await mkdtemp(join(tmpdir(), 'keyhole-crash-'));
  // State 0 on disk first: from then on "before" is always a real state, never "nothing yet".
  const seeded = await createJsonFileStore(dir).save(stateFor(0));
  if (!seeded.ok) throw new Error(seeded.error.message);
});

afterAll(async () => {
  if (bundle) await rm(resolve(bundle, '..'), { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Run {
  ready: number;
  lastSaved: number;
  stderr: string;
}

/** Starts the writer, kills it `delayMs` after it is ready, and reports what it had printed. */
function runAndKill(delayMs: number): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bundle, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (timer === null && /^ready \d+$/m.test(out)) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    // 'close' comes after the pipes are drained: every line the child wrote before dying is in `out`.
    child.on('close', (_code, signal) => {
      if (timer) clearTimeout(timer);
      const ready = Number(/^ready (\d+)$/m.exec(out)?.[1] ?? NaN);
      if (signal !== 'SIGKILL' || Number.isNaN(ready))
        return fail(new Error(`writer ended on its own (signal ${signal}): ${stderr || out.slice(-500)}`));
      const saved = [...out.matchAll(/^saved (\d+)$/gm)].map((m) => Number(m[1]));
      done({ ready, lastSaved: saved.length ? saved[saved.length - 1]! : ready, stderr });
    });
  });
}

describe('the store under SIGKILL', () => {
  it(`holds the state before or after the interrupted save, ${KILLS} times out of ${KILLS}`, async () => {
    let before = 0;
    let after = 0;
    /** Kills that left a half-written temp file: they landed between the temp file's creation and the rename. */
    let midWrite = 0;
    const corrupt: string[] = [];
    let previous = 0;
    for (let i = 0; i < KILLS; i++) {
      // Mostly early (the first saves), sometimes later: kills land in every part of a save.
      const delay = Math.random() < 0.5 ? Math.random() * 8 : Math.random() * 40;
      const run = await runAndKill(delay);
      if (run.ready !== previous) corrupt.push(`kill ${i}: the writer started from ${run.ready}, the last check saw ${previous}`);
      if ((await readdir(dir)).some((n) => n.endsWith('.tmp'))) midWrite++;
      // Read only: the next writer, not this check, clears the temp file.
      const store = createJsonFileStore(dir, { readOnly: true });
      const loaded = await store.load();
      const state = store.state?.();
      if (!loaded.ok) {
        corrupt.push(`kill ${i}: ${loaded.error.message}`);
        continue;
      }
      if (state?.recoveredFrom) corrupt.push(`kill ${i}: recovered (${state.recoveredFrom.reason})`);
      const wrong = inconsistency(loaded.value);
      if (wrong) corrupt.push(`kill ${i}: ${wrong}`);
      const counter = loaded.value.settings.ui.counter as number;
      if (counter === run.lastSaved) before++;
      else if (counter === run.lastSaved + 1) after++;
      else corrupt.push(`kill ${i}: counter ${counter}, last save reported ${run.lastSaved}`);
      previous = counter;
    }
    console.log(
      `crash test: ${KILLS} kills, ${corrupt.length} corrupt, ${before} before / ${after} after (${midWrite} killed with a half-written temp file; ${previous} saves completed)`,
    );
    expect(corrupt).toEqual([]);
    expect(before + after).toBe(KILLS);
    // The kills really landed inside writes, where a non-atomic save would leave a broken file.
    expect(midWrite).toBeGreaterThan(KILLS / 20);
    // A guard against a hang, not a speed check: 200 Node start-ups take minutes on a loaded machine.
  }, 600_000);
});
