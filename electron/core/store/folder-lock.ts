/**
 * One writer per data folder: the desktop app and a web host on the same folder would
 * otherwise each save their own idea of the document over the other's. The lock is a file
 * `<store>.lock` created exclusively, holding the owner's pid and host name; a lock whose
 * process is gone (killed, crashed) is taken over. Advisory: readers (the CLI) never take it.
 */
import { hostname } from 'node:os';
import { readFileSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readBoundedFile } from '../certs/bounded-read';

/** A lock holds one short line of JSON; anything larger (or not a file) is not ours. */
export const MAX_LOCK_BYTES = 4096;

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** `problem`: what stands at the lock's place is no lock file (a folder, a FIFO, something large), said in a sentence. */
export type LockResult = { ok: true; release: () => void } | { ok: false; owner: LockOwner } | { ok: false; problem: string };

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The lock's owner, read only from a regular file of at most MAX_LOCK_BYTES (a FIFO in its place
 * must not hang the start); null when it cannot be parsed, a sentence when it is no lock file.
 */
async function readOwner(path: string): Promise<LockOwner | null | { problem: string }> {
  const read = await readBoundedFile(path, MAX_LOCK_BYTES);
  if (read.ok) return parse(read.value.toString('utf8'));
  return read.error.problem === 'not-a-file' || read.error.problem === 'too-large' ? { problem: read.error.message } : null;
}

const parse = (text: string): LockOwner | null => {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.since === 'string' ? (o as LockOwner) : null;
  } catch {
    return null;
  }
};

/** Takes the lock at `path` for this process; a second call in the same process succeeds too. */
export async function takeFolderLock(path: string, now: () => Date = () => new Date()): Promise<LockResult> {
  const me: LockOwner = { pid: process.pid, host: hostname(), since: now().toISOString() };
  // A first start: the data folder is made here, private to the user (as the store file is).
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(me));
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { ok: true, release: releaser(path) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = await readOwner(path);
    if (owner && 'problem' in owner) return { ok: false, problem: owner.problem };
    if (owner && owner.host === me.host && owner.pid === me.pid) return { ok: true, release: releaser(path) };
    // Another machine's lock (a shared folder) cannot be checked: it is respected.
    if (owner && (owner.host !== me.host || alive(owner.pid))) return { ok: false, owner };
    // Stale (its process is gone) or unreadable (killed while writing it): take it over.
    await unlink(path).catch(() => undefined);
  }
  const owner = await readOwner(path);
  if (owner && 'problem' in owner) return { ok: false, problem: owner.problem };
  return owner ? { ok: false, owner } : { ok: false, owner: { pid: 0, host: '?', since: '?' } };
}

/** Removes the lock if it is still ours; also on process exit, when a host forgets to. */
function releaser(path: string): () => void {
  let done = false;
  const release = () => {
    if (done) return;
    done = true;
    process.removeListener('exit', release);
    try {
      // At exit only synchronous calls run, so the type and size are checked before the read.
      const info = statSync(path);
      if (!info.isFile() || info.size > MAX_LOCK_BYTES) return;
      const owner = parse(readFileSync(path, 'utf8'));
      if (owner?.pid === process.pid && owner.host === hostname()) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', release);
  return release;
}
