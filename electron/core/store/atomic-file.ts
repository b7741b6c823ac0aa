/**
 * Replacing a file so that a crash at any instant leaves either the old or the new content:
 * write a temp file in the same folder (same file system, so the rename is atomic), fsync it,
 * rename it over the target, fsync the folder (so the rename itself is durable).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDir } from '../secrets/key-file-box';

const TEMP_SUFFIX = '.tmp';

/** The temp name for `file`: `<name>.<uuid>.tmp`, recognisable by `isTempOf`. */
const tempName = (file: string) => `${file}.${randomUUID()}${TEMP_SUFFIX}`;

export function isTempOf(file: string, candidate: string): boolean {
  const base = basename(file);
  return (
    candidate.startsWith(`${base}.`) && candidate.endsWith(TEMP_SUFFIX) && candidate.length === base.length + 1 + 36 + TEMP_SUFFIX.length
  );
}

/**
 * Atomically replaces `file` with `data`, or with what `data` writes to the temp file's handle
 * (for content too large to hold at once). `mode` applies to a newly created file.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array | ((handle: FileHandle) => Promise<void>),
  mode = 0o600,
): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = tempName(file);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      if (typeof data === 'function') await data(handle);
      else await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDir(dir);
}

/** Removes temp files a killed writer left next to `file`; returns how many. Only the one writer of a store may call this. */
export async function removeStaleTemps(file: string): Promise<number> {
  const dir = dirname(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const stale = names.filter((n) => isTempOf(file, n));
  await Promise.all(stale.map((n) => rm(join(dir, n), { force: true }).catch(() => undefined)));
  return stale.length;
}
