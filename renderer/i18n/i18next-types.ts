import type { resources } from './resources';

// Keys and interpolation variables checked at compile time against the English catalogue:
// `t('lab:missing')` or a `{{name}}` left out is a type error in `npm run typecheck`.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof resources)['en'];
    returnNull: false;
  }
}
