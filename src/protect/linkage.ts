/**
 * Record linkage on the store, and what estimation and reports read from it: the use cases
 * behind `jayu link --store`, `jayu link decide --store`, `jayu link runs --store` and
 * `jayu estimate --store`.
 *
 * Who: 'linkage.run' on every organisation whose lists are linked. An organisation's analyst
 * links her own organisation's lists; the coordinator (policy.ts) links any organisations'
 * lists together, "without any of them revealing identities": names, birth dates, id numbers
 * and addresses are opened here, in memory, for the comparison only. Nothing identifying is
 * written outside the vaults, logged or returned: the store gets random cluster keys, person ids,
 * probabilities and counts; callers get a run id and counts. (JavaScript cannot wipe strings:
 * the opened values live until the garbage collector takes the run's table, after the run.)
 *
 * Audit: before any vault is opened, one aggregate entry per organisation says that this user
 * opens N persons' vaults of that organisation for this run ('linkage.read_identifying'), rather
 * than one entry per person; the run itself is recorded as 'linkage.run'.
 *
 * Consent: a person is linked only with live consent for 'aggregate_statistics', by
 * personConsentCondition (her case's consent if she has a case, else her own row, else her
 * list's). Linkage is done to count people (estimates, de-identified statistics): that is the
 * purpose the consent must cover. 'un_reporting' is not enough on its own (it covers reporting
 * cases to UN mechanisms, not statistical processing), and the narrower case-only condition
 * (caseConsentCondition) would leave out every person known only from a list, which is most of
 * them. A case restricted to named users stays closed to everybody else (policy rule 3): its
 * person is not opened, not linked, and counted as withheld.
 */
import type { HumanDecision, RecordRef, Verdict } from '../linkage/decisions';
import { ColumnBuilder, type RecordTable } from '../linkage/records';
import { newRunId, runRecord, type LinkageRunRecord } from '../linkage/repository';
import { linkRecords, type LinkStage } from '../linkage/run';
import type { LinkageSettings } from '../linkage/settings';
import { countryOf, provinceOf } from '../model/gazetteer';
import { PERSON_LIST_COLUMNS, type ConsentPurpose, type PersonListColumn } from '../model/types';
import { VAULT_FIELD, vaultRecordKey, type PersonVault } from '../store/vault';
import { recordRef } from './audit-entry';
import { personConsentCondition } from './consent';
import { invalidError, notFoundError } from './errors';
import {
  RUN_COLUMNS,
  runFromRow,
  StoreLinkageRepository,
  type StoredLinkageRun,
} from './linkage-repository';
import { CROSS_ORGANISATION_ROLES, roleAllows, type Operation } from './policy';
import type { Session } from './protected-store';

export type { StoredLinkageRun } from './linkage-repository';

/** The consent purpose persons are linked (and counted) under; see the module comment. */
export const LINKAGE_PURPOSE: ConsentPurpose = 'aggregate_statistics';

/** Persons read per query while building the linkage table. */
const PAGE = 10_000;

// ---- scope --------------------------------------------------------------------------------

/**
 * The organisations a session acts on for `op`: its own organisation, or, for a coordinator,
 * every organisation (or the ones asked for). Every one is checked with Session.require, so a
 * refusal is audited; an organisation that does not exist is not found.
 */
async function scopeFor(
  session: Session,
  op: Operation,
  requested?: readonly string[],
): Promise<string[]> {
  const p = session.principal;
  let orgs: string[];
  if (requested && requested.length > 0) orgs = [...new Set(requested)].sort();
  else if (p.organisationId) orgs = [p.organisationId];
  else if (p.role !== 'operator' && CROSS_ORGANISATION_ROLES.has(p.role) && roleAllows(p.role, op))
    orgs = [...session.store.keyring.organisations()].sort();
  else {
    await session.require(op, {}); // throws: the role may not, or needs an organisation
    orgs = [];
  }
  for (const organisationId of orgs) await session.require(op, { organisationId });
  for (const organisationId of orgs) {
    if (!session.store.keyring.hasOrganisation(organisationId))
      throw notFoundError(`no organisation ${organisationId}`);
  }
  if (orgs.length === 0) throw notFoundError('there is no organisation to act on');
  return orgs;
}

function repositoryFor(session: Session, organisations: readonly string[]) {
  return new StoreLinkageRepository(session.store.db, {
    organisations,
    sealerFor: (org) => session.store.keyring.sealerFor(org),
    purpose: LINKAGE_PURPOSE,
    userId: session.principal.id,
  });
}

/**
 * The run a session reads: the one asked for, else the widest visible run (most organisations),
 * the latest among equals. Widest first because a coordinator's scope also holds every
 * single-organisation run an analyst made: taking the latest of those would count a woman on two
 * organisations' lists twice.
 */
async function pickRun(
  session: Session,
  scope: readonly string[],
  runId?: string,
): Promise<StoredLinkageRun | null> {
  const { rows } = await session.store.db.query<Parameters<typeof runFromRow>[0]>(
    `SELECT ${RUN_COLUMNS} FROM linkage_runs
      WHERE ($1::text IS NULL OR id = $1) AND organisations <@ $2::text[]
      ORDER BY cardinality(organisations) DESC, finished_at DESC, id DESC LIMIT 1`,
    [runId ?? null, [...scope]],
  );
  if (rows.length === 0) {
    if (runId) throw notFoundError(`no linkage run ${runId} of your organisations`);
    return null;
  }
  return runFromRow(rows[0]);
}

// ---- running linkage ------------------------------------------------------------------------

export interface StoreLinkageProgress {
  stage: LinkStage | 'reading' | 'saving';
  done: number;
  total: number;
}

export interface StoreLinkageOptions {
  /** Organisations whose lists to link (default: the user's own; a coordinator's: all). */
  organisations?: readonly string[];
  settings?: LinkageSettings;
  seed?: number;
  threshold?: number;
  threads?: number;
  onProgress?: (event: StoreLinkageProgress) => void;
}

export interface WithheldCounts {
  /** Persons in the lists without live consent for the linkage purpose. */
  withheldNoConsent: number;
  /** Persons whose case is restricted to other named users. */
  withheldRestricted: number;
  /** Rows that stand for a group of people (counting unit 'group'): not one person. */
  withheldGroups: number;
}

/** What a store run returns: ids, counts and model figures; nothing identifying. */
export interface StoreLinkageSummary {
  runId: string;
  organisations: string[];
  /** The lists linked and their records. */
  inputs: LinkageRunRecord['inputs'];
  counts: LinkageRunRecord['counts'] & WithheldCounts;
  seed: number;
  threshold: number;
  prior?: number;
  training?: {
    prior: number;
    priorSource: string;
    sessions: number;
    untrained: string[];
  };
  timings: Record<string, number>;
}

interface PersonRow {
  id: string;
  organisation_id: string;
  source_id: string;
  record_id: string;
  sex: string;
  birth_year: number | null;
  home_province_id: string | null;
  home_province_text: string | null;
  home_county_id: string | null;
  home_county_text: string | null;
  crossing_place_id: string | null;
  crossing_place_text: string | null;
  china_place_id: string | null;
  china_place_text: string | null;
  event_year: number | null;
  vault: Uint8Array | null;
}

/**
 * Person-list columns linkage reads (record ids and sources are kept apart; notes and
 * repatriated are not compared).
 */
const NOT_COMPARED: ReadonlySet<PersonListColumn> = new Set([
  'record_id',
  'source',
  'repatriated',
  'notes',
]);
const TABLE_COLUMNS: PersonListColumn[] = PERSON_LIST_COLUMNS.filter((c) => !NOT_COMPARED.has(c));

/** A case restricted to named users is visible only to them ($n: the user id). */
function visibleTo(param: string): string {
  return `NOT EXISTS (SELECT 1 FROM cases kv JOIN case_restrictions rv ON rv.case_id = kv.id
                       WHERE kv.person_id = p.id
                         AND NOT EXISTS (SELECT 1 FROM case_restrictions ru
                                          WHERE ru.case_id = kv.id AND ru.user_id = ${param}))`;
}

/** Persons linked: in scope, consented, visible, one person per row. ($1 orgs, $2 purpose, $3 user) */
const LINKED_PERSONS = `s.organisation_id = ANY($1::text[]) AND ${personConsentCondition('p', '$2')}
  AND ${visibleTo('$3')} AND p.counting_unit = 'individual'`;

/**
 * Runs record linkage over the lists of the organisations in scope and stores the run, its
 * clusters and review queue. Human decisions recorded earlier on pairs in scope override the model.
 */
export async function runStoreLinkage(
  session: Session,
  options: StoreLinkageOptions = {},
): Promise<StoreLinkageSummary> {
  const organisations = await scopeFor(session, 'linkage.run', options.organisations);
  const db = session.store.db;
  const startedAt = new Date().toISOString();
  const runId = newRunId();
  const params = [organisations, LINKAGE_PURPOSE, session.principal.id];

  // What is in scope, and what is left out and why (counts only).
  const census = await db.query<{
    organisation_id: string;
    total: string | number;
    consented: string | number;
    visible: string | number;
    linked: string | number;
  }>(
    `SELECT s.organisation_id, count(*) AS total,
            count(*) FILTER (WHERE ${personConsentCondition('p', '$2')}) AS consented,
            count(*) FILTER (WHERE ${personConsentCondition('p', '$2')} AND ${visibleTo('$3')}) AS visible,
            count(*) FILTER (WHERE ${LINKED_PERSONS}) AS linked
       FROM persons p JOIN sources s ON s.id = p.source_id
      WHERE s.organisation_id = ANY($1::text[])
      GROUP BY s.organisation_id`,
    params,
  );
  const sum = (k: 'total' | 'consented' | 'visible' | 'linked') =>
    census.rows.reduce((a, r) => a + Number(r[k]), 0);
  const withheld: WithheldCounts = {
    withheldNoConsent: sum('total') - sum('consented'),
    withheldRestricted: sum('consented') - sum('visible'),
    withheldGroups: sum('visible') - sum('linked'),
  };
  const total = sum('linked');
  if (total === 0) {
    throw notFoundError(
      `no person in the lists of ${organisations.join(', ')} may be linked ` +
        `(${withheld.withheldNoConsent} without consent for ${LINKAGE_PURPOSE}, ` +
        `${withheld.withheldRestricted} restricted, ${withheld.withheldGroups} groups)`,
    );
  }

  // Audited before anything is opened: one entry per organisation, not one per person.
  await session.log(
    census.rows
      .filter((r) => Number(r.linked) > 0)
      .map((r) => ({
        action: 'linkage.read_identifying',
        organisationId: r.organisation_id,
        record: recordRef('linkage_run', runId),
        fields: ['persons.vault'],
        purpose: LINKAGE_PURPOSE,
        detail: { persons: Number(r.linked) },
      })),
  );

  const { table, personIds } = await readLinkageTable(session, organisations, total, (done) =>
    options.onProgress?.({ stage: 'reading', done, total }),
  );
  const repository = repositoryFor(session, organisations);
  const result = await linkRecords(table, {
    settings: options.settings,
    seed: options.seed,
    threshold: options.threshold,
    threads: options.threads,
    decisions: await repository.decisions(),
    onProgress: options.onProgress,
  });
  options.onProgress?.({ stage: 'saving', done: 0, total: 1 });
  const inputs = table.sources.map((name, s) => ({
    name,
    records: table.sourceOf.reduce((n, x) => (x === s ? n + 1 : n), 0),
  }));
  const record = runRecord(result, { id: runId, startedAt, inputs });
  const counts = { ...record.counts, ...withheld };
  await repository.saveRun({ ...record, counts }, result, personIds);
  await session.log([
    {
      action: 'linkage.run',
      record: recordRef('linkage_run', runId),
      purpose: LINKAGE_PURPOSE,
      detail: {
        organisations: organisations.length,
        records: counts.records,
        clusters: counts.clusters,
        review: counts.reviewItems,
      },
    },
  ]);
  options.onProgress?.({ stage: 'saving', done: 1, total: 1 });
  const t = result.training;
  return {
    runId,
    organisations,
    inputs,
    counts,
    seed: record.seed,
    threshold: record.threshold,
    prior: result.settings.prior,
    training: t
      ? {
          prior: t.prior,
          priorSource: t.priorSource,
          sessions: t.sessions.length,
          untrained: t.untrained,
        }
      : undefined,
    timings: record.timings,
  };
}

/**
 * The linkage table of the persons in scope, their vaults opened with each organisation's field
 * keys. Held in memory only, for the run.
 */
async function readLinkageTable(
  session: Session,
  organisations: readonly string[],
  expected: number,
  progress: (done: number) => void,
): Promise<{ table: RecordTable; personIds: string[] }> {
  const db = session.store.db;
  const builders = new Map(TABLE_COLUMNS.map((c) => [c, new ColumnBuilder(expected)]));
  const add = (column: PersonListColumn, value: string | number | null | undefined) =>
    builders.get(column)!.add(value === null || value === undefined ? '' : String(value).trim());
  const sources: string[] = [];
  const sourceIndex = new Map<string, number>();
  const sourceOf: number[] = [];
  const recordIds: string[] = [];
  const personIds: string[] = [];
  const sealers = new Map(organisations.map((o) => [o, session.store.keyring.sealerFor(o)]));
  let after: [string, string] = ['', ''];
  for (;;) {
    const { rows } = await db.query<PersonRow>(
      `SELECT p.id, s.organisation_id, p.source_id, p.record_id, p.sex, p.birth_year,
              p.home_province_id, p.home_province_text, p.home_county_id, p.home_county_text,
              p.crossing_place_id, p.crossing_place_text, p.china_place_id, p.china_place_text,
              p.event_year, p.vault
         FROM persons p JOIN sources s ON s.id = p.source_id
        WHERE ${LINKED_PERSONS} AND (p.source_id, p.record_id) > ($4, $5)
        ORDER BY p.source_id, p.record_id
        LIMIT ${PAGE}`,
      [organisations, LINKAGE_PURPOSE, session.principal.id, after[0], after[1]],
    );
    for (const r of rows) {
      const key = vaultRecordKey.person(r.source_id, r.record_id);
      const vault: PersonVault = r.vault
        ? (JSON.parse(
            sealers.get(r.organisation_id)!.open('persons', key, VAULT_FIELD, r.vault),
          ) as PersonVault)
        : {};
      let s = sourceIndex.get(r.source_id);
      if (s === undefined) {
        s = sources.length;
        sources.push(r.source_id);
        sourceIndex.set(r.source_id, s);
      }
      sourceOf.push(s);
      recordIds.push(r.record_id);
      personIds.push(r.id);
      add('family_name', vault.familyName);
      add('given_name', vault.givenName);
      add('other_names', (vault.otherNames ?? []).join('; '));
      add('sex', r.sex === 'unknown' ? '' : r.sex);
      add('birth_year', r.birth_year);
      add('birth_date', vault.birthDate);
      add('id_number', vault.idNumber);
      add('address', vault.address);
      // Places as written; a place known only by its gazetteer id is compared by that id.
      add('home_province', r.home_province_text ?? r.home_province_id);
      add('home_county', r.home_county_text ?? r.home_county_id);
      add('crossing_place', r.crossing_place_text ?? r.crossing_place_id);
      add('place_in_china', r.china_place_text ?? r.china_place_id);
      add('event_year', r.event_year);
    }
    progress(personIds.length);
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1];
    after = [last.source_id, last.record_id];
  }
  const columns = new Map(TABLE_COLUMNS.map((c) => [c, builders.get(c)!.build()]));
  return {
    table: {
      size: personIds.length,
      sources,
      sourceOf: Int32Array.from(sourceOf),
      recordIds,
      columns,
    },
    personIds,
  };
}

// ---- decisions and runs ------------------------------------------------------------------

export interface StoreDecision {
  left: RecordRef;
  right: RecordRef;
  verdict: Verdict;
  /** Why, in the reviewer's words: sealed, never shown by the CLI or logged. */
  why?: string;
}

/**
 * Records a reviewer's decision on two records (by list and record id). Needs 'linkage.run' on
 * the organisations of both; it overrides the model in every later run that links both.
 */
export async function recordLinkageDecision(
  session: Session,
  decision: StoreDecision,
): Promise<{ id: string; at: string }> {
  const { rows } = await session.store.db.query<{ id: string; organisation_id: string }>(
    'SELECT id, organisation_id FROM sources WHERE id = ANY($1::text[])',
    [[decision.left.source, decision.right.source]],
  );
  const orgOf = (ref: RecordRef) => {
    const row = rows.find((r) => r.id === ref.source);
    if (!row) throw notFoundError(`no list (source) ${ref.source}`);
    return row.organisation_id;
  };
  const organisations = await scopeFor(session, 'linkage.run', [
    orgOf(decision.left),
    orgOf(decision.right),
  ]);
  const at = session.store.now().toISOString();
  const full: HumanDecision = {
    left: decision.left,
    right: decision.right,
    verdict: decision.verdict,
    by: session.principal.id,
    ...(decision.why?.trim() ? { why: decision.why } : {}),
    at,
  };
  const id = await repositoryFor(session, organisations).recordDecisionReturningId(full);
  await session.log([
    {
      action: 'linkage.decide',
      organisationId: orgOf(decision.left),
      record: recordRef('linkage_decision', id),
      fields: full.why ? ['verdict', 'why'] : ['verdict'],
      detail: { verdict: decision.verdict },
    },
  ]);
  return { id, at };
}

/**
 * Runs the session may see, newest first: an organisation's user sees the runs of her own
 * organisation's lists only (not the coordinator's runs across organisations, whose counts
 * describe other organisations); a coordinator sees every run.
 */
export async function linkageRuns(session: Session): Promise<StoredLinkageRun[]> {
  const scope = await scopeFor(session, 'linkage.run');
  const runs = await repositoryFor(session, scope).runs();
  return runs.reverse();
}

// ---- reading the result: keys for reports, capture histories for estimates -----------------

export interface LinkedPersonKeys {
  runId: string;
  finishedAt: string;
  organisations: string[];
  /**
   * persons.id -> cluster key, for the run's persons in the session's scope: the same key is the
   * same woman in that run. Random, different in every run; pseudonymous record-level data, to
   * count with, never to show or export.
   */
  keys: Map<string, string>;
  /** Distinct cluster keys among `keys`. */
  clusters: number;
}

/**
 * The cluster of each person of a linkage run (default: the widest, then latest, run the session may read),
 * for reports that count people rather than records. Needs 'stats.read' on the session's
 * organisations; see /work/coord/linkage-contract.md. Null when there is no run to read.
 */
export async function linkedPersonKeys(
  session: Session,
  options: { runId?: string } = {},
): Promise<LinkedPersonKeys | null> {
  const scope = await scopeFor(session, 'stats.read');
  const run = await pickRun(session, scope, options.runId);
  if (!run) return null;
  const { rows } = await session.store.db.query<{ person_id: string; cluster_key: string }>(
    `SELECT c.person_id, c.cluster_key
       FROM linkage_clusters c JOIN persons p ON p.id = c.person_id JOIN sources s ON s.id = p.source_id
      WHERE c.run_id = $1 AND s.organisation_id = ANY($2::text[])`,
    [run.id, scope],
  );
  const keys = new Map(rows.map((r) => [r.person_id, r.cluster_key]));
  await session.log([
    {
      action: 'linkage.keys_read',
      record: recordRef('linkage_run', run.id),
      detail: { persons: keys.size },
    },
  ]);
  return {
    runId: run.id,
    finishedAt: run.finishedAt,
    organisations: run.organisations,
    keys,
    clusters: new Set(keys.values()).size,
  };
}

export const STRATUM_FIELDS = ['year', 'province', 'violation'] as const;
export type StratumField = (typeof STRATUM_FIELDS)[number];

/** Value of a stratum field that no record of the person gives. */
export const UNKNOWN_STRATUM = 'unknown';

export interface PatternCount {
  /** One character per list, in the order of `lists`: '1' on that list. */
  pattern: string;
  count: number;
}

export interface CaptureHistories {
  runId: string;
  finishedAt: string;
  organisations: string[];
  /** The lists (sources), in pattern order. */
  lists: string[];
  by: StratumField[];
  /**
   * True when strata overlap (by violation: a woman with several violations is in each of their
   * strata), so that their sum counts her more than once.
   */
  overlapping: boolean;
  /** People (clusters) counted, and the records behind them. */
  people: number;
  records: number;
  /** Every person once, all strata together. */
  histories: PatternCount[];
  /** Per stratum (only with `by`): its field values and its capture-pattern counts. */
  strata: Array<{
    key: string;
    values: Partial<Record<StratumField, string>>;
    histories: PatternCount[];
  }>;
}

interface MemberRow {
  cluster_key: string;
  source_id: string;
  event_year: number | null;
  china_place_id: string | null;
  first_event_year: number | null;
  violations: string[] | null;
}

/** Most frequent value; ties go to the smallest (numbers as numbers); none: UNKNOWN_STRATUM. */
function modeOf(values: Array<string | number>): string {
  if (values.length === 0) return UNKNOWN_STRATUM;
  const counts = new Map<string | number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | number | undefined;
  let bestCount = 0;
  for (const [v, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== undefined && v < best)) {
      best = v;
      bestCount = n;
    }
  }
  return String(best);
}

function chinaProvince(placeId: string | null): string | undefined {
  if (!placeId || countryOf(placeId)?.id !== 'cn') return undefined;
  return provinceOf(placeId)?.id;
}

/**
 * Capture histories of the people a linkage run found (default: the widest, then latest, run
 * the session may read): lists = sources, one person = one cluster, counted per capture pattern and, with `by`,
 * per stratum. Only counts leave: no person id, cluster key or value.
 *
 * Who is counted: the run's persons of the session's organisations (an organisation's user: her
 * own lists; a coordinator: every list of the run) that still have live consent for
 * 'aggregate_statistics' now (a withdrawal after the run takes the record out; a person whose
 * records all lost consent is not counted).
 *
 * Strata, per person (cluster); records of one person may disagree, so each field takes the value
 * most of her records give (ties: the smallest):
 *  - year: the record's event_year, which both imports fill with the year she crossed into China
 *    (a person list's event_year column; a case's BorderCrossing event), else the earliest event
 *    year of her case; 'unknown' when no record gives one.
 *  - province: the Chinese province (gazetteer provinceOf) of the record's place in China
 *    (china_place_id: the list's place_in_china, or the last place of her case's events in
 *    China); 'unknown' when none is in the gazetteer.
 *  - violation: every violation recorded in the acts of her cases (any of her records that is a
 *    case); a woman with several violations is in several strata (overlapping). Records known
 *    only from a person list carry no violation: a person none of whose records is a case with an
 *    act is in the stratum 'unknown'.
 */
export async function linkedCaptureHistories(
  session: Session,
  options: { runId?: string; by?: readonly StratumField[] } = {},
): Promise<CaptureHistories> {
  const by = [...new Set(options.by ?? [])];
  for (const f of by) {
    if (!(STRATUM_FIELDS as readonly string[]).includes(f))
      throw invalidError(`cannot stratify by "${f}" (one of ${STRATUM_FIELDS.join(', ')})`);
  }
  const scope = await scopeFor(session, 'stats.read');
  const run = await pickRun(session, scope, options.runId);
  if (!run) {
    throw notFoundError(
      'no linkage run of your organisations is stored: run jayu link --store first',
    );
  }
  const wantYear = by.includes('year');
  const wantViolation = by.includes('violation');
  const { rows } = await session.store.db.query<MemberRow>(
    `SELECT c.cluster_key, p.source_id, p.event_year, p.china_place_id,
            ${
              wantYear
                ? `(SELECT min(e.start_year) FROM events e JOIN cases k ON k.id = e.case_id WHERE k.person_id = p.id)`
                : 'NULL::smallint'
            } AS first_event_year,
            ${
              wantViolation
                ? `(SELECT array_agg(DISTINCT a.violation) FROM acts a WHERE a.victim_person_id = p.id)`
                : 'NULL::text[]'
            } AS violations
       FROM linkage_clusters c JOIN persons p ON p.id = c.person_id JOIN sources s ON s.id = p.source_id
      WHERE c.run_id = $1 AND s.organisation_id = ANY($2::text[]) AND ${personConsentCondition('p', '$3')}`,
    [run.id, scope, LINKAGE_PURPOSE],
  );
  const lists = [...new Set(rows.map((r) => r.source_id))].sort();
  if (lists.length > 30)
    throw invalidError(`${lists.length} lists: capture histories are kept for at most 30 lists`);
  const listIndex = new Map(lists.map((l, i) => [l, i]));
  interface Person {
    mask: number;
    years: number[];
    provinces: string[];
    violations: Set<string>;
  }
  const people = new Map<string, Person>();
  for (const r of rows) {
    let person = people.get(r.cluster_key);
    if (!person) {
      person = { mask: 0, years: [], provinces: [], violations: new Set() };
      people.set(r.cluster_key, person);
    }
    person.mask |= 1 << listIndex.get(r.source_id)!;
    const year = r.event_year ?? r.first_event_year;
    if (year !== null && year !== undefined) person.years.push(Number(year));
    const province = chinaProvince(r.china_place_id);
    if (province) person.provinces.push(province);
    for (const v of r.violations ?? []) person.violations.add(v);
  }
  const pattern = (mask: number) => lists.map((_, i) => (mask & (1 << i) ? '1' : '0')).join('');
  const tally = (m: Map<number, number>): PatternCount[] =>
    [...m.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([mask, count]) => ({ pattern: pattern(mask), count }));
  const overall = new Map<number, number>();
  const strata = new Map<
    string,
    { values: Partial<Record<StratumField, string>>; counts: Map<number, number> }
  >();
  for (const person of people.values()) {
    overall.set(person.mask, (overall.get(person.mask) ?? 0) + 1);
    if (by.length === 0) continue;
    const choices: Record<StratumField, string[]> = {
      year: [modeOf(person.years)],
      province: [modeOf(person.provinces)],
      violation: person.violations.size ? [...person.violations].sort() : [UNKNOWN_STRATUM],
    };
    let combos: Array<Partial<Record<StratumField, string>>> = [{}];
    for (const f of by) combos = combos.flatMap((c) => choices[f].map((v) => ({ ...c, [f]: v })));
    for (const values of combos) {
      const key = by.map((f) => values[f]).join('|');
      let s = strata.get(key);
      if (!s) {
        s = { values, counts: new Map() };
        strata.set(key, s);
      }
      s.counts.set(person.mask, (s.counts.get(person.mask) ?? 0) + 1);
    }
  }
  const out: CaptureHistories = {
    runId: run.id,
    finishedAt: run.finishedAt,
    organisations: run.organisations,
    lists,
    by,
    overlapping: wantViolation,
    people: people.size,
    records: rows.length,
    histories: tally(overall),
    strata: [...strata.entries()]
      .sort((a, b) => compareKeys(a[0], b[0]))
      .map(([key, s]) => ({ key, values: s.values, histories: tally(s.counts) })),
  };
  await session.log([
    {
      action: 'linkage.capture_read',
      record: recordRef('linkage_run', run.id),
      purpose: LINKAGE_PURPOSE,
      detail: { people: out.people, lists: lists.length, strata: out.strata.length },
    },
  ]);
  return out;
}

/** Stratum keys in a natural order: numbers as numbers, 'unknown' last in each field. */
function compareKeys(a: string, b: string): number {
  const pa = a.split('|');
  const pb = b.split('|');
  for (let i = 0; i < pa.length; i++) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === UNKNOWN_STRATUM) return 1;
    if (pb[i] === UNKNOWN_STRATUM) return -1;
    const na = Number(pa[i]);
    const nb = Number(pb[i]);
    if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
    return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}
