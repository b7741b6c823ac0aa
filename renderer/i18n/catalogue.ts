/**
 * The shape a translation of an English catalogue must have: the same keys, strings for strings.
 * English plural forms come as `key_one` / `key_other` (CLDR categories, as i18next resolves them
 * with Intl.PluralRules); Chinese has only `other`, so `_one` keys are left out of a translation.
 * The catalogue test checks each language has exactly the categories its plural rules use.
 */
export type Translation<T> = {
  [K in keyof T as K extends `${string}_one` ? never : K]: T[K] extends string ? string : Translation<T[K]>;
};
