// A run's rows file: JSON lines, appended as rows finish, so a run costs time linear in its rows
// and a crash loses only the rows in flight. The first line names the run, one line per row
// follows (result and full report), and the last line, written when the run ends, holds the
// summary. A reader takes every whole line and ignores a torn last one.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { MatrixRowRecord, MatrixSummary, RunState, countResults } from '../../../shared/matrix/matrix-run';

export const RUNS_FOLDER = 'matrix-runs';

export const RunHeader = z.object({
  kind: z.literal('run'),
  id: z.string(),
  matrixName: z.string(),
  target: z.string(),
  startedAt: z.string(),
  /** Rows the run was to try. */
  total: z.number().int(),
});
export type RunHeader = z.infer<typeof RunHeader>;

const RunEnd = z.object({ kind: z.literal('end'), state: RunState, finishedAt: z.string(), summary: MatrixSummary });
type RunEnd = z.infer<typeof RunEnd>;

export interface RunLog {
  readonly path: string;
  /** Queues a finished row; lines are written in the order they were appended. */
  append(row: MatrixRowRecord): void;
  /** Writes the end line, flushes to disk and closes; resolves once everything is written. */
  finish(end: { state: RunState; finishedAt: string; summary: MatrixSummary }): Promise<void>;
}

/** Creates the rows file (it must not exist yet) and writes its first line. */
export async function createRunLog(path: string, header: Omit<RunHeader, 'kind'>): Promise<RunLog> {
  const handle: FileHandle = await open(path, 'wx', 0o600);
  let queue: Promise<unknown> = handle.write(`${JSON.stringify({ kind: 'run', ...header })}\n`);
  let failure: unknown = null;
  const write = (line: string) => {
    queue = queue.then(() => handle.write(line)).catch((e: unknown) => (failure ??= e));
  };
  return {
    path,
    append(row) {
      write(`${JSON.stringify({ kind: 'row', ...row })}\n`);
    },
    async finish(end) {
      write(`${JSON.stringify({ kind: 'end', ...end })}\n`);
      await queue;
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
    },
  };
}

export interface RunFile {
  header: RunHeader | null;
  rows: MatrixRowRecord[];
  /** The end line; null for a run that was still going or died. */
  end: RunEnd | null;
  /** Lines that were not whole JSON (at most the last one, after a crash) or not a known record. */
  skipped: number;
}

/** Reads a rows file; a torn last line (the run died while writing it) is skipped, not an error. */
export async function readRunLog(path: string): Promise<RunFile> {
  const text = await readFile(path, 'utf8');
  const out: RunFile = { header: null, rows: [], end: null, skipped: 0 };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      out.skipped++;
      continue;
    }
    const kind = (value as { kind?: unknown }).kind;
    if (kind === 'row') {
      const row = MatrixRowRecord.safeParse(value);
      if (row.success) out.rows.push(row.data);
      else out.skipped++;
    } else if (kind === 'run' && out.header === null) {
      const header = RunHeader.safeParse(value);
      if (header.success) out.header = header.data;
      else out.skipped++;
    } else if (kind === 'end') {
      const end = RunEnd.safeParse(value);
      if (end.success) out.end = end.data;
      else out.skipped++;
    } else out.skipped++;
  }
  return out;
}

/** The summary of a rows file: its end line's, or counted from its rows when the run never ended. */
export function summaryOf(file: RunFile): MatrixSummary {
  if (file.end) return file.end.summary;
  const counts = countResults(file.rows);
  const total = file.header?.total ?? file.rows.length;
  return { total, ...counts, notRun: Math.max(0, total - file.rows.length), elapsedMs: 0, rate: 0 };
}
