// The app core's default log: a store that could not be read is told in one plain line (no
// trailing "null" where there is no error object to show).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAppCore } from '../../../electron/core/host/app-core';

let dir = '';
afterEach(async () => {
  vi.restoreAllMocks();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the app core log', () => {
  it('says a damaged store was recovered, as text only', async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyhole-log-'));
    await writeFile(join(dir, 'profiles.json'), '{"schemaVersion": 4, "profiles": [');
    const lines: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args));
    const core = await openAppCore({ dataDir: dir, host: 'web', version: 'test', send: () => undefined, allowPathImport: false });
    await core.close();
    const told = lines.find((args) => String(args[0]).includes('profiles.json'));
    expect(told, JSON.stringify(lines)).toBeDefined();
    expect(told).toHaveLength(1);
    expect(String(told![0])).toMatch(/not valid JSON/);
  });
});
