import { describe, expect, it } from 'vitest';
import { DEFAULT_APP_SETTINGS } from '../../../../shared/profile/app-settings';
import { clampWidth, fitPanel, panelPrefs, storedPanel, widthForKey, type SidePanelSpec } from '../../../../renderer/ui/side-panel-state';

const spec: SidePanelSpec = { id: 'test', defaultWidth: 260, minWidth: 200, maxWidth: 500 };
const withUi = (ui: Record<string, string | number | boolean | null>) => ({ ...DEFAULT_APP_SETTINGS, ui });

describe('side panel state', () => {
  it('reads the stored width and hidden state, clamped, or the defaults', () => {
    const names = panelPrefs(spec);
    expect(storedPanel(spec, null)).toEqual({ width: 260, collapsed: false });
    expect(storedPanel(spec, withUi({ [names.width]: 333.4, [names.collapsed]: true }))).toEqual({ width: 333, collapsed: true });
    expect(storedPanel(spec, withUi({ [names.width]: 9999 }))).toEqual({ width: 500, collapsed: false });
    expect(storedPanel(spec, withUi({ [names.width]: 'wide', [names.collapsed]: 'yes' }))).toEqual({ width: 260, collapsed: false });
  });

  it('shrinks to the room left beside the content, and opens over it where not even its minimum fits', () => {
    expect(fitPanel(spec, 300, 1200, 400)).toEqual({ width: 300, cramped: false });
    expect(fitPanel(spec, 300, 650, 400)).toEqual({ width: 250, cramped: false });
    expect(fitPanel(spec, 300, 550, 400)).toEqual({ width: 300, cramped: true });
    // Before the container is measured the stored width applies.
    expect(fitPanel(spec, 300, 0, 400)).toEqual({ width: 300, cramped: false });
  });

  it('steps by 16 px (64 with Shift) on arrow keys, jumps to the bounds on Home and End, ignores other keys', () => {
    expect(widthForKey(spec, 260, 'ArrowRight', false)).toBe(276);
    expect(widthForKey(spec, 260, 'ArrowLeft', true)).toBe(200);
    expect(widthForKey(spec, 490, 'ArrowRight', true)).toBe(500);
    expect(widthForKey(spec, 260, 'Home', false)).toBe(200);
    expect(widthForKey(spec, 260, 'End', false)).toBe(500);
    expect(widthForKey(spec, 260, 'a', false)).toBeNull();
    expect(clampWidth(spec, 10)).toBe(200);
  });
});
