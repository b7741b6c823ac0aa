import type { AppSettings } from '../../shared/profile/app-settings';

/** A side panel that can be resized and collapsed, with its width kept in the host's UI settings. */
export interface SidePanelSpec {
  /** Names its preferences: `panel.<id>.width` and `panel.<id>.collapsed`. */
  id: string;
  defaultWidth: number;
  minWidth: number;
  maxWidth: number;
}

export const SIDEBAR_PANEL: SidePanelSpec = { id: 'sidebar', defaultWidth: 290, minWidth: 220, maxWidth: 560 };
export const SUBSCRIPTIONS_PANEL: SidePanelSpec = { id: 'subscriptions', defaultWidth: 260, minWidth: 200, maxWidth: 520 };

/** The preference names of a panel (kept in `settings.ui` beside the theme). */
export const panelPrefs = (spec: SidePanelSpec) => ({ width: `panel.${spec.id}.width`, collapsed: `panel.${spec.id}.collapsed` });

/** A width brought into the panel's bounds, in whole pixels. */
export function clampWidth(spec: SidePanelSpec, width: number): number {
  return Math.round(Math.min(spec.maxWidth, Math.max(spec.minWidth, width)));
}

/** The stored width and collapsed state, or the defaults when nothing valid is stored. */
export function storedPanel(spec: SidePanelSpec, settings: AppSettings | null): { width: number; collapsed: boolean } {
  const names = panelPrefs(spec);
  const w = settings?.ui[names.width];
  const c = settings?.ui[names.collapsed];
  return {
    width: typeof w === 'number' && Number.isFinite(w) ? clampWidth(spec, w) : spec.defaultWidth,
    collapsed: c === true,
  };
}

/**
 * How the panel shows in a container `room` pixels wide that must keep `keep` pixels for its
 * neighbour: its width shrinks to fit; where not even its minimum fits, it is `cramped` and opens
 * over the neighbour instead of beside it.
 */
export function fitPanel(spec: SidePanelSpec, width: number, room: number, keep: number): { width: number; cramped: boolean } {
  const free = room - keep;
  if (room > 0 && free < spec.minWidth) return { width: Math.min(width, Math.max(spec.minWidth, room - 48)), cramped: true };
  return { width: room > 0 ? Math.min(width, free) : width, cramped: false };
}

/** The next width for a key pressed on the resize handle, or null for a key it does not handle. */
export function widthForKey(spec: SidePanelSpec, width: number, key: string, shift: boolean): number | null {
  const step = shift ? 64 : 16;
  switch (key) {
    case 'ArrowLeft':
      return clampWidth(spec, width - step);
    case 'ArrowRight':
      return clampWidth(spec, width + step);
    case 'Home':
      return spec.minWidth;
    case 'End':
      return spec.maxWidth;
    default:
      return null;
  }
}
