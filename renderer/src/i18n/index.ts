// The interface's words: one message catalogue per locale (en.json, fr.json), read by i18next.
// The words of the domain's codes (kinds, statuses, review states, credit kinds) are not copied
// here: they are shared/i18n/labels.ts's, shared with the workbook, and served as the `labels`
// namespace (t('labels:status.match')). The language follows the workspace's locale setting
// (main.tsx); every screen is drawn again when it changes (App keys its tree by the language).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LABELS, type Locale } from '../../../shared/i18n/labels';
import en from './en.json';
import fr from './fr.json';

export const CATALOGUES = { en, fr } as const;

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: false,
  supportedLngs: ['en', 'fr'],
  ns: ['translation', 'labels'],
  defaultNS: 'translation',
  resources: {
    en: { translation: en, labels: LABELS.en },
    fr: { translation: fr, labels: LABELS.fr },
  },
  // React escapes what it renders; the catalogue's text is never HTML.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

/** The catalogues' words, outside React (actions, banners). Inside a component, `useTranslation()`. */
export const t = i18n.t.bind(i18n);

/** Sets the language; true when it changed. */
export function setLocale(locale: Locale): boolean {
  if (i18n.language === locale) return false;
  void i18n.changeLanguage(locale);
  return true;
}

export function currentLocale(): Locale {
  return i18n.language === 'fr' ? 'fr' : 'en';
}
