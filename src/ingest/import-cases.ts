/**
 * Atomic import of full cases (JSON/JSONL, validated by caseSchema). Like person lists: every
 * case is validated first, an invalid one makes the whole import fail (unless skipInvalid) with
 * every problem listed, rows are staged with COPY and merged in one transaction. Re-importing a
 * case replaces its events, acts and the rest; its person is matched by (source, record id), so a
 * case and a person-list row of the same record share one person.
 */
import type { ConsentPurpose, Case, FuzzyDate } from '../model/types';
import type { RecordSealer } from '../protect/contracts';
import type { Db, Queryable } from '../store/db';
import {
  compactVault,
  VAULT_FIELD,
  vaultRecordKey,
  type AssessmentVault,
  type DescriptionVault,
  type EventVault,
  type InformationSourceVault,
  type NoteVault,
  type PerpetratorVault,
} from '../store/vault';
import { ageBand, vocabularies } from '../model/vocabularies';
import { caseSchema } from './case-schema';
import { InvalidJsonLine, type CaseInput } from './case-files';
import { InvalidInputError, type InputIssue } from './issues';
import type { PersonListRecord } from './person-list';
import { PERSON_IMPORT_COLUMNS, personRow } from './person-rows';
import { gazetteerLookup, provinceIdOf, type PlaceLookup } from './places';
import { ensureSources } from './sources';

export interface CaseImportOptions {
  skipInvalid?: boolean;
  lookupPlace?: PlaceLookup;
  onProgress?: (progress: { file: string; cases: number }) => void;
}

export interface CaseImportReport {
  importRunId: string;
  files: number;
  casesRead: number;
  inserted: number;
  updated: number;
  skippedInvalid: number;
  issues: InputIssue[];
  sources: string[];
}

/** Staged tables and their columns, in the order rows are built. */
const STAGED = {
  events: [
    'seq',
    'case_id',
    'id',
    'type',
    'start_year',
    'start_precision',
    'end_year',
    'end_precision',
    'place_id',
    'place_text',
    'vault',
  ],
  acts: [
    'seq',
    'case_id',
    'id',
    'event_id',
    'violation',
    'methods',
    'victim_status',
    'sale_price',
    'sale_currency',
    'sale_kind',
  ],
  perpetrators: ['seq', 'case_id', 'id', 'kind', 'type', 'vault'],
  involvements: ['seq', 'case_id', 'perpetrator_id', 'act_id', 'role', 'degree'],
  event_links: ['seq', 'case_id', 'from_event_id', 'to_event_id', 'kind'],
  information_sources: [
    'seq',
    'case_id',
    'id',
    'source_id',
    'knowledge',
    'reliability',
    'language',
    'interview_year',
    'interview_precision',
    'vault',
  ],
  consents: ['case_id', 'purpose', 'granted', 'given_on', 'withdrawn_on', 'restrictions'],
  interventions: ['seq', 'case_id', 'id', 'kind', 'status', 'responsible', 'deadline', 'vault'],
  evidence_items: ['seq', 'case_id', 'id', 'sha256', 'media_type', 'bytes', 'received_on', 'vault'],
  element_assessments: ['seq', 'case_id', 'act_id', 'element', 'evidence_ids', 'status', 'vault'],
} as const;
type StagedTable = keyof typeof STAGED;

/** Child tables of a case, parents before children (the order rows are inserted in). */
const CHILD_ORDER: StagedTable[] = [
  'events',
  'acts',
  'perpetrators',
  'involvements',
  'event_links',
  'information_sources',
  'consents',
  'interventions',
  'evidence_items',
  'element_assessments',
];
/** Deleting these (with ON DELETE CASCADE) removes every child row of a case. */
const CHILD_ROOTS: StagedTable[] = [
  'events',
  'perpetrators',
  'information_sources',
  'consents',
  'interventions',
  'evidence_items',
];

const CASE_COLUMNS = ['id', 'organisation_id', 'source_id', 'record_id', 'status'] as const;
const PERSON_COLUMNS = ['id', ...PERSON_IMPORT_COLUMNS] as const;
/** Person columns a case does not carry itself (they come from the person list): kept if NULL. */
const PERSON_LIST_ONLY = new Set([
  'crossing_place_id',
  'crossing_place_text',
  'china_place_id',
  'china_place_text',
  'event_year',
  'repatriated',
]);

const PURPOSES = vocabularies.consentPurposes.map((p) => p.code) as ConsentPurpose[];

const yearOf = (d?: FuzzyDate): number | null =>
  d?.value && d.precision !== 'unknown' ? Number(d.value.slice(0, 4)) : null;
/** The exact value of a date finer than a year: sealed, since it can identify. */
const fineValue = (d?: FuzzyDate): string | undefined =>
  d?.value && (d.precision === 'exact' || d.precision === 'month') ? d.value : undefined;

function seal(
  sealer: RecordSealer,
  table: string,
  key: string,
  vault: object | undefined,
): Uint8Array | null {
  const content = vault && compactVault(vault);
  return content ? sealer.seal(table, key, VAULT_FIELD, JSON.stringify(content)) : null;
}

/** The person-list view of a case's person, derived from her events where the list has columns. */
function personRecordOf(c: Case, lookupPlace: PlaceLookup): PersonListRecord {
  const p = c.person;
  const crossing = c.events.find((e) => e.type === 'BorderCrossing');
  let inChina: Case['events'][number] | undefined;
  for (const e of c.events)
    if (e.type !== 'BorderCrossing' && e.placeId?.startsWith('cn-')) inChina = e;
  const eventYear = yearOf(crossing?.start) ?? undefined;
  const placeOf = (e?: Case['events'][number]) =>
    e && (e.placeId || e.placeText)
      ? { id: e.placeId ?? (e.placeText ? lookupPlace(e.placeText) : undefined), text: e.placeText }
      : undefined;
  const homeProvinceId = p.homeProvince
    ? (provinceIdOf(p.homeProvince) ?? p.homeProvince)
    : p.homeCounty
      ? provinceIdOf(p.homeCounty)
      : undefined;
  return {
    line: 0,
    recordId: p.recordId ?? c.id,
    source: c.source,
    sex: p.sex,
    birthYear: p.birthYear,
    birthYearPrecision: p.birthYearPrecision,
    ageBand:
      p.birthYear !== undefined && eventYear !== undefined && eventYear >= p.birthYear
        ? ageBand(eventYear - p.birthYear)
        : undefined,
    familyName: p.names.familyName,
    givenName: p.names.givenName,
    otherNames: p.names.otherNames ?? [],
    birthDate: p.birthDate,
    idNumber: p.idNumber,
    address: p.address,
    contacts: p.contacts,
    citizenship: p.citizenship,
    countingUnit: p.countingUnit,
    groupSize: p.groupSize,
    notes: p.notes,
    homeProvince: homeProvinceId ? { id: homeProvinceId } : undefined,
    homeCounty: p.homeCounty ? { id: p.homeCounty } : undefined,
    crossingPlace: placeOf(crossing),
    placeInChina: placeOf(inChina),
    eventYear,
    repatriated: c.events.some((e) => e.type === 'Repatriation') ? true : undefined,
    extra: {},
  };
}

/** Every row of one case, per staged table, each led by its position in the case's list. */
function caseRows(
  c: Case,
  sealer: RecordSealer,
  lookupPlace: PlaceLookup,
): Record<StagedTable, unknown[][]> {
  const rows = unorderedCaseRows(c, sealer, lookupPlace);
  for (const t of CHILD_ORDER) {
    if (t !== 'consents') rows[t] = rows[t].map((row, seq) => [seq, ...row]);
  }
  return rows;
}

function unorderedCaseRows(
  c: Case,
  sealer: RecordSealer,
  lookupPlace: PlaceLookup,
): Record<StagedTable, unknown[][]> {
  const key = (id: string) => vaultRecordKey.caseChild(c.id, id);
  return {
    events: c.events.map((e) => [
      c.id,
      e.id,
      e.type,
      yearOf(e.start),
      e.start.precision,
      yearOf(e.end),
      e.end?.precision ?? null,
      e.placeId ?? (e.placeText ? (lookupPlace(e.placeText) ?? null) : null),
      e.placeText ?? null,
      seal(sealer, 'events', key(e.id), {
        start: fineValue(e.start),
        end: fineValue(e.end),
        description: e.description,
      } satisfies EventVault),
    ]),
    acts: c.acts.map((a) => [
      c.id,
      a.id,
      a.eventId,
      a.violation,
      a.methods ?? [],
      a.victimStatusAtEnd ?? null,
      a.salePrice ?? null,
      a.saleCurrency ?? null,
      a.saleKind ?? null,
    ]),
    perpetrators: c.perpetrators.map((p) => [
      c.id,
      p.id,
      p.kind,
      p.type,
      seal(sealer, 'perpetrators', key(p.id), {
        name: p.name,
        description: p.description,
      } satisfies PerpetratorVault),
    ]),
    involvements: c.involvements.map((v) => [c.id, v.perpetratorId, v.actId, v.role, v.degree]),
    event_links: c.links.map((l) => [c.id, l.from, l.to, l.kind]),
    information_sources: c.information.map((i) => [
      c.id,
      i.id,
      i.sourceId,
      i.knowledge,
      i.reliability,
      i.language ?? null,
      yearOf(i.interviewDate),
      i.interviewDate?.precision ?? null,
      seal(sealer, 'information_sources', key(i.id), {
        informant: i.informant,
        interviewDate: fineValue(i.interviewDate),
      } satisfies InformationSourceVault),
    ]),
    consents: PURPOSES.map((purpose) => [
      c.id,
      purpose,
      c.consent.purposes.includes(purpose),
      c.consent.givenOn ?? null,
      c.consent.withdrawnOn ?? null,
      c.consent.restrictions ?? null,
    ]),
    interventions: c.interventions.map((n) => [
      c.id,
      n.id,
      n.kind,
      n.status,
      n.responsible ?? null,
      n.deadline ?? null,
      seal(sealer, 'interventions', key(n.id), { notes: n.notes } satisfies NoteVault),
    ]),
    evidence_items: c.evidence.map((e) => [
      c.id,
      e.id,
      e.sha256,
      e.mediaType,
      e.bytes,
      e.receivedOn ?? null,
      seal(sealer, 'evidence_items', key(e.id), {
        description: e.description,
      } satisfies DescriptionVault),
    ]),
    element_assessments: c.assessments.map((a) => [
      c.id,
      a.actId,
      a.element,
      a.evidenceIds,
      a.status,
      seal(sealer, 'element_assessments', vaultRecordKey.assessment(c.id, a.actId, a.element), {
        note: a.note,
      } satisfies AssessmentVault),
    ]),
  };
}

const staging = (table: string) => `${table}_import`;

async function createStaging(tx: Queryable): Promise<void> {
  const statements = [
    `CREATE TEMP TABLE ${staging('cases')} (id text, organisation_id text, source_id text, record_id text, status text) ON COMMIT DROP`,
    `CREATE TEMP TABLE ${staging('persons')} ON COMMIT DROP AS SELECT ${PERSON_COLUMNS.join(', ')} FROM persons WITH NO DATA`,
    ...CHILD_ORDER.map(
      (t) =>
        `CREATE TEMP TABLE ${staging(t)} ON COMMIT DROP AS SELECT ${STAGED[t].join(', ')} FROM ${t} WITH NO DATA`,
    ),
  ];
  await tx.exec(statements.join(';\n'));
}

/** Problems only the database can see: cases or records that belong elsewhere. */
async function ownershipIssues(tx: Queryable, organisationId: string): Promise<InputIssue[]> {
  const foreign = await tx.query<{ id: string }>(
    `SELECT s.id FROM ${staging('cases')} s JOIN cases k ON k.id = s.id WHERE k.organisation_id <> $1`,
    [organisationId],
  );
  const taken = await tx.query<{ id: string; other: string }>(
    `SELECT s.id, k.id AS other FROM ${staging('cases')} s
       JOIN persons p ON p.source_id = s.source_id AND p.record_id = s.record_id
       JOIN cases k ON k.person_id = p.id AND k.id <> s.id`,
  );
  return [
    ...foreign.rows.map((r) => ({
      field: 'id',
      value: r.id,
      reason: 'this case belongs to another organisation',
    })),
    ...taken.rows.map((r) => ({
      field: 'person.recordId',
      value: r.id,
      reason: `the record already belongs to case ${r.other}`,
    })),
  ];
}

async function merge(tx: Queryable): Promise<{ inserted: number; updated: number }> {
  const pcols = PERSON_COLUMNS.join(', ');
  const updates = PERSON_IMPORT_COLUMNS.filter((c) => c !== 'source_id' && c !== 'record_id')
    .map((c) =>
      PERSON_LIST_ONLY.has(c)
        ? `${c} = COALESCE(EXCLUDED.${c}, persons.${c})`
        : `${c} = EXCLUDED.${c}`,
    )
    .join(', ');
  await tx.query(
    `INSERT INTO persons (${pcols}) SELECT ${pcols} FROM ${staging('persons')}
       ON CONFLICT (source_id, record_id) DO UPDATE SET ${updates}, updated_at = now()`,
  );
  const existing = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${staging('cases')} s JOIN cases k ON k.id = s.id`,
  );
  for (const t of CHILD_ROOTS) {
    await tx.query(`DELETE FROM ${t} WHERE case_id IN (SELECT id FROM ${staging('cases')})`);
  }
  const res = await tx.query(
    `INSERT INTO cases (id, organisation_id, source_id, person_id, status)
     SELECT s.id, s.organisation_id, s.source_id, p.id, s.status FROM ${staging('cases')} s
       JOIN persons p ON p.source_id = s.source_id AND p.record_id = s.record_id
     ON CONFLICT (id) DO UPDATE SET source_id = EXCLUDED.source_id, person_id = EXCLUDED.person_id,
       status = EXCLUDED.status, updated_at = now()`,
  );
  for (const t of CHILD_ORDER) {
    const cols = STAGED[t].join(', ');
    if (t === 'acts') {
      await tx.query(
        `INSERT INTO acts (${cols}, victim_person_id)
         SELECT ${STAGED.acts.map((c) => `a.${c}`).join(', ')}, k.person_id
           FROM ${staging('acts')} a JOIN cases k ON k.id = a.case_id`,
      );
    } else {
      await tx.query(`INSERT INTO ${t} (${cols}) SELECT ${cols} FROM ${staging(t)}`);
    }
  }
  const total = res.affectedRows ?? 0;
  return { inserted: total - existing.rows[0].n, updated: existing.rows[0].n };
}

function zodIssues(
  file: string,
  line: number | undefined,
  index: number,
  error: { issues: { path: PropertyKey[]; message: string }[] },
): InputIssue[] {
  return error.issues.map((i) => ({
    file,
    line,
    field:
      [
        line === undefined ? `[${index}]` : '',
        ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)),
      ]
        .join('')
        .replace(/^\./, '') || undefined,
    reason: i.message,
  }));
}

export function importCases(
  db: Db,
  sealer: RecordSealer,
  inputs: CaseInput[],
  options: CaseImportOptions = {},
): Promise<CaseImportReport> {
  return db.transaction((tx) => importCasesIn(tx, sealer, inputs, options));
}

/** importCases inside a transaction the caller holds. */
export async function importCasesIn(
  tx: Queryable,
  sealer: RecordSealer,
  inputs: CaseInput[],
  options: CaseImportOptions = {},
): Promise<CaseImportReport> {
  const startedAt = new Date();
  const lookupPlace = options.lookupPlace ?? gazetteerLookup;
  const issues: InputIssue[] = [];
  const seenCases = new Map<string, string>();
  const seenRecords = new Map<string, string>();
  const sources = new Set<string>();
  let casesRead = 0;
  let invalid = 0;
  await createStaging(tx);
  const pending = new Map<string, unknown[][]>();
  let pendingRows = 0;
  const flush = async () => {
    for (const [table, rows] of pending) {
      if (rows.length === 0) continue;
      const columns =
        table === 'cases'
          ? CASE_COLUMNS
          : table === 'persons'
            ? PERSON_COLUMNS
            : STAGED[table as StagedTable];
      await tx.copyFrom(staging(table), [...columns], rows);
    }
    pending.clear();
    pendingRows = 0;
  };
  const add = (table: string, rows: unknown[][]) => {
    let list = pending.get(table);
    if (!list) pending.set(table, (list = []));
    for (const r of rows) list.push(r);
    pendingRows += rows.length;
  };

  for (const input of inputs) {
    const file = input.file;
    for await (const batch of input.documents) {
      for (const doc of batch) {
        casesRead++;
        if (doc.value instanceof InvalidJsonLine) {
          invalid++;
          issues.push({ file, line: doc.line, reason: 'the line is not valid JSON' });
          continue;
        }
        const parsed = caseSchema.safeParse(doc.value);
        if (!parsed.success) {
          invalid++;
          issues.push(...zodIssues(file, doc.line, doc.index, parsed.error));
          continue;
        }
        const c = parsed.data as Case;
        const where =
          doc.line === undefined ? `${file} [${doc.index}]` : `${file} line ${doc.line}`;
        const caseProblem = (field: string, reason: string, value?: string) => {
          invalid++;
          issues.push({
            file,
            line: doc.line,
            field: doc.line === undefined ? `[${doc.index}].${field}` : field,
            reason,
            value,
          });
        };
        if (c.organisation !== sealer.organisationId) {
          caseProblem(
            'organisation',
            `is not the importing organisation (${sealer.organisationId})`,
            c.organisation,
          );
          continue;
        }
        const recordKey = `${c.source}\u0000${c.person.recordId ?? c.id}`;
        const earlierCase = seenCases.get(c.id);
        const earlierRecord = seenRecords.get(recordKey);
        if (earlierCase) {
          caseProblem('id', `the same case is already at ${earlierCase}`, c.id);
          continue;
        }
        if (earlierRecord) {
          caseProblem(
            'person.recordId',
            `the same record of source ${c.source} is already at ${earlierRecord}`,
            c.person.recordId ?? c.id,
          );
          continue;
        }
        seenCases.set(c.id, where);
        seenRecords.set(recordKey, where);
        sources.add(c.source);
        for (const i of c.information) sources.add(i.sourceId);
        if (issues.length > 0 && !options.skipInvalid) continue;
        const person = personRecordOf(c, lookupPlace);
        add('persons', [[c.person.id, ...personRow(person, sealer)]]);
        add('cases', [[c.id, sealer.organisationId, c.source, person.recordId, c.status]]);
        const rows = caseRows(c, sealer, lookupPlace);
        for (const t of CHILD_ORDER) add(t, rows[t]);
        if (pendingRows >= 50_000) await flush();
      }
      options.onProgress?.({ file, cases: casesRead });
    }
  }
  if (issues.length > 0 && !options.skipInvalid) throw new InvalidInputError(issues);
  await flush();
  await ensureSources(tx, sealer.organisationId, sources);
  const owned = await ownershipIssues(tx, sealer.organisationId);
  if (owned.length > 0) throw new InvalidInputError(owned);
  const { inserted, updated } = await merge(tx);
  const run = await tx.query<{ id: string }>(
    `INSERT INTO import_runs (formats, files, source_ids, rows_read, inserted, updated, skipped_invalid, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      ['json'],
      inputs.length,
      [...sources].sort(),
      casesRead,
      inserted,
      updated,
      invalid,
      startedAt,
    ],
  );
  return {
    importRunId: run.rows[0].id,
    files: inputs.length,
    casesRead,
    inserted,
    updated,
    skippedInvalid: invalid,
    issues,
    sources: [...sources].sort(),
  };
}
