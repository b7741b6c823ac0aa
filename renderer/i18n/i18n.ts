import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { asLanguage, browserLanguages, detectLanguage, LANGUAGES, SOURCE_LANGUAGE, type Language } from './languages';
import { NAMESPACES, resources } from './resources';

/**
 * The interface's one i18next instance. Catalogues are bundled (no loading over the network), so
 * it is ready synchronously, before the first render, in the browser, the desktop app and tests.
 */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources,
  lng: detectLanguage(browserLanguages()),
  fallbackLng: SOURCE_LANGUAGE,
  supportedLngs: LANGUAGES.map((l) => l.code),
  // zh-CN only: no lookup of a bare "zh" catalogue that does not exist.
  load: 'currentOnly',
  ns: NAMESPACES,
  defaultNS: 'common',
  initAsync: false,
  // React escapes what it renders; escaping here too would show "&amp;" in the UI.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The language the interface shows now. */
export function currentLanguage(): Language {
  return asLanguage(i18n.resolvedLanguage ?? i18n.language) ?? SOURCE_LANGUAGE;
}

/** Switches the interface live (components re-render through react-i18next) and tags the page. */
export async function setLanguage(language: Language): Promise<void> {
  if (i18n.language !== language) await i18n.changeLanguage(language);
  // The page's lang picks the CJK font variant (simplified glyphs) and tells screen readers.
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
