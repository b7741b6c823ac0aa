// The window's saved place and size (window-state.json in the app's folder), read without
// trusting the file: only a regular file of at most MAX_WINDOW_STATE_BYTES is opened, so a FIFO
// or /dev/zero in its place cannot hang or fill the app at start. No Electron here, so it is tested.
import { join } from 'node:path';
import { z } from 'zod';
import { readBoundedFile } from '../core/certs/bounded-read';
import { err, ok, type Result } from '../../shared/result';

export const WINDOW_STATE_FILE = 'window-state.json';
/** The state is one short line of JSON. */
export const MAX_WINDOW_STATE_BYTES = 64 * 1024;

export const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

/** The state saved in `dir`, or why there is none to use (missing, not a file, too large, not a state). */
export async function readWindowState(dir: string): Promise<Result<WindowState, string>> {
  const read = await readBoundedFile(join(dir, WINDOW_STATE_FILE), MAX_WINDOW_STATE_BYTES);
  if (!read.ok) return err(read.error.message);
  let json: unknown;
  try {
    json = JSON.parse(read.value.toString('utf8'));
  } catch {
    return err(`${join(dir, WINDOW_STATE_FILE)} is not valid JSON.`);
  }
  const parsed = WindowState.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(`${join(dir, WINDOW_STATE_FILE)} is not a window state.`);
}
