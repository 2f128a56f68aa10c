import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, currentLang, type Lang } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const lang = currentLang();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('common.language')}</span>
      <select
        value={lang}
        data-lang={i18n.language}
        onChange={(e) => setLanguage(e.target.value as Lang)}
        aria-label={t('common.language')}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
