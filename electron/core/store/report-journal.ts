/**
 * Attempt reports, kept beside the store document in an append-only journal (`reports.jsonl`,
 * mode 0600), so that keeping one report costs one short line, never a rewrite of the store.
 *
 * - One JSON line per change: `{"p":<profile>,"r":<report>}` keeps a report (newest last; a report
 *   of the same id is replaced), `{"p":<profile>,"drop":[<ids>]}` drops some, `{"p":<profile>,"clear":true}`
 *   drops all of a profile's. Each append is written and fsync'd before it counts as saved.
 * - A last line cut short (a write interrupted by a crash) is ignored and cut off; a line in the
 *   middle that is not a journal line is skipped, the journal copied aside first
 *   (`<name>.corrupt-<time>.jsonl`), and the rewrite that follows leaves it out. Both are logged.
 * - When dead lines (replaced, dropped, cleared, unreadable) outnumber live ones, the journal is
 *   rewritten with its live lines only, atomically (temp file, fsync, rename, as atomic-file.ts).
 * - Reports hold no secret (they name files and fingerprints, never key bytes or passwords), so
 *   lines are written in clear, as the reports in the document were.
 * - It is read in chunks, line by line, up to MAX_JOURNAL_BYTES.
 */
import { constants } from 'node:fs';
import { copyFile, open, stat, truncate } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { syncDir } from '../secrets/key-file-box';
import { removeStaleTemps, writeFileAtomic } from './atomic-file';

/** Largest journal read: a full store (1,000 profiles × 100 reports of ~4 KB) with as many dead lines. */
export const MAX_JOURNAL_BYTES = 1024 * 1024 * 1024;
/** Dead lines tolerated before a rewrite is worth its cost, however few the live ones. */
const MIN_DEAD_TO_COMPACT = 64;
const CHUNK = 1024 * 1024;
/** Bytes handed to one write(2) when many lines go at once. */
const WRITE_BATCH = 4 * 1024 * 1024;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored report as the journal knows it: its id, and the line that keeps it. */
interface Live {
  id: string;
  line: number;
}

/** A report of the journal: its id and the parsed value (checked by the reader, not here). */
export interface JournalReport {
  id: string;
  value: unknown;
}

export interface JournalLoad {
  /** Profile id → its reports as the journal holds them, newest first (every profile named in it). */
  reports: Map<string, JournalReport[]>;
  /** What was found wrong and done about it, one sentence each (also logged). */
  notes: string[];
}

export interface ReportJournal {
  readonly file: string;
  /** Reads the journal; `writable`: cut off a torn last line and copy aside one with bad lines. */
  load(writable: boolean): Promise<Result<JournalLoad, string>>;
  /** Keeps `report` (an object with an `id`) first in `profileId`'s list, and drops `dropped`. */
  append(profileId: string, report: { id: string }, dropped: readonly string[]): Promise<void>;
  /**
   * Brings the journal to `reports` (profile id → reports, newest first; every profile absent is
   * cleared): writes only what differs, then rewrites the journal if dead lines outnumber live ones.
   */
  reconcile(reports: Readonly<Record<string, readonly { id: string }[]>>): Promise<void>;
  /** Live lines (reports kept) and dead ones (everything else in the file). */
  counts(): { live: number; dead: number };
}

type Parsed =
  { kind: 'put'; p: string; id: string; value: unknown } | { kind: 'drop'; p: string; ids: string[] } | { kind: 'clear'; p: string };

/** One line of the journal, or null when it is not one. */
function parseLine(text: string): Parsed | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(v) || typeof v.p !== 'string') return null;
  if (isObject(v.r) && typeof v.r.id === 'string') return { kind: 'put', p: v.p, id: v.r.id, value: v.r };
  if (Array.isArray(v.drop) && v.drop.every((d) => typeof d === 'string')) return { kind: 'drop', p: v.p, ids: v.drop as string[] };
  if (v.clear === true) return { kind: 'clear', p: v.p };
  return null;
}

/**
 * Calls `onLine` for each complete line of `handle` (its bytes without the newline, and its
 * number); returns the line count, the offset just past the last newline, and the size read.
 */
async function eachLine(
  handle: FileHandle,
  onLine: (bytes: Buffer, n: number) => void | Promise<void>,
): Promise<{ lines: number; end: number; size: number }> {
  let rest = Buffer.alloc(0);
  let position = 0;
  let lines = 0;
  let end = 0;
  for (;;) {
    const chunk = Buffer.alloc(CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, CHUNK, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    if (position > MAX_JOURNAL_BYTES) throw new JournalTooLarge(position);
    let data = rest.length ? Buffer.concat([rest, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
    let start = 0;
    for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
      await onLine(data.subarray(start, nl), lines++);
      start = nl + 1;
    }
    end = position - (data.length - start);
    data = data.subarray(start);
    rest = Buffer.from(data);
  }
  return { lines, end, size: position };
}

class JournalTooLarge extends Error {
  constructor(readonly bytes: number) {
    super(`more than ${MAX_JOURNAL_BYTES.toLocaleString('en-US')} bytes`);
  }
}

/** Opens a regular file for reading without blocking on a FIFO; null when there is none. */
async function openRegular(file: string): Promise<Result<FileHandle | null, string>> {
  try {
    const before = await stat(file);
    if (!before.isFile()) return err(`"${file}" is not a regular file`);
    if (before.size > MAX_JOURNAL_BYTES)
      return err(
        `"${file}" is ${before.size.toLocaleString('en-US')} bytes; a report journal larger than ${MAX_JOURNAL_BYTES.toLocaleString('en-US')} bytes is not read`,
      );
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      return err(`"${file}" is not a regular file`);
    }
    return ok(handle);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return ok(null);
    return err(`"${file}" could not be read (${code ?? String(e)})`);
  }
}

/** Profile id → its live reports, newest first, and the count of live lines. */
class LiveIndex {
  readonly lists = new Map<string, Live[]>();
  live = 0;

  reset() {
    this.lists.clear();
    this.live = 0;
  }

  put(p: string, id: string, line: number) {
    const list = this.lists.get(p) ?? [];
    const at = list.findIndex((l) => l.id === id);
    if (at >= 0) list.splice(at, 1);
    else this.live++;
    list.unshift({ id, line });
    this.lists.set(p, list);
  }

  drop(p: string, ids: readonly string[]) {
    const list = this.lists.get(p);
    if (!list || ids.length === 0) return;
    const gone = new Set(ids);
    const kept = list.filter((l) => !gone.has(l.id));
    this.live -= list.length - kept.length;
    if (kept.length) this.lists.set(p, kept);
    else this.lists.delete(p);
  }

  clear(p: string) {
    this.live -= this.lists.get(p)?.length ?? 0;
    this.lists.delete(p);
  }
}

/** Appends `lines` (without newlines) to `file` and fsyncs it; a failed append is cut back off, so no torn line stays in the middle. */
async function appendLines(file: string, lines: string[]): Promise<void> {
  const handle = await open(file, 'a', 0o600);
  const before = (await handle.stat()).size;
  try {
    let batch: string[] = [];
    let size = 0;
    for (const line of lines) {
      batch.push(line);
      size += line.length + 1;
      if (size >= WRITE_BATCH) {
        await handle.write(`${batch.join('\n')}\n`);
        batch = [];
        size = 0;
      }
    }
    if (batch.length) await handle.write(`${batch.join('\n')}\n`);
    await handle.sync();
  } catch (e) {
    await handle.truncate(before).catch(() => undefined);
    throw e;
  } finally {
    await handle.close();
  }
}

/**
 * Rewrites `file` atomically with the live lines of `index` only, in their order (a replay gives
 * the same lists), and renumbers them; returns the new line count, or null when there is no file.
 */
async function compactFile(file: string, index: LiveIndex): Promise<number | null> {
  const liveLines = new Map<number, Live>();
  for (const list of index.lists.values()) for (const l of list) liveLines.set(l.line, l);
  const opened = await openRegular(file);
  if (!opened.ok || !opened.value) return null;
  const source = opened.value;
  let kept = 0;
  /** New line numbers, applied once the rewrite is in place (a failed one leaves the old file and numbers). */
  const renumbered: [Live, number][] = [];
  try {
    await writeFileAtomic(file, async (target) => {
      let batch: Buffer[] = [];
      let size = 0;
      await eachLine(source, async (bytes, n) => {
        const live = liveLines.get(n);
        if (!live) return;
        renumbered.push([live, kept++]);
        batch.push(bytes, Buffer.from('\n'));
        size += bytes.length + 1;
        if (size >= WRITE_BATCH) {
          await target.write(Buffer.concat(batch));
          batch = [];
          size = 0;
        }
      });
      if (batch.length) await target.write(Buffer.concat(batch));
    });
  } finally {
    await source.close();
  }
  for (const [live, n] of renumbered) live.line = n;
  return kept;
}

/** Copies `file` aside before its unreadable lines are left out: `<name>.corrupt-<time>.jsonl`. */
async function copyAside(file: string, at: Date): Promise<string | null> {
  const ext = extname(file);
  const stem = basename(file, ext);
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  for (let n = 1; n < 100; n++) {
    const target = join(dirname(file), `${stem}.corrupt-${stamp}${n > 1 ? `-${n}` : ''}${ext}`);
    try {
      await copyFile(file, target, constants.COPYFILE_EXCL);
      return target;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return null;
    }
  }
  return null;
}

/**
 * The lines that bring `index` to `reports` (line numbers from `first` on), each with how it
 * changes the index once written: a clear for a profile gone, drops for reports gone, puts
 * (oldest first) for new ones; a list in another order is written again whole.
 */
function diffLines(
  index: LiveIndex,
  reports: Readonly<Record<string, readonly { id: string }[]>>,
  first: number,
): { lines: string[]; apply: (() => void)[] } {
  const lines: string[] = [];
  const apply: (() => void)[] = [];
  const line = (text: string, then: (n: number) => void) => {
    const n = first + lines.length;
    lines.push(text);
    apply.push(() => then(n));
  };
  for (const p of index.lists.keys()) {
    if (!reports[p]?.length) line(JSON.stringify({ p, clear: true }), () => index.clear(p));
  }
  for (const [p, want] of Object.entries(reports)) {
    if (want.length === 0) continue;
    const have = index.lists.get(p) ?? [];
    const wanted = new Set(want.map((r) => r.id));
    const had = new Set(have.map((l) => l.id));
    const gone = have.filter((l) => !wanted.has(l.id)).map((l) => l.id);
    const fresh = want.filter((r) => !had.has(r.id));
    const result = [...fresh.map((r) => r.id), ...have.filter((l) => wanted.has(l.id)).map((l) => l.id)];
    const sameOrder = result.length === want.length && result.every((id, i) => id === want[i]!.id);
    let adds = fresh;
    if (!sameOrder) {
      // Reordered (an import, a merge): write the profile's list again, whole.
      if (have.length) line(JSON.stringify({ p, clear: true }), () => index.clear(p));
      adds = [...want];
    } else if (gone.length) line(JSON.stringify({ p, drop: gone }), () => index.drop(p, gone));
    for (const r of [...adds].reverse()) line(JSON.stringify({ p, r }), (n) => index.put(p, r.id, n));
  }
  return { lines, apply };
}

/** The journal at `file`; `log` hears each note (a torn or unreadable line, a copy aside, a rewrite that failed). */
export function createReportJournal(file: string, log: (note: string) => void, now: () => Date = () => new Date()): ReportJournal {
  const index = new LiveIndex();
  let lineCount = 0;
  let exists = false;
  /** Bad lines were found and copied aside: the next reconcile rewrites the journal without them. */
  let forceCompact = false;
  /** Bad lines were found but could not be copied aside: never rewrite the journal in this session. */
  let noCompact = false;

  /** Appends `lines` and fsyncs; the folder too when the file was created. */
  const append = async (lines: string[]) => {
    if (lines.length === 0) return;
    await appendLines(file, lines);
    lineCount += lines.length;
    if (!exists) {
      exists = true;
      await syncDir(dirname(file));
    }
  };

  const maybeCompact = async () => {
    const dead = lineCount - index.live;
    if (noCompact || !exists || dead === 0) return;
    if (!forceCompact && !(dead > index.live && dead >= MIN_DEAD_TO_COMPACT)) return;
    try {
      const kept = await compactFile(file, index);
      if (kept !== null) lineCount = kept;
      forceCompact = false;
    } catch (e) {
      // The appended lines are on disk already: a failed rewrite only leaves the dead lines in.
      log(`The report journal ${file} could not be rewritten without its dead lines: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  let chain: Promise<unknown> = Promise.resolve();
  /** One change of the file at a time. */
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const next = chain.then(op, op);
    chain = next.catch(() => undefined);
    return next;
  };

  return {
    file,

    async load(writable) {
      index.reset();
      lineCount = 0;
      if (writable) await removeStaleTemps(file);
      const opened = await openRegular(file);
      if (!opened.ok) return err(opened.error);
      const notes: string[] = [];
      const note = (s: string) => {
        notes.push(s);
        log(s);
      };
      const bodies = new Map<string, Map<string, unknown>>();
      if (!opened.value) {
        exists = false;
        return ok({ reports: new Map(), notes });
      }
      exists = true;
      const handle = opened.value;
      const bad: number[] = [];
      let read: { lines: number; end: number; size: number };
      try {
        read = await eachLine(handle, (bytes, n) => {
          const parsed = parseLine(bytes.toString('utf8'));
          if (!parsed) return void bad.push(n + 1);
          if (parsed.kind === 'put') {
            index.put(parsed.p, parsed.id, n);
            const map = bodies.get(parsed.p) ?? new Map<string, unknown>();
            map.set(parsed.id, parsed.value);
            bodies.set(parsed.p, map);
          } else if (parsed.kind === 'drop') {
            index.drop(parsed.p, parsed.ids);
            for (const id of parsed.ids) bodies.get(parsed.p)?.delete(id);
          } else {
            index.clear(parsed.p);
            bodies.delete(parsed.p);
          }
        });
      } catch (e) {
        index.reset();
        return err(e instanceof JournalTooLarge ? `"${file}" is ${e.message}; a report journal larger than that is not read` : String(e));
      } finally {
        await handle.close();
      }
      lineCount = read.lines;
      if (read.end < read.size) {
        note(
          `The last line of the report journal ${file} was cut short (${read.size - read.end} bytes, a write interrupted by a crash); it is ignored${writable ? ' and cut off' : ''}.`,
        );
        if (writable) await truncate(file, read.end);
      }
      if (bad.length) {
        const where = `line${bad.length > 1 ? 's' : ''} ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` (and ${bad.length - 5} more)` : ''}`;
        const copy = writable ? await copyAside(file, now()) : null;
        if (copy) forceCompact = true;
        else noCompact = true;
        note(
          `The report journal ${file} has ${bad.length} unreadable ${where}; ${bad.length > 1 ? 'they are' : 'it is'} skipped, the other reports kept. ${
            copy ? `The journal as it was is copied to ${copy}.` : writable ? 'It could not be copied aside, so it is not rewritten.' : ''
          }`.trim(),
        );
      }
      const reports = new Map<string, JournalReport[]>();
      for (const [p, list] of index.lists) {
        const map = bodies.get(p)!;
        reports.set(
          p,
          list.map((l) => ({ id: l.id, value: map.get(l.id) })),
        );
      }
      return ok({ reports, notes });
    },

    append: (profileId, report, dropped) =>
      serial(async () => {
        const lines = [JSON.stringify({ p: profileId, r: report })];
        if (dropped.length) lines.push(JSON.stringify({ p: profileId, drop: dropped }));
        const first = lineCount;
        await append(lines);
        index.put(profileId, report.id, first);
        index.drop(profileId, dropped);
        await maybeCompact();
      }),

    reconcile: (reports) =>
      serial(async () => {
        const { lines, apply } = diffLines(index, reports, lineCount);
        await append(lines);
        for (const f of apply) f();
        await maybeCompact();
      }),

    counts: () => ({ live: index.live, dead: lineCount - index.live }),
  };
}
