import type { MantineColorScheme, MantineColorSchemeManager } from '@mantine/core';
import type { AppStore } from '../store/app-store';
import { colorSchemeOf, PREF } from '../store/settings-slice';

const CACHE_KEY = 'keyhole-color-scheme';
/** Where Mantine's default manager kept the choice before it moved to the host's settings. */
const LEGACY_KEY = 'mantine-color-scheme-value';

function cached(): MantineColorScheme | null {
  try {
    const v = window.localStorage.getItem(CACHE_KEY) ?? window.localStorage.getItem(LEGACY_KEY);
    return v === 'light' || v === 'dark' || v === 'auto' ? v : null;
  } catch {
    return null;
  }
}

function cache(value: MantineColorScheme): void {
  try {
    window.localStorage.setItem(CACHE_KEY, value);
  } catch {
    // Storage refused (private mode, quota): the host's copy is the one that counts.
  }
}

/**
 * Keeps the theme choice with the host's settings, so it survives a new browser profile, the
 * desktop app's reinstall and a web host on another port (whose page has other local storage).
 * The page's local storage only caches it so the first paint, before the settings arrive, is right.
 */
export function settingsColorSchemeManager(store: AppStore): MantineColorSchemeManager {
  let unsubscribe: (() => void) | null = null;
  return {
    get: (defaultValue) => colorSchemeOf(store.getState().settings) ?? cached() ?? defaultValue,
    set(value) {
      cache(value);
      const s = store.getState();
      // Only a change the user made is saved: values arriving from the host come back through here too.
      if (s.settings && colorSchemeOf(s.settings) !== value) void s.savePreference(PREF.colorScheme, value);
    },
    subscribe(onUpdate) {
      unsubscribe?.();
      unsubscribe = store.subscribe((state, prev) => {
        const next = colorSchemeOf(state.settings);
        if (next && next !== colorSchemeOf(prev.settings)) onUpdate(next);
      });
    },
    unsubscribe() {
      unsubscribe?.();
      unsubscribe = null;
    },
    clear() {
      try {
        window.localStorage.removeItem(CACHE_KEY);
      } catch {
        // Nothing cached, nothing to clear.
      }
      void store.getState().savePreference(PREF.colorScheme, null);
    },
  };
}
