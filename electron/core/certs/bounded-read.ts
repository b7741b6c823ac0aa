// Reading a file someone named (a --ca flag, a dialog, a path inside an MQTT X export, the data
// folder's profiles.json) without trusting the name: a FIFO with no writer blocks open(2) and
// read(2) forever (and with them a thread of libuv's pool), /dev/zero and /dev/urandom never
// end, and a directory or symlink loop is no file. So the type is checked before opening, the
// open does not block (O_NONBLOCK), the type is checked again on the opened handle (the path may
// have been swapped in between), and at most `maxBytes` + 1 bytes are ever read.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';

const CHUNK = 256 * 1024;

/** Largest text document read from disk: profile stores, exports, configurations, name lists. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;
/** Largest file `keyhole cert inspect` and the other cert commands read (a CRL of a large CA is megabytes). */
export const MAX_INSPECT_BYTES = 16 * 1024 * 1024;

export type ReadProblem = 'not-found' | 'not-a-file' | 'too-large' | 'unreadable';

export interface ReadFailure {
  problem: ReadProblem;
  /** A sentence naming the file and what is wrong, e.g. `"/dev/zero" is a character device, not a file.` */
  message: string;
  /** The errno code when the system refused (ENOENT, EACCES, ELOOP …). */
  errno?: string;
}

interface Kind {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}

function kindOf(s: Kind): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

const REASONS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'may not be read (permission denied)',
  EPERM: 'may not be read (permission denied)',
  ELOOP: 'is a loop of symbolic links',
  ENAMETOOLONG: 'is a name too long for the system',
  ENOTDIR: 'has a part that is not a folder',
};

/** Reads a regular file of at most `maxBytes` bytes; anything else is a failure with a sentence. */
export async function readBoundedFile(path: string, maxBytes: number): Promise<Result<Buffer, ReadFailure>> {
  const named = `"${path}"`;
  const refused = (e: unknown): Result<never, ReadFailure> => {
    const errno = (e as NodeJS.ErrnoException | null)?.code;
    const reason = errno ? (REASONS[errno] ?? `could not be read (${errno})`) : 'could not be read';
    return err({ problem: errno === 'ENOENT' ? 'not-found' : 'unreadable', message: `${named} ${reason}.`, ...(errno ? { errno } : {}) });
  };
  const notFile = (s: Kind): Result<never, ReadFailure> =>
    err({ problem: 'not-a-file', message: `${named} is ${kindOf(s)}, not a file; choose a regular file.` });
  const tooLarge = (size: string): Result<never, ReadFailure> =>
    err({
      problem: 'too-large',
      message: `${named} is ${size}; files larger than ${maxBytes.toLocaleString('en-US')} bytes are not read here.`,
    });
  try {
    const before = await stat(path);
    if (!before.isFile()) return notFile(before);
    if (before.size > maxBytes) return tooLarge(`${before.size.toLocaleString('en-US')} bytes`);
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return notFile(info);
      // The size may have changed since: read in chunks until the end, or one byte past the limit.
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - total));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        total += bytesRead;
        if (total > maxBytes) return tooLarge(`more than ${maxBytes.toLocaleString('en-US')} bytes`);
      }
      return ok(Buffer.concat(chunks, total));
    } finally {
      await handle.close();
    }
  } catch (e) {
    return refused(e);
  }
}
