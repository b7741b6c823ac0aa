import type { AppSettings } from '../../shared/profile/app-settings';

/** The languages the interface speaks; `en` is the source every other catalogue translates. */
export const LANGUAGES = [
  // Each language is named in itself (an autonym), so it can be found whatever the current language is.
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '简体中文' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];
export const SOURCE_LANGUAGE: Language = 'en';

/** Name of the preference in `settings.ui` that holds the chosen language. */
export const LANGUAGE_PREF = 'language';

/** `v` if it is a language the interface speaks. */
export const asLanguage = (v: unknown): Language | null => (LANGUAGES.some((l) => l.code === v) ? (v as Language) : null);

/** The language the user chose in Settings, if any. */
export function languageOf(settings: AppSettings | null): Language | null {
  return asLanguage(settings?.ui[LANGUAGE_PREF]);
}

/**
 * The interface language for the browser's (or OS's) preferred languages, in order: any Chinese
 * written in simplified script (zh, zh-CN, zh-SG, zh-Hans…) → 简体中文, English otherwise.
 * Traditional Chinese (zh-TW, zh-HK, zh-Hant) is not offered, so it falls to the next preference.
 */
export function detectLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    if (lower.startsWith('zh')) {
      if (/^zh(-hans)?(-(cn|sg|my))?$/.test(lower) || lower.startsWith('zh-hans')) return 'zh-CN';
      continue;
    }
  }
  return SOURCE_LANGUAGE;
}

/** The browser's language list (absent in plain Node, e.g. in unit tests without a DOM). */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}
