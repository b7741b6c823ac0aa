// Remembers where the window was (position, size, maximized) between runs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { WINDOW_STATE_FILE, type WindowState } from './window-state-file';

const DEFAULT: WindowState = { width: 1280, height: 820, maximized: false };

/** The saved state (readWindowState), or the default when none was saved or the saved place is on no current display. */
export function windowStateToUse(saved: WindowState | null): WindowState {
  if (!saved) return DEFAULT;
  const s = saved;
  if (s.x === undefined || s.y === undefined) return s;
  // A monitor may have been unplugged since: keep the size, let the OS place the window.
  const visible = screen.getAllDisplays().some((d) => intersects(d.workArea, { x: s.x!, y: s.y!, width: s.width, height: s.height }));
  return visible ? s : { width: s.width, height: s.height, maximized: s.maximized };
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
      writeFileSync(join(dir, WINDOW_STATE_FILE), JSON.stringify(state));
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
