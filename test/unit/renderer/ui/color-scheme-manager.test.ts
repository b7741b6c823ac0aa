// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { settingsColorSchemeManager } from '../../../../renderer/ui/color-scheme-manager';
import type { AppSettingsPatch } from '../../../../shared/profile/app-settings';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { appSettings } from '../../../support/renderer/fixtures';

afterEach(() => window.localStorage.clear());

function setup(ui: Record<string, string> = {}) {
  let stored = appSettings(ui);
  const host = fakeHost({
    'settings:get': () => okValue(stored),
    'settings:save': (patch: AppSettingsPatch) => {
      const next = { ...stored.ui };
      for (const [k, v] of Object.entries(patch.ui ?? {})) {
        if (v === null) delete next[k];
        else next[k] = v;
      }
      stored = appSettings(next);
      return okValue(stored);
    },
  });
  const store = createAppStore(host.api);
  return { host, store, manager: settingsColorSchemeManager(store) };
}

const saves = (host: ReturnType<typeof setup>['host']) => host.calls.filter((c) => c.channel === 'settings:save').map((c) => c.request);

describe('settingsColorSchemeManager', () => {
  it('reads the theme from the host settings, else the page cache, else the default', async () => {
    const { store, manager } = setup({ colorScheme: 'dark' });
    expect(manager.get('auto')).toBe('auto');
    window.localStorage.setItem('keyhole-color-scheme', 'light');
    expect(manager.get('auto')).toBe('light');
    await store.getState().loadSettings();
    expect(manager.get('auto')).toBe('dark');
  });

  it('saves a choice the user makes, once, and caches it for the first paint', async () => {
    const { host, store, manager } = setup();
    await store.getState().loadSettings();
    manager.set('dark');
    await expect.poll(() => saves(host)).toEqual([{ ui: { colorScheme: 'dark' } }]);
    expect(window.localStorage.getItem('keyhole-color-scheme')).toBe('dark');
    // The host's answer comes back through `set` (Mantine calls it on update): no second save.
    manager.set('dark');
    expect(saves(host)).toHaveLength(1);
  });

  it('follows a theme changed elsewhere', async () => {
    const { store, manager } = setup();
    const seen: string[] = [];
    manager.subscribe((v) => seen.push(v));
    store.getState().applySettings(appSettings({ colorScheme: 'dark' }));
    store.getState().applySettings(appSettings({ colorScheme: 'dark', payloadFormat: 'hex' }));
    store.getState().applySettings(appSettings({ colorScheme: 'light' }));
    expect(seen).toEqual(['dark', 'light']);
    manager.unsubscribe();
    store.getState().applySettings(appSettings({ colorScheme: 'auto' }));
    expect(seen).toEqual(['dark', 'light']);
  });

  it('clears the choice with the host too', async () => {
    const { host, store, manager } = setup({ colorScheme: 'dark' });
    await store.getState().loadSettings();
    manager.clear();
    await expect.poll(() => store.getState().settings?.ui.colorScheme).toBeUndefined();
    expect(saves(host)).toEqual([{ ui: { colorScheme: null } }]);
  });
});
