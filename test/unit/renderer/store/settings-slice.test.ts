import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../../renderer/store/app-store';
import { startEventBridge } from '../../../../renderer/store/event-bridge';
import { colorSchemeOf, historyLimitOf, PREF, reportsLimitOf } from '../../../../renderer/store/settings-slice';
import type { AppSettingsPatch } from '../../../../shared/profile/app-settings';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { appSettings } from '../../../support/renderer/fixtures';

/** A host that keeps settings the way the real one does: patches merge, a null preference is removed. */
function settingsHost(initial = appSettings()) {
  let stored = initial;
  const host = fakeHost({
    'settings:get': () => okValue(stored),
    'settings:save': (patch: AppSettingsPatch) => {
      const ui = { ...stored.ui };
      for (const [k, v] of Object.entries(patch.ui ?? {})) {
        if (v === null) delete ui[k];
        else ui[k] = v;
      }
      stored = {
        reportsPerProfile: patch.reportsPerProfile ?? stored.reportsPerProfile,
        certExpiryWarningDays: patch.certExpiryWarningDays ?? stored.certExpiryWarningDays,
        ui,
      };
      return okValue(stored);
    },
  });
  return { host, stored: () => stored };
}

describe('settings slice', () => {
  it('loads the settings and applies the preferences other slices hold', async () => {
    const { host } = settingsHost(appSettings({ [PREF.payloadFormat]: 'hex', [PREF.messageHistoryLimit]: 500 }, 20));
    const store = createAppStore(host.api);
    expect(store.getState().historyLimit).toBe(10_000);
    await store.getState().loadSettings();
    expect(store.getState().settings?.reportsPerProfile).toBe(20);
    expect(store.getState().payloadFormat).toBe('hex');
    expect(store.getState().historyLimit).toBe(500);
    // Applying what was just read is not a change to save back.
    expect(host.calls.map((c) => c.channel)).toEqual(['settings:get']);
  });

  it('ignores preferences it does not understand', async () => {
    const { host } = settingsHost(
      appSettings({ [PREF.payloadFormat]: 'morse', [PREF.messageHistoryLimit]: 3, [PREF.colorScheme]: 'purple' }),
    );
    const store = createAppStore(host.api);
    await store.getState().loadSettings();
    expect(store.getState().payloadFormat).toBe('text');
    expect(store.getState().historyLimit).toBe(10_000);
    expect(colorSchemeOf(store.getState().settings)).toBeNull();
    expect(historyLimitOf(store.getState().settings)).toBeNull();
  });

  it('remembers the payload notation the user picks, with the host', async () => {
    const { host, stored } = settingsHost();
    const store = createAppStore(host.api);
    await store.getState().loadSettings();
    store.getState().setPayloadFormat('json');
    await Promise.resolve();
    expect(host.calls.at(-1)).toEqual({ channel: 'settings:save', request: { ui: { payloadFormat: 'json' } } });
    await expect.poll(() => stored().ui.payloadFormat).toBe('json');
    const before = host.calls.length;
    store.getState().setPayloadFormat('hex', { persist: false });
    expect(store.getState().payloadFormat).toBe('hex');
    expect(host.calls.length).toBe(before);
  });

  it('saves a preference, and removes one with null', async () => {
    const { host, stored } = settingsHost(appSettings({ [PREF.colorScheme]: 'dark' }));
    const store = createAppStore(host.api);
    await store.getState().savePreference(PREF.messageHistoryLimit, 2000);
    expect(store.getState().historyLimit).toBe(2000);
    await store.getState().savePreference(PREF.colorScheme, null);
    expect(stored().ui).toEqual({ messageHistoryLimit: 2000 });
    expect(colorSchemeOf(store.getState().settings)).toBeNull();
  });

  it('passes a refused save back and keeps the old settings', async () => {
    const host = fakeHost({
      'settings:get': () => okValue(appSettings()),
      'settings:save': () => ({ ok: false, error: { code: 'store-error', message: 'read-only store' } }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadSettings();
    const r = await store.getState().saveSettings({ reportsPerProfile: 5 });
    expect(r.ok ? null : r.error.code).toBe('store-error');
    expect(store.getState().settings?.reportsPerProfile).toBe(50);
  });

  it('follows settings changed in another window', () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    startEventBridge(host.api, store);
    host.emit('settings:changed', appSettings({ [PREF.colorScheme]: 'light', [PREF.payloadFormat]: 'json' }, 7));
    expect(colorSchemeOf(store.getState().settings)).toBe('light');
    expect(store.getState().payloadFormat).toBe('json');
    expect(reportsLimitOf(store.getState().settings)).toBe(7);
    expect(host.calls).toEqual([]);
  });

  it('asks for as many reports as the host keeps, at most a page', () => {
    expect(reportsLimitOf(null)).toBe(100);
    expect(reportsLimitOf(appSettings({}, 30))).toBe(30);
  });
});
