import { useTranslation } from 'react-i18next';
import type { Namespace } from './resources';
import { i18n } from './i18n';

/**
 * `t` for a component, bound to this app's i18n instance (so a component renders translated in a
 * unit test without a provider) and re-rendered when the language changes. Each file names its
 * namespace, `useT('lab')`; keys of another namespace are written `t('common:save')` with that
 * namespace in the list, `useT(['lab', 'common'])`. Keys are typed from the English catalogue.
 */
export function useT<const N extends Namespace | readonly Namespace[]>(ns: N) {
  return useTranslation(ns, { i18n });
}
