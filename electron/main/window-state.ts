// Remembers where the window was (position, size, maximized) between runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { z } from 'zod';

const WindowState = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
type WindowState = z.infer<typeof WindowState>;

const DEFAULT: WindowState = { width: 1280, height: 820, maximized: false };

/** The saved state, or the default when none was saved or the saved place is on no current display. */
export function loadWindowState(dir: string): WindowState {
  try {
    const parsed = WindowState.safeParse(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')));
    if (!parsed.success) return DEFAULT;
    const s = parsed.data;
    if (s.x === undefined || s.y === undefined) return s;
    // A monitor may have been unplugged since: keep the size, let the OS place the window.
    const visible = screen.getAllDisplays().some((d) => intersects(d.workArea, { x: s.x!, y: s.y!, width: s.width, height: s.height }));
    return visible ? s : { width: s.width, height: s.height, maximized: s.maximized };
  } catch {
    return DEFAULT;
  }
}

function intersects(a: Rectangle, b: Rectangle): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Saves the window's state whenever it moves or resizes (debounced) and when it closes. */
export function trackWindowState(win: BrowserWindow, dir: string): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (win.isDestroyed()) return;
    const bounds = win.getNormalBounds();
    const state: WindowState = { ...bounds, maximized: win.isMaximized() };
    try {
      writeFileSync(join(dir, 'window-state.json'), JSON.stringify(state));
    } catch {
      // Losing the window position is not worth bothering the user about.
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}
