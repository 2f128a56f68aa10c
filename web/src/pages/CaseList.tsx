/**
 * Case list: search by a name in any script (the server matches keyed name indexes, so 'Kim
 * Young-hee' finds 김영희) or a record id, narrowed by facets. The query travels in a POST body.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSearch, CaseSearchResult, Facet } from '../../../src/server/schemas';
import { FACETS } from '../../../src/server/api-constants';
import { post } from '../api';
import { navigate } from '../router';
import { useLabels, useSession } from '../session';

type Filters = Partial<Record<Facet, string[]>>;

export function CaseListPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { user } = useSession();
  const [q, setQ] = useState('');
  const [submittedQ, setSubmittedQ] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<CaseSearchResult | null>(null);
  const [error, setError] = useState(false);

  useEffect(() => {
    const body: CaseSearch = {
      q: submittedQ || undefined,
      violation: filters.violation,
      province: filters.province,
      year: filters.year?.map(Number),
      source: filters.source,
      status: filters.status as CaseSearch['status'],
      page,
      pageSize: 25,
    };
    let live = true;
    post<CaseSearchResult>('/cases/search', body)
      .then((r) => {
        if (live) {
          setResult(r);
          setError(false);
        }
      })
      .catch(() => live && setError(true));
    return () => {
      live = false;
    };
  }, [submittedQ, filters, page]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setSubmittedQ(q.trim());
  };
  const toggle = (facet: Facet, value: string) => {
    setPage(1);
    setFilters((f) => {
      const cur = f[facet] ?? [];
      const next = cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value];
      return { ...f, [facet]: next.length ? next : undefined };
    });
  };
  const facetLabel = (facet: Facet, value: string) => {
    switch (facet) {
      case 'violation':
        return labels.term('violations', value);
      case 'province':
        return labels.place(value);
      case 'status':
        return t(`status.${value}`);
      default:
        return value;
    }
  };
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const deidentified = user?.role === 'analyst' || user?.role === 'viewer';

  return (
    <div className="case-list">
      <header className="page-head">
        <h1>{t('cases.title')}</h1>
        {user?.role === 'documenter' && (
          <a
            className="button"
            href="/cases/new"
            onClick={(e) => {
              e.preventDefault();
              navigate('/cases/new');
            }}
          >
            + {t('nav.intake')}
          </a>
        )}
      </header>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="case-q" className="visually-hidden">
          {t('cases.search')}
        </label>
        <input
          id="case-q"
          name="q"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('cases.searchPlaceholder')}
          autoComplete="off"
        />
        <button type="submit">{t('cases.searchButton')}</button>
      </form>
      <div className="with-facets">
        <aside className="facets" aria-label={t('cases.facets')}>
          {FACETS.map((facet) => (
            <fieldset key={facet}>
              <legend>{t(`facet.${facet}`)}</legend>
              {(result?.facets[facet] ?? []).slice(0, 15).map((f) => (
                <label key={f.value} className="check">
                  <input
                    type="checkbox"
                    checked={(filters[facet] ?? []).includes(f.value)}
                    onChange={() => toggle(facet, f.value)}
                  />
                  <span>{facetLabel(facet, f.value)}</span> <span className="count">{f.count}</span>
                </label>
              ))}
            </fieldset>
          ))}
        </aside>
        <section aria-live="polite" aria-busy={!result}>
          {error && <p role="alert">{t('common.loadFailed')}</p>}
          {result && (
            <>
              <p className="result-count" data-testid="result-count">
                {result.totalIsLowerBound
                  ? t('cases.countMore', { count: result.total })
                  : t('cases.count', { count: result.total })}
              </p>
              <table className="cases">
                <thead>
                  <tr>
                    <th scope="col">{deidentified ? t('cases.pseudonym') : t('cases.name')}</th>
                    <th scope="col">{t('cases.birthYear')}</th>
                    <th scope="col">{t('cases.home')}</th>
                    <th scope="col">{t('facet.violation')}</th>
                    <th scope="col">{t('facet.year')}</th>
                    <th scope="col">{t('facet.source')}</th>
                    <th scope="col">{t('facet.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.items.map((c) => (
                    <tr key={c.id} data-testid="case-row">
                      <td>
                        <a
                          href={`/cases/${encodeURIComponent(c.id)}`}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate(`/cases/${encodeURIComponent(c.id)}`);
                          }}
                        >
                          {c.name ?? c.pseudonym}
                        </a>
                      </td>
                      <td>{c.birthYear ?? ''}</td>
                      <td>{labels.place(c.homeProvince)}</td>
                      <td>{c.violations.map((v) => labels.term('violations', v)).join(', ')}</td>
                      <td>{yearsSpan(c.years)}</td>
                      <td>{c.source}</td>
                      <td>
                        <span className={`status status-${c.status}`}>
                          {t(`status.${c.status}`)}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {pages > 1 && (
                <nav className="pager" aria-label={t('cases.pages')}>
                  <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                    ← {t('cases.prev')}
                  </button>
                  <span>
                    {page} / {pages}
                    {result.totalIsLowerBound ? '+' : ''}
                  </span>
                  <button
                    type="button"
                    disabled={
                      result.items.length < result.pageSize ||
                      (!result.totalIsLowerBound && page >= pages)
                    }
                    onClick={() => setPage(page + 1)}
                  >
                    {t('cases.next')} →
                  </button>
                </nav>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function yearsSpan(years: number[]): string {
  if (years.length === 0) return '';
  const min = Math.min(...years);
  const max = Math.max(...years);
  return min === max ? String(min) : `${min}–${max}`;
}
