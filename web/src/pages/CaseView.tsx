/**
 * One case: the route as a timeline and on a map, the chain of sales with prices, and the legal
 * elements of each violation with the evidence behind each and the gaps (as the ICC Case Matrix).
 * For de-identified roles the server has already removed names, exact dates and free text.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDto, CaseRead } from '../../../src/server/schemas';
import { ASSESSMENT_STATUSES } from '../../../src/server/api-constants';
import { ApiError, get, put } from '../api';
import { orderEvents } from '../caseDraft';
import { ProvinceMap, type RoutePoint } from '../components/ProvinceMap';
import { navigate } from '../router';
import { useLabels, useReference, useSession } from '../session';

type Assessment = CaseDto['assessments'][number];

export function CaseViewPage({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { vocabularies, places } = useReference();
  const labels = useLabels();
  const [read, setRead] = useState<CaseRead | null>(null);
  const [error, setError] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    get<CaseRead>(`/cases/${encodeURIComponent(caseId)}`)
      .then((r) => live && setRead(r))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.status : 500));
    return () => {
      live = false;
    };
  }, [caseId]);

  const c = read?.case;
  const events = useMemo(() => (c ? orderEvents(c) : []), [c]);
  const route = useMemo<RoutePoint[]>(() => {
    const pts: RoutePoint[] = [];
    for (const ev of events) {
      const p = ev.placeId ? places.get(ev.placeId) : undefined;
      if (p?.lat !== undefined && p.lon !== undefined) {
        pts.push({
          lat: p.lat,
          lon: p.lon,
          label: `${t(`eventType.${ev.type}`)} · ${labels.placeName(p)}`,
        });
      }
    }
    return pts;
  }, [events, places, labels, t]);

  if (error === 404 || error === 403) return <p role="alert">{t('case.notAvailable')}</p>;
  if (error) return <p role="alert">{t('common.loadFailed')}</p>;
  if (!c || !read) return <p>{t('common.loading')}</p>;

  const canEdit = user?.role === 'documenter';
  // Assessments are saved with the case (a case update): documenters only, for now.
  const canAssess = canEdit;
  const name = [c.person.names.familyName, c.person.names.givenName].filter(Boolean).join(' ');
  const eventById = new Map(c.events.map((e) => [e.id, e]));
  const perpById = new Map(c.perpetrators.map((p) => [p.id, p]));
  const sales = events
    .filter((e) => e.type === 'Sale')
    .flatMap((e) =>
      c.acts.filter((a) => a.eventId === e.id && (a.salePrice !== undefined || a.saleKind)),
    );
  const partyOf = (actId: string, role: string) =>
    c.involvements
      .filter((i) => i.actId === actId && i.role === role)
      .map((i) => perpById.get(i.perpetratorId))
      .filter((p): p is NonNullable<typeof p> => Boolean(p))
      .map((p) => p.name ?? labels.term('perpetratorTypes', p.type))
      .join(', ');

  const saveAssessment = async (a: Assessment) => {
    const assessments = [
      ...c.assessments.filter((x) => !(x.actId === a.actId && x.element === a.element)),
      a,
    ];
    const next = { ...c, assessments };
    await put(`/cases/${encodeURIComponent(c.id)}`, next);
    setRead({ ...read, case: next });
  };

  return (
    <article className="case-view">
      <header className="page-head">
        <div>
          <h1 data-testid="case-title">
            {read.deidentified || !name
              ? t('case.pseudonymTitle', { id: c.person.id.slice(0, 8) })
              : name}
          </h1>
          <p className="muted">
            <span className={`status status-${c.status}`}>{t(`status.${c.status}`)}</span> ·{' '}
            {t(`sex.${c.person.sex}`)}
            {c.person.birthYear ? ` · ${t('case.born', { year: c.person.birthYear })}` : ''}
            {c.person.homeProvince ? ` · ${labels.place(c.person.homeProvince)}` : ''}
            {c.person.homeCounty ? `, ${labels.place(c.person.homeCounty)}` : ''} ·{' '}
            {t('facet.source')}: {c.source}
          </p>
          {c.person.names.otherNames && c.person.names.otherNames.length > 0 && (
            <p className="muted">
              {t('person.otherNames')}: {c.person.names.otherNames.join(', ')}
            </p>
          )}
          {read.deidentified && (
            <p className="notice" data-testid="deidentified">
              {t('case.deidentified')}
            </p>
          )}
        </div>
        {canEdit && (
          <a
            className="button"
            href={`/cases/${encodeURIComponent(c.id)}/edit`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/cases/${encodeURIComponent(c.id)}/edit`);
            }}
          >
            {t('case.edit')}
          </a>
        )}
      </header>

      <div className="case-columns">
        <section aria-labelledby="h-timeline">
          <h2 id="h-timeline">{t('case.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {events.map((ev) => (
              <li key={ev.id} className={`type-${ev.type}`}>
                <div className="when">{formatDate(ev.start)}</div>
                <div className="what">
                  <strong>{t(`eventType.${ev.type}`)}</strong>
                  {(ev.placeId || ev.placeText) && (
                    <span> · {ev.placeId ? labels.place(ev.placeId) : ev.placeText}</span>
                  )}
                  {ev.description && <p>{ev.description}</p>}
                  <ul className="acts-inline">
                    {c.acts
                      .filter((a) => a.eventId === ev.id)
                      .map((a) => (
                        <li key={a.id}>
                          <span className="tag violation">
                            {labels.term('violations', a.violation)}
                          </span>
                          {c.involvements
                            .filter((i) => i.actId === a.id)
                            .map((i) => {
                              const p = perpById.get(i.perpetratorId);
                              return p ? (
                                <span key={i.perpetratorId} className="tag perp">
                                  {labels.term('roles', i.role)}:{' '}
                                  {p.name ?? labels.term('perpetratorTypes', p.type)}
                                </span>
                              ) : null;
                            })}
                        </li>
                      ))}
                  </ul>
                </div>
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="h-route">
          <h2 id="h-route">{t('case.routeMap')}</h2>
          <ProvinceMap route={route} label={t('case.routeMap')} height={380} testId="route-map" />
        </section>
      </div>

      {sales.length > 0 && (
        <section aria-labelledby="h-sales">
          <h2 id="h-sales">{t('case.saleChain')}</h2>
          <table className="sales" data-testid="sale-chain">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('event.date')}</th>
                <th scope="col">{t('event.place')}</th>
                <th scope="col">{t('case.seller')}</th>
                <th scope="col">{t('case.buyer')}</th>
                <th scope="col">{t('act.saleKind')}</th>
                <th scope="col" className="num">
                  {t('act.salePrice')}
                </th>
              </tr>
            </thead>
            <tbody>
              {sales.map((a, i) => {
                const ev = eventById.get(a.eventId);
                return (
                  <tr key={a.id}>
                    <td>{i + 1}</td>
                    <td>{ev ? formatDate(ev.start) : ''}</td>
                    <td>{ev?.placeId ? labels.place(ev.placeId) : (ev?.placeText ?? '')}</td>
                    <td>{partyOf(a.id, 'seller')}</td>
                    <td>{partyOf(a.id, 'buyer')}</td>
                    <td>{a.saleKind ? t(`saleKind.${a.saleKind}`) : ''}</td>
                    <td className="num">
                      {a.salePrice !== undefined
                        ? `${a.salePrice.toLocaleString()} ${a.saleCurrency ?? ''}`
                        : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby="h-matrix">
        <h2 id="h-matrix">{t('case.matrix')}</h2>
        <p className="hint">{t('case.matrixHint')}</p>
        {c.acts.map((a) => {
          const term = vocabularies.violations?.find((v) => v.code === a.violation);
          const ev = eventById.get(a.eventId);
          // For a child victim the Palermo means need not be shown (art. 3(c)).
          const eventYear = ev?.start.value ? Number(ev.start.value.slice(0, 4)) : undefined;
          const child =
            c.person.birthYear !== undefined &&
            eventYear !== undefined &&
            eventYear - c.person.birthYear < 18;
          const elements = (term?.elements ?? [])
            .map((code) => vocabularies.legalElements?.find((e) => e.code === code))
            .filter(
              (e): e is NonNullable<typeof e> =>
                Boolean(e) && !(child && e?.notRequiredIf === 'child'),
            );
          const frameworks = (term?.routes ?? [])
            .map((r) => labels.term('legalFrameworks', r.framework))
            .join(' / ');
          return (
            <div key={a.id} className="matrix-block" data-testid="matrix-block">
              <h3>
                {labels.term('violations', a.violation)}{' '}
                <span className="muted">
                  {frameworks ? `${frameworks} · ` : ''}
                  {ev ? t(`eventType.${ev.type}`) : ''} {ev ? formatDate(ev.start) : ''}
                </span>
              </h3>
              {elements.length === 0 ? (
                <p className="muted">{t('case.noElements')}</p>
              ) : (
                <table className="matrix">
                  <thead>
                    <tr>
                      <th scope="col">{t('case.element')}</th>
                      <th scope="col">{t('case.assessment')}</th>
                      <th scope="col">{t('case.evidence')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {elements.map((el) => {
                      const as = c.assessments.find(
                        (x) => x.actId === a.id && x.element === el.code,
                      );
                      const status = as?.status ?? 'unassessed';
                      const gap = status !== 'supported' || (as?.evidenceIds.length ?? 0) === 0;
                      return (
                        <tr key={el.code} className={gap ? 'gap' : 'ok'}>
                          <th scope="row" title={el.description}>
                            {el.labels[labels.lang] || el.labels.en}
                          </th>
                          <td>
                            {canAssess ? (
                              <select
                                aria-label={t('case.assessment')}
                                value={status}
                                onChange={(e) =>
                                  void saveAssessment({
                                    actId: a.id,
                                    element: el.code,
                                    evidenceIds: as?.evidenceIds ?? [],
                                    status: e.target.value as Assessment['status'],
                                    note: as?.note,
                                  })
                                }
                              >
                                {ASSESSMENT_STATUSES.map((s) => (
                                  <option key={s} value={s}>
                                    {t(`assessment.${s}`)}
                                  </option>
                                ))}
                              </select>
                            ) : (
                              t(`assessment.${status}`)
                            )}
                          </td>
                          <td>
                            {(as?.evidenceIds ?? []).length > 0
                              ? as!.evidenceIds
                                  .map((id) => {
                                    const item = c.evidence.find((x) => x.id === id);
                                    return (
                                      item?.description ??
                                      `${item?.mediaType ?? ''} ${item?.sha256.slice(0, 10) ?? id}`
                                    );
                                  })
                                  .join('; ')
                              : c.information.length > 0 && status === 'supported'
                                ? t('case.testimonyOnly')
                                : ''}
                            {gap && <span className="gap-flag"> {t('case.gap')}</span>}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </div>
          );
        })}
      </section>

      <div className="case-columns">
        <section aria-labelledby="h-sources">
          <h2 id="h-sources">{t('intake.sources')}</h2>
          <ul>
            {c.information.map((i) => (
              <li key={i.id}>
                {t(`knowledge.${i.knowledge}`)} · {t('source.reliability')}:{' '}
                {labels.term('sourceReliability', i.reliability)}
                {i.language
                  ? ` · ${t(`language.${i.language}`, { defaultValue: i.language })}`
                  : ''}
                {i.interviewDate?.value ? ` · ${i.interviewDate.value}` : ''}
                {i.informant ? ` · ${i.informant}` : ''}
              </li>
            ))}
          </ul>
          <h2>{t('intake.consent')}</h2>
          <ul className="consent" data-testid="consent">
            {(
              [
                'case_management',
                'legal_proceedings',
                'un_reporting',
                'aggregate_statistics',
              ] as const
            ).map((p) => (
              <li key={p} className={c.consent.purposes.includes(p) ? 'yes' : 'no'}>
                <span aria-hidden="true">{c.consent.purposes.includes(p) ? '✓' : '✕'}</span>{' '}
                {t(`consent.${p}`)}
                <span className="visually-hidden">
                  {c.consent.purposes.includes(p) ? t('common.yes') : t('common.no')}
                </span>
              </li>
            ))}
          </ul>
          {c.consent.withdrawnOn && (
            <p className="notice">{t('consent.withdrawn', { date: c.consent.withdrawnOn })}</p>
          )}
        </section>
        <section aria-labelledby="h-interventions">
          <h2 id="h-interventions">{t('intake.interventions')}</h2>
          {c.interventions.length === 0 ? (
            <p className="muted">{t('urgent.none')}</p>
          ) : (
            <ul>
              {c.interventions.map((iv) => (
                <li key={iv.id}>
                  {t(`interventionKind.${iv.kind}`)} · {t(`interventionStatus.${iv.status}`)}
                  {iv.responsible ? ` · ${iv.responsible}` : ''}
                  {iv.deadline ? ` · ${t('intervention.deadline')}: ${iv.deadline}` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </article>
  );
}

export function formatDate(d: { value?: string; precision: string }): string {
  if (!d.value) return '?';
  return d.precision === 'estimate' ? `~${d.value}` : d.value;
}
