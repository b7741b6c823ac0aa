// @vitest-environment happy-dom
// Which language the interface starts in, and how the stored choice is followed and saved.
import { afterEach, describe, expect, it } from 'vitest';
import { currentLanguage, i18n, setLanguage } from '../../../../renderer/i18n/i18n';
import { chooseLanguage, followLanguageSetting } from '../../../../renderer/i18n/language-sync';
import { detectLanguage, LANGUAGE_PREF, languageOf } from '../../../../renderer/i18n/languages';
import { formatNumber, quotedList } from '../../../../renderer/i18n/format';
import { createAppStore } from '../../../../renderer/store/app-store';
import type { AppSettingsPatch } from '../../../../shared/profile/app-settings';
import { fakeHost, okValue } from '../../../support/renderer/fake-api';
import { appSettings } from '../../../support/renderer/fixtures';

afterEach(async () => {
  window.localStorage.clear();
  await setLanguage('en');
});

describe('detectLanguage', () => {
  it.each([
    [['zh-CN', 'en'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['zh-Hans-CN'], 'zh-CN'],
    [['zh-SG'], 'zh-CN'],
    [['en-GB', 'zh-CN'], 'en'],
    // Traditional Chinese is not offered: the next preference decides, English at the end.
    [['zh-TW', 'zh-CN'], 'zh-CN'],
    [['zh-Hant-HK'], 'en'],
    [['de-DE', 'fr'], 'en'],
    [[], 'en'],
  ] as const)('%j → %s', (preferred, want) => {
    expect(detectLanguage(preferred)).toBe(want);
  });

  it('reads a stored choice only when it is a language the interface speaks', () => {
    expect(languageOf(appSettings({ [LANGUAGE_PREF]: 'zh-CN' }))).toBe('zh-CN');
    expect(languageOf(appSettings({ [LANGUAGE_PREF]: 'fr' }))).toBeNull();
    expect(languageOf(null)).toBeNull();
  });
});

function setup(ui: Record<string, string> = {}) {
  let stored = appSettings(ui);
  const host = fakeHost({
    'settings:get': () => okValue(stored),
    'settings:save': (patch: AppSettingsPatch) => {
      stored = appSettings({ ...stored.ui, ...(patch.ui as Record<string, string>) });
      return okValue(stored);
    },
  });
  return { host, store: createAppStore(host.api) };
}

describe('the language setting', () => {
  it('follows the stored choice when the settings arrive, and a change made elsewhere', async () => {
    const { store } = setup({ [LANGUAGE_PREF]: 'zh-CN' });
    const stop = followLanguageSetting(store);
    expect(currentLanguage()).toBe('en');
    await store.getState().loadSettings();
    await expect.poll(() => currentLanguage()).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(i18n.t('settings:title')).toBe('设置');
    store.getState().applySettings(appSettings({ [LANGUAGE_PREF]: 'en' }));
    await expect.poll(() => currentLanguage()).toBe('en');
    stop();
  });

  it('saves a choice with the host and switches at once', async () => {
    const { host, store } = setup();
    await store.getState().loadSettings();
    await chooseLanguage('zh-CN', store.getState().savePreference);
    expect(currentLanguage()).toBe('zh-CN');
    const saves = host.calls.filter((c) => c.channel === 'settings:save').map((c) => c.request);
    expect(saves).toEqual([{ ui: { [LANGUAGE_PREF]: 'zh-CN' } }]);
    expect(languageOf(store.getState().settings)).toBe('zh-CN');
  });

  it('formats numbers and lists in the chosen language', async () => {
    expect(formatNumber(100000)).toBe('100,000');
    expect(quotedList(['a', 'b'])).toBe('“a”, “b”');
    await setLanguage('zh-CN');
    expect(quotedList(['a', 'b'])).toBe('“a”、“b”');
    expect(i18n.t('storeStatus:locked.title', { count: 1 })).toBe('1 项已保存的机密信息无法解密');
    await setLanguage('en');
    expect(i18n.t('storeStatus:locked.title', { count: 1 })).toBe('1 stored secret cannot be decrypted');
    expect(i18n.t('storeStatus:locked.title', { count: 2 })).toBe('2 stored secrets cannot be decrypted');
  });
});
