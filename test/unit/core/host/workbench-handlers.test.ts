// Writing workbench files into a folder the user picked (the desktop app's way): secrets 0600,
// never over an existing file, never outside the folder.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeOutput } from '../../../../electron/core/host/workbench-handlers';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
const temp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'keyhole-output-'));
  dirs.push(d);
  return d;
};

describe('writeOutput', () => {
  it('writes files and folders, keys and passwords 0600, the rest 0644', async () => {
    const dir = await temp();
    const written = await writeOutput(dir, {
      fileName: 'x.zip',
      files: [
        { path: 'certs/device-1.pem', contents: 'CERT', secret: false },
        { path: 'keys/device-1-key.pem', contents: 'KEY', secret: true },
        { path: 'crl.der', contents: new Uint8Array([1, 2, 3]), secret: false },
      ],
    });
    expect(written).toEqual({ ok: true, value: 3 });
    expect((await stat(join(dir, 'keys/device-1-key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'certs/device-1.pem'))).mode & 0o777).toBe(0o644);
    expect([...(await readFile(join(dir, 'crl.der')))]).toEqual([1, 2, 3]);
  });

  it('refuses to write over a file, and a path that leaves the folder', async () => {
    const dir = await temp();
    const one = { fileName: 'x.zip', files: [{ path: 'ca.pem', contents: 'A', secret: false }] };
    expect((await writeOutput(dir, one)).ok).toBe(true);
    const again = await writeOutput(dir, { fileName: 'x.zip', files: [{ path: 'ca.pem', contents: 'B', secret: false }] });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'file-unreadable', message: expect.stringContaining('choose an empty folder') },
    });
    expect(await readFile(join(dir, 'ca.pem'), 'utf8')).toBe('A');
    const escape = await writeOutput(dir, { fileName: 'x.zip', files: [{ path: '../evil.pem', contents: 'E', secret: false }] });
    expect(escape).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
