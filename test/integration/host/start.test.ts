// `npm start` on a machine without the Electron binary: a clear two-line message pointing to
// the web host, exit code 1, no stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');

function electronBinaryPresent(): boolean {
  try {
    const path: unknown = createRequire(`${ROOT}/package.json`)('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it.skipIf(electronBinaryPresent())('tries the download, then explains the missing Electron binary and exits 1', () => {
    const run = spawnSync(process.execPath, ['build/start.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/downloading the Electron binary/);
    expect(lines[1]).toMatch(/Electron binary is not installed and could not be downloaded/);
    expect(lines[2]).toMatch(/npm run web/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
  });
});
