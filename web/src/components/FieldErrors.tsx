import { useTranslation } from 'react-i18next';

/** The server's validation problems as a list the documenter can act on (paths, never values). */
export function FieldErrors({ errors }: { errors: { path: string; code: string }[] }) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div className="error-box" role="alert" id="intake-errors" tabIndex={-1}>
      <p>{t('errors.fix')}</p>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>
            <code>{e.path}</code>:{' '}
            {t(`errors.code.${e.code}`, { defaultValue: t('errors.invalid') })}
          </li>
        ))}
      </ul>
    </div>
  );
}
