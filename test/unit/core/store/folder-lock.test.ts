// One writer per data folder: a second host on the same folder shows the profiles but saves
// nothing; a lock left by a killed process is taken over; closing gives the folder back.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyStore } from '../../../../electron/core/store/store-data';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { useTempDirs } from '../../../support/store/store-helpers';

const tempDir = useTempDirs();
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A live process that is not this one, to own a lock. */
function otherProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

const lockOf = (dir: string) => join(dir, 'profiles.json.lock');
const withName = (name: string) => ({ ...emptyStore(), settings: { ...emptyStore().settings, ui: { name } } });

describe('the data folder lock', () => {
  it('is taken on load, released on close, and re-entrant within one process', async () => {
    const dir = await tempDir();
    const store = createJsonFileStore(dir);
    expect((await store.load()).ok).toBe(true);
    expect(JSON.parse(await readFile(lockOf(dir), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const again = createJsonFileStore(dir);
    await again.load();
    expect(again.state?.().readOnly).toBeUndefined();
    store.close?.();
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  it('leaves a folder another live Keyhole holds untouched, and says who holds it', async () => {
    const dir = await tempDir();
    const seed = createJsonFileStore(dir);
    await seed.load();
    expect((await seed.save(withName('theirs'))).ok).toBe(true);
    seed.close?.();
    const before = await readFile(join(dir, 'profiles.json'), 'utf8');
    const pid = otherProcess();
    await writeFile(lockOf(dir), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));

    const store = createJsonFileStore(dir);
    const loaded = await store.load();
    expect(loaded.ok && loaded.value.settings.ui).toEqual({ name: 'theirs' });
    expect(store.state?.().readOnly?.reason).toContain(`process ${pid}`);
    const saved = await store.save(withName('mine'));
    expect(saved.ok).toBe(false);
    expect(await readFile(join(dir, 'profiles.json'), 'utf8')).toBe(before);
    // Not ours to remove.
    store.close?.();
    expect(existsSync(lockOf(dir))).toBe(true);
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const pid = child.pid!;
    await new Promise((r) => child.once('exit', r));
    await writeFile(lockOf(dir), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const store = createJsonFileStore(dir);
    await store.load();
    expect(store.state?.().readOnly).toBeUndefined();
    expect((await store.save(withName('mine'))).ok).toBe(true);
    expect(JSON.parse(await readFile(lockOf(dir), 'utf8')).pid).toBe(process.pid);
    store.close?.();
  });

  it('takes over a lock file left empty by a process killed while writing it', async () => {
    const dir = await tempDir();
    await writeFile(lockOf(dir), '');
    const store = createJsonFileStore(dir);
    await store.load();
    expect(store.state?.().readOnly).toBeUndefined();
    store.close?.();
  });
});
