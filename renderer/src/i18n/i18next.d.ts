// Keys are checked by the type checker: t('a.missing.key') does not compile.
import 'i18next';
import type { Labels } from '../../../shared/i18n/labels';
import type en from './en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en; labels: Labels };
    returnNull: false;
  }
}
