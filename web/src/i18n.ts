import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { ko } from './locales/ko';
import { zh } from './locales/zh';

export const LANGUAGES = [
  { code: 'ko', label: '한국어' },
  { code: 'en', label: 'English' },
  { code: 'zh', label: '中文' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'jayu.lang';

function initialLanguage(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'ko' || saved === 'en' || saved === 'zh') return saved;
  const nav = navigator.language.slice(0, 2);
  return nav === 'en' || nav === 'zh' ? nav : 'ko';
}

/** The html lang attribute picks CJK glyph forms (Korean vs simplified Chinese) in the fonts. */
const HTML_LANG: Record<Lang, string> = { ko: 'ko', en: 'en', zh: 'zh-Hans' };

export function setLanguage(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = HTML_LANG[lang];
  void i18next.changeLanguage(lang);
}

export function currentLang(): Lang {
  const l = i18next.language;
  return l === 'en' || l === 'zh' ? l : 'ko';
}

const lang = initialLanguage();
document.documentElement.lang = HTML_LANG[lang];
void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, ko: { translation: ko }, zh: { translation: zh } },
  lng: lang,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
