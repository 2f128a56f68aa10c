/**
 * People now detained in China or at risk of forced repatriation, with what is being done for
 * each (UN urgent appeal, legal aid, family contact), who is responsible and by when.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UrgentItem } from '../../../src/server/schemas';
import { INTERVENTION_STATUSES } from '../../../src/server/api-constants';
import { get, put } from '../api';
import { navigate } from '../router';
import { useLabels, useSession } from '../session';

function daysUntil(date: string): number {
  const d = new Date(`${date}T00:00:00`);
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  return Math.round((d.getTime() - today.getTime()) / 86_400_000);
}

export function UrgentPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { user } = useSession();
  const [items, setItems] = useState<UrgentItem[] | null>(null);
  const [error, setError] = useState(false);
  const load = useCallback(() => {
    get<UrgentItem[]>('/urgent')
      .then(setItems)
      .catch(() => setError(true));
  }, []);
  useEffect(load, [load]);
  const canChange = user?.role === 'documenter';

  if (error) return <p role="alert">{t('common.loadFailed')}</p>;
  if (!items) return <p>{t('common.loading')}</p>;

  return (
    <div className="urgent">
      <header className="page-head">
        <h1>{t('urgent.title')}</h1>
        <p className="muted">{t('urgent.intro')}</p>
      </header>
      {items.length === 0 && <p>{t('urgent.empty')}</p>}
      <ul className="urgent-list">
        {items.map((it) => {
          const days = it.nextDeadline ? daysUntil(it.nextDeadline) : undefined;
          return (
            <li key={it.caseId} className="urgent-card" data-testid="urgent-card">
              <header>
                <h2>
                  <a
                    href={`/cases/${encodeURIComponent(it.caseId)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/cases/${encodeURIComponent(it.caseId)}`);
                    }}
                  >
                    {it.name ?? it.pseudonym}
                  </a>
                </h2>
                <span className={`situation situation-${it.situation}`}>
                  {t(`situation.${it.situation}`)}
                </span>
                {it.placeId && <span> · {labels.place(it.placeId)}</span>}
                {it.since && <span> · {t('urgent.since', { date: it.since })}</span>}
                {days !== undefined && (
                  <span
                    className={
                      days < 0 ? 'deadline overdue' : days <= 7 ? 'deadline soon' : 'deadline'
                    }
                  >
                    {days < 0
                      ? t('urgent.overdue', { count: -days })
                      : t('urgent.dueIn', { count: days })}
                  </span>
                )}
              </header>
              {it.interventions.length === 0 ? (
                <p className="gap-flag">{t('urgent.noIntervention')}</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('intervention.kind')}</th>
                      <th scope="col">{t('intervention.responsible')}</th>
                      <th scope="col">{t('intervention.deadline')}</th>
                      <th scope="col">{t('intervention.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {it.interventions.map((iv) => (
                      <tr key={iv.id}>
                        <td>{t(`interventionKind.${iv.kind}`)}</td>
                        <td>{iv.responsible ?? '—'}</td>
                        <td>{iv.deadline ?? '—'}</td>
                        <td>
                          {canChange ? (
                            <select
                              aria-label={t('intervention.status')}
                              value={iv.status}
                              onChange={(e) =>
                                void put(
                                  `/cases/${encodeURIComponent(it.caseId)}/interventions/${encodeURIComponent(iv.id)}`,
                                  { ...iv, status: e.target.value },
                                ).then(load)
                              }
                            >
                              {INTERVENTION_STATUSES.map((s) => (
                                <option key={s} value={s}>
                                  {t(`interventionStatus.${s}`)}
                                </option>
                              ))}
                            </select>
                          ) : (
                            t(`interventionStatus.${iv.status}`)
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
