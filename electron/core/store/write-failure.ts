/**
 * What a failed write of the store means for the user, by the system's error code: the disk is
 * full, the folder is read-only or not ours, or it vanished. The document on disk is replaced only
 * by a rename of a complete temp file (atomic-file.ts), so a failed write always leaves the last
 * saved version as it was; the sentence says so.
 */
const REASONS: Record<string, (dir: string) => string> = {
  ENOSPC: (dir) => `the disk holding ${dir} is full`,
  EDQUOT: (dir) => `the disk quota for ${dir} is used up`,
  EROFS: (dir) => `${dir} is on a read-only file system`,
  EACCES: (dir) => `Keyhole may not write in ${dir} (permission denied)`,
  EPERM: (dir) => `Keyhole may not write in ${dir} (operation not permitted)`,
  ENOENT: (dir) => `${dir} is gone and could not be made again`,
  ENOTDIR: (dir) => `a part of the path ${dir} is a file, not a folder`,
  EIO: (dir) => `the disk holding ${dir} reported an input/output error`,
  EMFILE: () => 'Keyhole has too many files open',
};

/** One sentence for a store write that failed with `e`, in folder `dir`. */
export function describeWriteFailure(e: unknown, dir: string): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const reason = code !== undefined ? REASONS[code] : undefined;
  const detail = reason ? `${reason(dir)} (${code})` : e instanceof Error ? e.message : String(e);
  return `${detail}; the last saved version is unchanged and this change is not saved`;
}
