import { currentLanguage, i18n } from './i18n';

// Dates and numbers in the interface language's conventions (Intl, CLDR data in the browser).

/** A date and time, e.g. "30 Nov 2026, 20:12" / "2026年11月30日 20:12". */
export function formatDateTime(value: Date | string | number): string {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** A date, e.g. "30 Nov 2026" / "2026年11月30日". */
export function formatDate(value: Date | string | number): string {
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium' }).format(new Date(value));
}

/** A time of day with seconds, e.g. "20:12:05". */
export function formatTime(value: Date | string | number): string {
  return new Intl.DateTimeFormat(currentLanguage(), { timeStyle: 'medium' }).format(new Date(value));
}

/** Names quoted and listed: “a”, “b” / “a”、“b”. */
export function quotedList(names: readonly string[]): string {
  return names.map((name) => i18n.t('common:quoted', { name })).join(i18n.t('common:listSeparator'));
}

/** A whole number with the language's grouping, e.g. "100,000". */
export function formatNumber(value: number): string {
  return numberFormat(currentLanguage()).format(value);
}

// One formatter per language: making one is costly, and counts are formatted on every render
// of a message flood.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: string): Intl.NumberFormat {
  let f = numberFormats.get(language);
  if (!f) numberFormats.set(language, (f = new Intl.NumberFormat(language)));
  return f;
}
