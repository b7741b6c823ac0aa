// Files that are not files: a FIFO nobody writes to, endless devices, a folder, a symlink loop
// and a file over the limit each get a sentence, at once, without reading past the limit.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoundedFile } from '../../../../electron/core/certs/bounded-read';
import { readImportFile } from '../../../../electron/core/certs/material-file';
import { openProfileService } from '../../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../../electron/core/store/json-store';
import { readReferencedFile } from '../../../../electron/core/transfer/transfer-service';

let dir = '';
let fifo = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyhole-bounded-'));
  fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readBoundedFile', () => {
  it('refuses a FIFO with no writer without opening it', async () => {
    const read = await readBoundedFile(fifo, 1024);
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.error).toMatchObject({
        problem: 'not-a-file',
        message: `"${fifo}" is a named pipe (FIFO), not a file; choose a regular file.`,
      });
  });

  it('refuses /dev/zero, /dev/urandom and a folder by their kind', async () => {
    for (const [path, kind] of [
      ['/dev/zero', 'a character device'],
      ['/dev/urandom', 'a character device'],
      [dir, 'a folder'],
    ] as const) {
      const read = await readBoundedFile(path, 1024);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.error.message).toBe(`"${path}" is ${kind}, not a file; choose a regular file.`);
    }
  });

  it('names a symlink loop and a missing file', async () => {
    const loop = join(dir, 'loop');
    await symlink(loop, loop);
    const looped = await readBoundedFile(loop, 1024);
    expect(looped.ok === false && looped.error).toMatchObject({
      problem: 'unreadable',
      errno: 'ELOOP',
      message: `"${loop}" is a loop of symbolic links.`,
    });
    const missing = await readBoundedFile(join(dir, 'nothing'), 1024);
    expect(missing.ok === false && missing.error.problem).toBe('not-found');
  });

  it('reads a file up to the limit and refuses one byte more', async () => {
    const path = join(dir, 'sized');
    await writeFile(path, Buffer.alloc(1000, 7));
    const read = await readBoundedFile(path, 1000);
    expect(read.ok && read.value.length).toBe(1000);
    const over = await readBoundedFile(path, 999);
    expect(over.ok === false && over.error.message).toBe(`"${path}" is 1,000 bytes; files larger than 999 bytes are not read here.`);
  });
});

describe('the readers built on it', () => {
  it('the app refuses a FIFO chosen as a certificate, and an MQTT X file naming one', async () => {
    const chosen = await readImportFile(fifo);
    expect(chosen.ok === false && chosen.error).toMatchObject({ code: 'file-unreadable', message: expect.stringMatching(/named pipe/) });
    const named = await readReferencedFile(fifo);
    expect(named.ok === false && named.error).toMatch(/named pipe \(FIFO\), not a file/);
    const zero = await readReferencedFile('/dev/zero');
    expect(zero.ok === false && zero.error).toMatch(/character device/);
  });

  it("a FIFO as the data folder's profiles.json leaves the store read-only with the reason", async () => {
    const data = join(dir, 'data');
    execFileSync('mkdir', ['-p', data]);
    execFileSync('mkfifo', [join(data, 'profiles.json')]);
    const service = await openProfileService({ store: createJsonFileStore(data) });
    expect(service.status().readOnly?.reason).toMatch(/profiles\.json" is a named pipe \(FIFO\), not a file/);
    expect(service.listProfiles()).toEqual([]);
  });
});
