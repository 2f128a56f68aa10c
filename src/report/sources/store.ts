/**
 * Report input from the store, through protect.
 *
 * Scope: a member of an organisation reports on her organisation's cases; a coordinator
 * (protect's policy: installation-scoped, 'stats.read' on every organisation, never an identity)
 * on every organisation's. The session must hold 'stats.read' on each organisation in scope, and
 * for record-level exports also 'case.export_deidentified' (which a coordinator does not have).
 * Every case is read only with live consent for the purpose (protect's caseConsentCondition, the
 * one SQL rule every export and statistic uses). Only plaintext, non-identifying columns are
 * selected: codes, years, gazetteer ids, prices. No vault is opened.
 *
 * Linkage: the widest (then latest) linkage run the session may read (or the one named), through protect's
 * linkedPersonKeys: a case's personKey is its person's cluster key in that run, so that records
 * of one woman on several lists count as one person; a case outside the run (imported after it,
 * or without consent for linkage then) counts as one person. With no run, every case counts as one
 * person (linkage 'none'). The methods section says which run was used, or that there is none.
 */
import { linkageRuns, linkedPersonKeys, type LinkedPersonKeys } from '../../protect';
import { caseConsentCondition } from '../../protect/consent';
import type { Session } from '../../protect/protected-store';
import type { Case, ConsentPurpose, EventType, Sex } from '../../model/types';
import { deidentify } from '../records';
import type { ReportInput } from './synth-dir';

export type ReportPurpose = Extract<ConsentPurpose, 'un_reporting' | 'aggregate_statistics'>;

export interface StoreInputOptions {
  /** A linkage run to use instead of the latest one the session may read. */
  linkageRunId?: string;
  /** Record-level output (CTDC, HURIDOCS, analyst CSV): needs 'case.export_deidentified' too. */
  recordLevel?: boolean;
}

/**
 * The organisations a session reports on: its own, or for a user of the installation (a
 * coordinator) every organisation. Each is checked with Session.require (a refusal is audited).
 */
export async function reportScope(
  session: Session,
  options: Pick<StoreInputOptions, 'recordLevel'> = {},
): Promise<string[]> {
  const own = session.principal.organisationId;
  let organisations: string[];
  if (own) organisations = [own];
  else {
    const { rows } = await session.store.db.query<{ id: string }>(
      'SELECT id FROM organisations ORDER BY id',
    );
    organisations = rows.map((r) => r.id);
    // Whoever may not read statistics is refused here (and the refusal audited), not told "none".
    if (organisations.length === 0) await session.require('stats.read', {});
  }
  for (const organisationId of organisations) {
    await session.require('stats.read', { organisationId });
    if (options.recordLevel) await session.require('case.export_deidentified', { organisationId });
  }
  if (organisations.length === 0) throw new Error('there is no organisation to report on');
  return organisations;
}

export async function loadStoreInput(
  session: Session,
  purpose: ReportPurpose,
  options: StoreInputOptions = {},
): Promise<ReportInput> {
  if (purpose !== 'un_reporting' && purpose !== 'aggregate_statistics') {
    throw new Error(
      `reports are made for un_reporting or aggregate_statistics, not ${String(purpose)}`,
    );
  }
  const organisations = await reportScope(session, options);
  const linked = await linkedPersonKeys(session, { runId: options.linkageRunId });
  const db = session.store.db;
  const consented = `k.organisation_id = ANY($2::text[]) AND ${caseConsentCondition('k', '$1')}`;
  const cases = await db.query<{
    id: string;
    person_id: string;
    source_id: string;
    organisation_id: string;
    sex: Sex;
    birth_year: number | null;
    home_province_id: string | null;
    citizenship: string | null;
    registration_year: number | null;
  }>(
    `SELECT k.id, k.person_id, k.source_id, k.organisation_id, p.sex, p.birth_year, p.home_province_id, p.citizenship,
            (SELECT min(s.interview_year) FROM information_sources s WHERE s.case_id = k.id) AS registration_year
       FROM cases k JOIN persons p ON p.id = k.person_id
      WHERE ${consented} ORDER BY k.id`,
    [purpose, organisations],
  );
  const total = await db.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM cases WHERE organisation_id = ANY($1::text[])`,
    [organisations],
  );
  const events = await db.query<{
    case_id: string;
    id: string;
    type: EventType;
    start_year: number | null;
    start_precision: string;
    place_id: string | null;
  }>(
    `SELECT e.case_id, e.id, e.type, e.start_year, e.start_precision, e.place_id
       FROM events e JOIN cases k ON k.id = e.case_id WHERE ${consented} ORDER BY e.case_id, e.id`,
    [purpose, organisations],
  );
  const acts = await db.query<{
    case_id: string;
    id: string;
    event_id: string;
    violation: string;
    methods: string[];
    sale_price: string | number | null;
    sale_currency: string | null;
    sale_kind: Case['acts'][number]['saleKind'] | null;
  }>(
    `SELECT a.case_id, a.id, a.event_id, a.violation, a.methods, a.sale_price, a.sale_currency, a.sale_kind
       FROM acts a JOIN cases k ON k.id = a.case_id WHERE ${consented} ORDER BY a.case_id, a.id`,
    [purpose, organisations],
  );
  const perpetrators = await db.query<{
    case_id: string;
    id: string;
    kind: 'person' | 'organisation';
    type: string;
  }>(
    `SELECT q.case_id, q.id, q.kind, q.type
       FROM perpetrators q JOIN cases k ON k.id = q.case_id WHERE ${consented} ORDER BY q.case_id, q.id`,
    [purpose, organisations],
  );
  const involvements = await db.query<{
    case_id: string;
    perpetrator_id: string;
    act_id: string;
    role: string;
    degree: Case['involvements'][number]['degree'];
  }>(
    `SELECT i.case_id, i.perpetrator_id, i.act_id, i.role, i.degree
       FROM involvements i JOIN cases k ON k.id = i.case_id WHERE ${consented}`,
    [purpose, organisations],
  );
  const sources = await db.query<{ id: string }>(
    `SELECT id FROM sources WHERE organisation_id = ANY($1::text[]) ORDER BY id`,
    [organisations],
  );

  const group = <T extends { case_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.case_id);
      if (list) list.push(r);
      else m.set(r.case_id, [r]);
    }
    return m;
  };
  const eventsOf = group(events.rows);
  const actsOf = group(acts.rows);
  const perpetratorsOf = group(perpetrators.rows);
  const involvementsOf = group(involvements.rows);

  const records = cases.rows.map((k) => {
    // A case with only its non-identifying fields: what deidentify reads, nothing more.
    const c: Case = {
      id: k.id,
      organisation: k.organisation_id,
      source: k.source_id,
      status: 'open',
      person: {
        id: k.id,
        sex: k.sex,
        birthYear: k.birth_year ?? undefined,
        homeProvince: k.home_province_id ?? undefined,
        citizenship: k.citizenship ?? undefined,
        countingUnit: 'individual',
        names: {},
      },
      events: (eventsOf.get(k.id) ?? []).map((e) => ({
        id: e.id,
        type: e.type,
        start:
          e.start_year === null
            ? { precision: 'unknown' }
            : { value: String(e.start_year), precision: 'year' },
        placeId: e.place_id ?? undefined,
      })),
      acts: (actsOf.get(k.id) ?? []).map((a) => ({
        id: a.id,
        eventId: a.event_id,
        victimId: k.id,
        violation: a.violation,
        methods: a.methods ?? [],
        salePrice: a.sale_price === null ? undefined : Number(a.sale_price),
        saleCurrency: a.sale_currency ?? undefined,
        saleKind: a.sale_kind ?? undefined,
      })),
      perpetrators: (perpetratorsOf.get(k.id) ?? []).map((q) => ({
        id: q.id,
        kind: q.kind,
        type: q.type,
      })),
      involvements: (involvementsOf.get(k.id) ?? []).map((i) => ({
        perpetratorId: i.perpetrator_id,
        actId: i.act_id,
        role: i.role,
        degree: i.degree,
      })),
      links: [],
      // Only the year of the first interview is read (its exact date is sealed).
      information:
        k.registration_year === null
          ? []
          : [
              {
                id: 'i',
                sourceId: k.source_id,
                knowledge: 'direct',
                reliability: 'A',
                interviewDate: { value: String(k.registration_year), precision: 'year' },
              },
            ],
      consent: { purposes: [purpose] },
      interventions: [],
      evidence: [],
      assessments: [],
    };
    const record = deidentify(c);
    // The same woman on several lists: one cluster key (used to count, never shown or exported).
    record.personKey = linked?.keys.get(k.person_id) ?? k.id;
    return record;
  });
  const countOf = new Map<string, number>();
  for (const k of cases.rows)
    countOf.set(k.organisation_id, (countOf.get(k.organisation_id) ?? 0) + 1);
  await session.log(
    organisations.map((organisationId) => ({
      action: 'report.read',
      organisationId,
      purpose,
      detail: {
        cases: countOf.get(organisationId) ?? 0,
        ...(linked ? { linkage_run: linked.runId } : {}),
      },
    })),
  );
  return {
    records,
    lists: sources.rows.map((s) => s.id),
    linkage: {
      method: linked ? 'fellegi-sunter' : 'none',
      persons: new Set(records.map((r) => r.personKey)).size,
      run: linked
        ? {
            id: linked.runId,
            finishedAt: linked.finishedAt,
            threshold: await thresholdOf(session, linked, organisations),
            organisations: linked.organisations,
          }
        : null,
    },
    purpose,
    withoutConsent: Number(total.rows[0].n) - records.length,
    dataset: { kind: 'store', label: db.kind },
    organisations,
  };
}

/**
 * The match threshold of the run: from the keys if protect gives it there, else from the run
 * records (protect's linkageRuns, for a session that may run linkage); null if neither can say.
 */
async function thresholdOf(
  session: Session,
  linked: LinkedPersonKeys,
  organisations: readonly string[],
): Promise<number | null> {
  const given = (linked as { threshold?: number }).threshold;
  if (typeof given === 'number') return given;
  if (!organisations.every((organisationId) => session.can('linkage.run', { organisationId })))
    return null;
  const run = (await linkageRuns(session)).find((r) => r.id === linked.runId);
  return run ? run.threshold : null;
}
