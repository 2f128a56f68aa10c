/**
 * Testimony intake as one flow: the person, her route as a timeline of events (each with its
 * violations and perpetrators inline), sources, consent, and any urgent interventions. The draft
 * is saved to the server as the documenter types (encrypted there); nothing identifying is kept
 * in the browser's storage.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseRead, CaseDto } from '../../../src/server/schemas';
import {
  CONSENT_PURPOSES,
  EVENT_TYPES,
  INTERVENTION_KINDS,
  INTERVENTION_STATUSES,
} from '../../../src/server/api-constants';
import { ApiError, get, post, put } from '../api';
import {
  caseToDraft,
  draftToCase,
  emptyDraft,
  newId,
  precisionOf,
  type ActDraft,
  type CaseDraft,
  type EventDraft,
  type EventType,
  type PerpetratorDraft,
} from '../caseDraft';
import { PlacePicker } from '../components/PlacePicker';
import { FieldErrors } from '../components/FieldErrors';
import { navigate } from '../router';
import { useLabels, useReference, useSession } from '../session';

type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error';

/** Violations a documenter is offered first for each kind of event (all remain available). */
const SUGGESTED: Partial<Record<EventType, string[]>> = {
  Recruitment: ['trafficking'],
  Sale: ['trafficking', 'sexual_slavery', 'forced_marriage'],
  Exploitation: [
    'sexual_slavery',
    'rape',
    'cybersex_trafficking',
    'enslavement',
    'forced_pregnancy',
  ],
  ArrestPRC: ['arbitrary_imprisonment'],
  DetentionPRC: ['arbitrary_imprisonment', 'torture'],
  Repatriation: ['forced_repatriation'],
  InterrogationDPRK: ['torture'],
  DetentionDPRK: ['arbitrary_imprisonment', 'torture', 'enforced_disappearance'],
  Death: ['execution'],
};

function defaultsFor(type: EventType, violations: string[]): ActDraft[] {
  const first = (SUGGESTED[type] ?? []).find((v) => violations.includes(v));
  if (!first && type !== 'Sale') return [];
  const act: ActDraft = { id: newId(), violation: first ?? '', perpetrators: [] };
  if (type === 'Sale') {
    act.saleCurrency = 'CNY';
    act.saleKind = 'wife';
    act.perpetrators = [
      {
        id: newId(),
        kind: 'person',
        type: 'prc_broker',
        name: '',
        role: 'seller',
        degree: 'direct',
      },
      { id: newId(), kind: 'person', type: 'buyer', name: '', role: 'buyer', degree: 'direct' },
    ];
  }
  return [act];
}

export function IntakePage({ caseId }: { caseId?: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { vocabularies } = useReference();
  const labels = useLabels();
  const [draft, setDraft] = useState<CaseDraft | null>(null);
  // A ref, not state: two saves in a row must see the first one's creation at once.
  const created = useRef(Boolean(caseId));
  const [save, setSave] = useState<SaveState>('idle');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [errors, setErrors] = useState<{ path: string; code: string }[]>([]);
  const [sources, setSources] = useState<{ id: string; name: string }[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef<CaseDraft | null>(null);
  const saving = useRef<Promise<void> | null>(null);

  const violationCodes = (vocabularies.violations ?? []).map((v) => v.code);

  useEffect(() => {
    void get<{ id: string; name: string }[]>('/sources')
      .then(setSources)
      .catch(() => setSources([]));
  }, []);

  useEffect(() => {
    if (caseId) {
      void get<CaseRead>(`/cases/${encodeURIComponent(caseId)}`).then((r) =>
        setDraft(caseToDraft(r.case)),
      );
    } else if (sources.length > 0 || user) {
      setDraft((d) => d ?? emptyDraft(sources[0]?.id ?? ''));
    }
  }, [caseId, sources, user]);

  useEffect(() => {
    setDraft((d) =>
      d && !d.source && sources[0]
        ? {
            ...d,
            source: sources[0].id,
            information: d.information.map((i) => ({
              ...i,
              sourceId: i.sourceId || sources[0]!.id,
            })),
          }
        : d,
    );
  }, [sources]);

  const persist = useCallback(async (d: CaseDraft, status?: CaseDto['status']) => {
    const body = draftToCase(status ? { ...d, status } : d);
    setSave('saving');
    try {
      if (!created.current) {
        await post('/cases', body);
        created.current = true;
      } else {
        await put(`/cases/${encodeURIComponent(d.id)}`, body);
      }
      setErrors([]);
      setSave('saved');
      setSavedAt(new Date());
    } catch (err) {
      setSave('error');
      if (err instanceof ApiError && err.problem.errors) setErrors(err.problem.errors);
      throw err;
    }
  }, []);

  // Saves the draft 1.2 s after the last change; one save at a time.
  useEffect(() => {
    latest.current = draft;
    if (!draft || save !== 'dirty') return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const run = async () => {
        if (saving.current) await saving.current.catch(() => undefined);
        const d = latest.current;
        if (d) saving.current = persist(d).catch(() => undefined);
        await saving.current;
        saving.current = null;
      };
      void run();
    }, 1200);
    return () => window.clearTimeout(timer.current);
  }, [draft, save, persist]);

  if (!draft) return <p>{t('common.loading')}</p>;

  const update = (fn: (d: CaseDraft) => CaseDraft) => {
    setDraft((d) => (d ? fn(d) : d));
    setSave('dirty');
  };
  const setPerson = (patch: Partial<CaseDraft['person']>) =>
    update((d) => ({ ...d, person: { ...d.person, ...patch } }));
  const setNames = (patch: Partial<CaseDraft['person']['names']>) =>
    update((d) => ({ ...d, person: { ...d.person, names: { ...d.person.names, ...patch } } }));
  const setEvent = (id: string, patch: Partial<EventDraft>) =>
    update((d) => ({ ...d, events: d.events.map((e) => (e.id === id ? { ...e, ...patch } : e)) }));
  const setAct = (eventId: string, actId: string, patch: Partial<ActDraft>) =>
    update((d) => ({
      ...d,
      events: d.events.map((e) =>
        e.id === eventId
          ? { ...e, acts: e.acts.map((a) => (a.id === actId ? { ...a, ...patch } : a)) }
          : e,
      ),
    }));
  const setPerp = (
    eventId: string,
    actId: string,
    perpId: string,
    patch: Partial<PerpetratorDraft>,
  ) =>
    update((d) => ({
      ...d,
      events: d.events.map((e) =>
        e.id === eventId
          ? {
              ...e,
              acts: e.acts.map((a) =>
                a.id === actId
                  ? {
                      ...a,
                      perpetrators: a.perpetrators.map((p) =>
                        p.id === perpId ? { ...p, ...patch } : p,
                      ),
                    }
                  : a,
              ),
            }
          : e,
      ),
    }));

  const addEvent = (type: EventType) => {
    const ev: EventDraft = {
      id: newId(),
      type,
      start: { precision: 'unknown' },
      description: '',
      acts: defaultsFor(type, violationCodes),
    };
    update((d) => ({ ...d, events: [...d.events, ev] }));
    window.setTimeout(
      () => document.getElementById(`event-${ev.id}`)?.querySelector('input')?.focus(),
      50,
    );
  };
  const moveEvent = (id: string, delta: number) =>
    update((d) => {
      const i = d.events.findIndex((e) => e.id === id);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= d.events.length) return d;
      const events = [...d.events];
      [events[i], events[j]] = [events[j]!, events[i]!];
      return { ...d, events };
    });

  const submit = async (urgent: boolean) => {
    window.clearTimeout(timer.current);
    if (saving.current) await saving.current.catch(() => undefined);
    try {
      await persist(draft, urgent ? 'urgent' : 'open');
      navigate(`/cases/${encodeURIComponent(draft.id)}`);
    } catch {
      document.getElementById('intake-errors')?.focus();
    }
  };

  const term = (vocab: string) =>
    (vocabularies[vocab] ?? []).map((v) => ({ code: v.code, label: labels.term(vocab, v.code) }));
  const options = (items: { code: string; label: string }[], withEmpty = false) => (
    <>
      {withEmpty && <option value="">—</option>}
      {items.map((o) => (
        <option key={o.code} value={o.code}>
          {o.label}
        </option>
      ))}
    </>
  );
  const roleOptions = term('roles');
  const perpTypeOptions = term('perpetratorTypes');
  const reliabilityOptions = term('sourceReliability');

  return (
    <div className="intake">
      <header className="page-head">
        <h1>{caseId ? t('intake.editTitle') : t('intake.title')}</h1>
        <p className="save-state" role="status" aria-live="polite" data-testid="save-state">
          {save === 'saving' && t('intake.saving')}
          {save === 'saved' &&
            savedAt &&
            t('intake.savedAt', { time: savedAt.toLocaleTimeString() })}
          {save === 'dirty' && t('intake.unsaved')}
          {save === 'error' && t('intake.saveFailed')}
        </p>
      </header>
      <FieldErrors errors={errors} />

      <Section n={1} title={t('intake.person')}>
        <div className="grid">
          <label>
            {t('person.familyName')}
            <input
              name="familyName"
              lang="ko"
              value={draft.person.names.familyName ?? ''}
              onChange={(e) => setNames({ familyName: e.target.value })}
            />
          </label>
          <label>
            {t('person.givenName')}
            <input
              name="givenName"
              lang="ko"
              value={draft.person.names.givenName ?? ''}
              onChange={(e) => setNames({ givenName: e.target.value })}
            />
          </label>
          <label className="wide">
            {t('person.otherNames')}
            <input
              name="otherNames"
              value={(draft.person.names.otherNames ?? []).join(', ')}
              onChange={(e) => setNames({ otherNames: e.target.value.split(/[,，、]/) })}
              aria-describedby="other-names-hint"
            />
            <small id="other-names-hint">{t('person.otherNamesHint')}</small>
          </label>
          <label>
            {t('person.sex')}
            <select
              name="sex"
              value={draft.person.sex}
              onChange={(e) => setPerson({ sex: e.target.value as CaseDraft['person']['sex'] })}
            >
              {(['female', 'male', 'other', 'unknown'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`sex.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('person.birthYear')}
            <input
              name="birthYear"
              inputMode="numeric"
              value={draft.person.birthYear ?? ''}
              onChange={(e) => {
                const y = Number.parseInt(e.target.value, 10);
                setPerson({ birthYear: Number.isFinite(y) ? y : undefined });
              }}
            />
          </label>
          <label>
            {t('person.birthYearPrecision')}
            <select
              value={draft.person.birthYearPrecision ?? 'year'}
              onChange={(e) =>
                setPerson({
                  birthYearPrecision: e.target.value as CaseDraft['person']['birthYearPrecision'],
                })
              }
            >
              {(['exact', 'year', 'estimate', 'unknown'] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`precision.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('person.birthDate')}
            <input
              name="birthDate"
              type="date"
              value={draft.person.birthDate ?? ''}
              onChange={(e) => setPerson({ birthDate: e.target.value || undefined })}
            />
          </label>
          <PlacePicker
            label={t('person.homeProvince')}
            placeId={draft.person.homeProvince}
            countries={['KP']}
            kinds={['province']}
            testId="home-province"
            onChange={(v) => setPerson({ homeProvince: v.placeId })}
          />
          <PlacePicker
            label={t('person.homeCounty')}
            placeId={draft.person.homeCounty}
            countries={['KP']}
            testId="home-county"
            onChange={(v) => setPerson({ homeCounty: v.placeId })}
          />
        </div>
      </Section>

      <Section n={2} title={t('intake.route')}>
        <p className="hint">{t('intake.routeHint')}</p>
        <ol className="timeline-edit">
          {draft.events.map((ev, idx) => (
            <li
              key={ev.id}
              id={`event-${ev.id}`}
              className={`event-card type-${ev.type}`}
              data-testid="event-card"
            >
              <fieldset>
                <legend>
                  {idx + 1}. {t(`eventType.${ev.type}`)}
                </legend>
                <div className="event-tools">
                  <button
                    type="button"
                    className="icon"
                    onClick={() => moveEvent(ev.id, -1)}
                    disabled={idx === 0}
                    aria-label={t('intake.moveUp')}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon"
                    onClick={() => moveEvent(ev.id, 1)}
                    disabled={idx === draft.events.length - 1}
                    aria-label={t('intake.moveDown')}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon danger"
                    onClick={() =>
                      update((d) => ({ ...d, events: d.events.filter((e) => e.id !== ev.id) }))
                    }
                    aria-label={t('intake.removeEvent')}
                  >
                    ✕
                  </button>
                </div>
                <div className="grid">
                  <label>
                    {t('event.type')}
                    <select
                      value={ev.type}
                      onChange={(e) => setEvent(ev.id, { type: e.target.value as EventType })}
                    >
                      {EVENT_TYPES.map((et) => (
                        <option key={et} value={et}>
                          {t(`eventType.${et}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    {t('event.date')}
                    <input
                      name="eventDate"
                      placeholder={t('event.datePlaceholder')}
                      value={ev.start.value ?? ''}
                      pattern="\d{4}(-\d{2}(-\d{2})?)?"
                      onChange={(e) => {
                        const value = e.target.value.trim();
                        setEvent(ev.id, {
                          start: {
                            value: value || undefined,
                            precision: precisionOf(value, ev.start.precision),
                          },
                        });
                      }}
                    />
                  </label>
                  <label>
                    {t('event.precision')}
                    <select
                      value={ev.start.precision}
                      onChange={(e) =>
                        setEvent(ev.id, {
                          start: {
                            ...ev.start,
                            precision: e.target.value as EventDraft['start']['precision'],
                          },
                        })
                      }
                    >
                      {(['exact', 'month', 'year', 'estimate', 'unknown'] as const).map((p) => (
                        <option key={p} value={p}>
                          {t(`precision.${p}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <PlacePicker
                    label={t('event.place')}
                    placeId={ev.placeId}
                    placeText={ev.placeText}
                    testId="event-place"
                    onChange={(v) => setEvent(ev.id, v)}
                  />
                  <label className="wide">
                    {t('event.description')}
                    <textarea
                      rows={2}
                      value={ev.description}
                      onChange={(e) => setEvent(ev.id, { description: e.target.value })}
                    />
                  </label>
                </div>

                <div className="acts">
                  <h4>{t('intake.violations')}</h4>
                  {ev.acts.map((a) => (
                    <div key={a.id} className="act" data-testid="act">
                      <div className="grid">
                        <label>
                          {t('act.violation')}
                          <select
                            value={a.violation}
                            onChange={(e) => setAct(ev.id, a.id, { violation: e.target.value })}
                          >
                            {options(term('violations'), true)}
                          </select>
                        </label>
                        {ev.type === 'Sale' && (
                          <>
                            <label>
                              {t('act.salePrice')}
                              <input
                                name="salePrice"
                                inputMode="decimal"
                                value={a.salePrice ?? ''}
                                onChange={(e) => {
                                  const n = Number(e.target.value.replace(/[,\s]/g, ''));
                                  setAct(ev.id, a.id, {
                                    salePrice:
                                      e.target.value.trim() && Number.isFinite(n) ? n : undefined,
                                  });
                                }}
                              />
                            </label>
                            <label>
                              {t('act.currency')}
                              <select
                                value={a.saleCurrency ?? 'CNY'}
                                onChange={(e) =>
                                  setAct(ev.id, a.id, { saleCurrency: e.target.value })
                                }
                              >
                                {['CNY', 'KPW', 'USD', 'KRW'].map((c) => (
                                  <option key={c}>{c}</option>
                                ))}
                              </select>
                            </label>
                            <label>
                              {t('act.saleKind')}
                              <select
                                value={a.saleKind ?? ''}
                                onChange={(e) =>
                                  setAct(ev.id, a.id, {
                                    saleKind: (e.target.value || undefined) as ActDraft['saleKind'],
                                  })
                                }
                              >
                                <option value="">—</option>
                                {(['wife', 'brothel', 'cybersex', 'labour', 'other'] as const).map(
                                  (k) => (
                                    <option key={k} value={k}>
                                      {t(`saleKind.${k}`)}
                                    </option>
                                  ),
                                )}
                              </select>
                            </label>
                          </>
                        )}
                        <button
                          type="button"
                          className="icon danger"
                          aria-label={t('intake.removeViolation')}
                          onClick={() =>
                            setEvent(ev.id, { acts: ev.acts.filter((x) => x.id !== a.id) })
                          }
                        >
                          ✕
                        </button>
                      </div>
                      <table className="perps">
                        <caption>{t('intake.perpetrators')}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('perp.type')}</th>
                            <th scope="col">{t('perp.role')}</th>
                            <th scope="col">{t('perp.name')}</th>
                            <th scope="col">{t('perp.degree')}</th>
                            <th scope="col">
                              <span className="visually-hidden">{t('common.actions')}</span>
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {a.perpetrators.map((p) => (
                            <tr key={p.id}>
                              <td>
                                <select
                                  aria-label={t('perp.type')}
                                  value={p.type}
                                  onChange={(e) =>
                                    setPerp(ev.id, a.id, p.id, { type: e.target.value })
                                  }
                                >
                                  {options(
                                    perpTypeOptions.some((o) => o.code === p.type) || !p.type
                                      ? perpTypeOptions
                                      : [
                                          ...perpTypeOptions,
                                          {
                                            code: p.type,
                                            label: labels.term('perpetratorTypes', p.type),
                                          },
                                        ],
                                    true,
                                  )}
                                </select>
                              </td>
                              <td>
                                <select
                                  aria-label={t('perp.role')}
                                  value={p.role}
                                  onChange={(e) =>
                                    setPerp(ev.id, a.id, p.id, { role: e.target.value })
                                  }
                                >
                                  {options(roleOptions)}
                                </select>
                              </td>
                              <td>
                                <input
                                  aria-label={t('perp.name')}
                                  value={p.name}
                                  onChange={(e) =>
                                    setPerp(ev.id, a.id, p.id, { name: e.target.value })
                                  }
                                />
                              </td>
                              <td>
                                <select
                                  aria-label={t('perp.degree')}
                                  value={p.degree}
                                  onChange={(e) =>
                                    setPerp(ev.id, a.id, p.id, {
                                      degree: e.target.value as PerpetratorDraft['degree'],
                                    })
                                  }
                                >
                                  {(['direct', 'ordered', 'assisted', 'suspected'] as const).map(
                                    (d) => (
                                      <option key={d} value={d}>
                                        {t(`degree.${d}`)}
                                      </option>
                                    ),
                                  )}
                                </select>
                              </td>
                              <td>
                                <button
                                  type="button"
                                  className="icon danger"
                                  aria-label={t('intake.removePerpetrator')}
                                  onClick={() =>
                                    setAct(ev.id, a.id, {
                                      perpetrators: a.perpetrators.filter((x) => x.id !== p.id),
                                    })
                                  }
                                >
                                  ✕
                                </button>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                      <button
                        type="button"
                        className="link"
                        onClick={() =>
                          setAct(ev.id, a.id, {
                            perpetrators: [
                              ...a.perpetrators,
                              {
                                id: newId(),
                                kind: 'person',
                                type: '',
                                name: '',
                                role: roleOptions[0]?.code ?? 'seller',
                                degree: 'direct',
                              },
                            ],
                          })
                        }
                      >
                        + {t('intake.addPerpetrator')}
                      </button>
                    </div>
                  ))}
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      setEvent(ev.id, {
                        acts: [...ev.acts, { id: newId(), violation: '', perpetrators: [] }],
                      })
                    }
                  >
                    + {t('intake.addViolation')}
                  </button>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
        <div className="add-event" role="group" aria-label={t('intake.addEvent')}>
          <span>{t('intake.addEvent')}:</span>
          {EVENT_TYPES.map((et) => (
            <button
              key={et}
              type="button"
              className="chip"
              onClick={() => addEvent(et)}
              data-testid={`add-${et}`}
            >
              + {t(`eventType.${et}`)}
            </button>
          ))}
        </div>
      </Section>

      <Section n={3} title={t('intake.sources')}>
        <label>
          {t('source.list')}
          <select
            value={draft.source}
            onChange={(e) => update((d) => ({ ...d, source: e.target.value }))}
          >
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {draft.information.map((info) => (
          <div key={info.id} className="grid">
            <label>
              {t('source.knowledge')}
              <select
                value={info.knowledge}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    information: d.information.map((i) =>
                      i.id === info.id
                        ? { ...i, knowledge: e.target.value as typeof info.knowledge }
                        : i,
                    ),
                  }))
                }
              >
                {(['direct', 'witness', 'hearsay', 'document'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`knowledge.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('source.reliability')}
              <select
                value={info.reliability}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    information: d.information.map((i) =>
                      i.id === info.id ? { ...i, reliability: e.target.value } : i,
                    ),
                  }))
                }
              >
                {options(reliabilityOptions)}
              </select>
            </label>
            <label>
              {t('source.language')}
              <select
                value={info.language ?? 'ko'}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    information: d.information.map((i) =>
                      i.id === info.id ? { ...i, language: e.target.value } : i,
                    ),
                  }))
                }
              >
                {['ko', 'zh', 'en', 'ru'].map((l) => (
                  <option key={l} value={l}>
                    {t(`language.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('source.interviewDate')}
              <input
                type="date"
                value={info.interviewDate?.value ?? ''}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    information: d.information.map((i) =>
                      i.id === info.id
                        ? {
                            ...i,
                            interviewDate: e.target.value
                              ? { value: e.target.value, precision: 'exact' }
                              : undefined,
                          }
                        : i,
                    ),
                  }))
                }
              />
            </label>
            <label>
              {t('source.informant')}
              <input
                value={info.informant ?? ''}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    information: d.information.map((i) =>
                      i.id === info.id ? { ...i, informant: e.target.value || undefined } : i,
                    ),
                  }))
                }
              />
            </label>
          </div>
        ))}
      </Section>

      <Section n={4} title={t('intake.consent')}>
        <fieldset className="checks">
          <legend>{t('consent.purposes')}</legend>
          {CONSENT_PURPOSES.map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                name={`consent-${p}`}
                checked={draft.consent.purposes.includes(p)}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    consent: {
                      ...d.consent,
                      purposes: e.target.checked
                        ? [...d.consent.purposes, p]
                        : d.consent.purposes.filter((x) => x !== p),
                    },
                  }))
                }
              />
              {t(`consent.${p}`)}
            </label>
          ))}
        </fieldset>
        <div className="grid">
          <label>
            {t('consent.givenOn')}
            <input
              type="date"
              value={draft.consent.givenOn ?? ''}
              onChange={(e) =>
                update((d) => ({
                  ...d,
                  consent: { ...d.consent, givenOn: e.target.value || undefined },
                }))
              }
            />
          </label>
          <label className="wide">
            {t('consent.restrictions')}
            <input
              value={draft.consent.restrictions ?? ''}
              onChange={(e) =>
                update((d) => ({
                  ...d,
                  consent: { ...d.consent, restrictions: e.target.value || undefined },
                }))
              }
            />
          </label>
        </div>
      </Section>

      <Section n={5} title={t('intake.interventions')}>
        <p className="hint">{t('intake.interventionsHint')}</p>
        {draft.interventions.map((iv) => (
          <div key={iv.id} className="grid intervention">
            <label>
              {t('intervention.kind')}
              <select
                value={iv.kind}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    interventions: d.interventions.map((x) =>
                      x.id === iv.id ? { ...x, kind: e.target.value as typeof iv.kind } : x,
                    ),
                  }))
                }
              >
                {INTERVENTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`interventionKind.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('intervention.status')}
              <select
                value={iv.status}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    interventions: d.interventions.map((x) =>
                      x.id === iv.id ? { ...x, status: e.target.value as typeof iv.status } : x,
                    ),
                  }))
                }
              >
                {INTERVENTION_STATUSES.map((k) => (
                  <option key={k} value={k}>
                    {t(`interventionStatus.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('intervention.responsible')}
              <input
                value={iv.responsible ?? ''}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    interventions: d.interventions.map((x) =>
                      x.id === iv.id ? { ...x, responsible: e.target.value || undefined } : x,
                    ),
                  }))
                }
              />
            </label>
            <label>
              {t('intervention.deadline')}
              <input
                type="date"
                value={iv.deadline ?? ''}
                onChange={(e) =>
                  update((d) => ({
                    ...d,
                    interventions: d.interventions.map((x) =>
                      x.id === iv.id ? { ...x, deadline: e.target.value || undefined } : x,
                    ),
                  }))
                }
              />
            </label>
            <button
              type="button"
              className="icon danger"
              aria-label={t('intake.removeIntervention')}
              onClick={() =>
                update((d) => ({
                  ...d,
                  interventions: d.interventions.filter((x) => x.id !== iv.id),
                }))
              }
            >
              ✕
            </button>
          </div>
        ))}
        <button
          type="button"
          className="link"
          onClick={() =>
            update((d) => ({
              ...d,
              interventions: [
                ...d.interventions,
                { id: newId(), kind: 'un_urgent_appeal', status: 'planned' },
              ],
            }))
          }
        >
          + {t('intake.addIntervention')}
        </button>
      </Section>

      <div className="submit-bar">
        <button type="button" onClick={() => void submit(false)} data-testid="submit-case">
          {t('intake.submit')}
        </button>
        <button
          type="button"
          className="warning"
          onClick={() => void submit(true)}
          data-testid="submit-urgent"
        >
          {t('intake.submitUrgent')}
        </button>
      </div>
    </div>
  );
}

function Section({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <section className="intake-section" aria-labelledby={`intake-s${n}`}>
      <h2 id={`intake-s${n}`}>
        <span className="step">{n}</span> {title}
      </h2>
      {children}
    </section>
  );
}
