import type { AppStore } from '../store/app-store';
import type { AppActions } from '../store/store-context';
import { currentLanguage, setLanguage } from './i18n';
import { asLanguage, browserLanguages, detectLanguage, LANGUAGE_PREF, languageOf, type Language } from './languages';

const CACHE_KEY = 'keyhole-language';

function cached(): Language | null {
  try {
    return asLanguage(window.localStorage.getItem(CACHE_KEY));
  } catch {
    return null;
  }
}

function cache(language: Language): void {
  try {
    window.localStorage.setItem(CACHE_KEY, language);
  } catch {
    // Storage refused (private mode, quota): the host's settings are the copy that counts.
  }
}

/**
 * Keeps the interface language on the one stored in the host's settings (chosen in Settings,
 * perhaps in another window), or on the browser's language while none is stored. The page's
 * local storage caches the choice so the first paint, before the settings arrive, is right.
 * Returns the unsubscribe.
 */
export function followLanguageSetting(store: AppStore): () => void {
  const apply = () => {
    const chosen = languageOf(store.getState().settings);
    const language = chosen ?? (store.getState().settings ? detectLanguage(browserLanguages()) : (cached() ?? currentLanguage()));
    if (chosen) cache(chosen);
    if (language !== currentLanguage() || document.documentElement.lang !== language) void setLanguage(language);
  };
  apply();
  return store.subscribe((state, prev) => {
    if (state.settings !== prev.settings) apply();
  });
}

/** Chooses the interface language: switches now and stores it with the host's settings. */
export async function chooseLanguage(language: Language, savePreference: AppActions['savePreference']): Promise<void> {
  cache(language);
  await setLanguage(language);
  await savePreference(LANGUAGE_PREF, language);
}
