// Saves never interleave; when several wait, only the newest state is written, and every
// caller is answered by the write that carried its state (or a later one).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyStore } from '../../../../electron/core/store/store-data';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { createSerialWriter } from '../../../../electron/core/store/write-queue';
import { useTempDirs } from '../../../support/store/store-helpers';

const tempDir = useTempDirs();
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the serial writer', () => {
  it('runs one write at a time and skips states superseded while waiting', async () => {
    const written: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const write = createSerialWriter<number>(async (n) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await tick();
      written.push(n);
      inFlight--;
    });
    const all = [1, 2, 3, 4, 5].map((n) => write(n));
    await Promise.all(all);
    expect(maxInFlight).toBe(1);
    // 1 started at once; 2–5 queued behind it and only the newest of them was written.
    expect(written).toEqual([1, 5]);
    await write(6);
    expect(written).toEqual([1, 5, 6]);
  });

  it('tells the waiters of a failed write, and goes on with the next', async () => {
    const write = createSerialWriter<string>(async (s) => {
      await tick();
      if (s === 'bad') throw new Error('disk full');
    });
    const first = write('ok');
    const second = write('bad');
    const results = await Promise.allSettled([first, second]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    await expect(write('fine')).resolves.toBeUndefined();
  });
});

describe('the JSON file store under concurrent saves', () => {
  it('ends with the last state, written whole', async () => {
    const dir = await tempDir();
    const store = createJsonFileStore(dir);
    const states = Array.from({ length: 30 }, (_, i) => {
      const s = emptyStore();
      s.groups = Array.from({ length: 200 }, (_, g) => ({ id: `g${g}`, name: `state ${i} group ${g}`, collapsed: false }));
      return s;
    });
    const results = await Promise.all(states.map((s) => store.save(s)));
    expect(results.every((r) => r.ok)).toBe(true);
    const doc = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as { groups: { name: string }[] };
    expect(doc.groups).toHaveLength(200);
    expect(new Set(doc.groups.map((g) => g.name.split(' group')[0]))).toEqual(new Set(['state 29']));
  });
});
