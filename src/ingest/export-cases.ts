/** Export of an organisation's cases as JSONL, in the format importCases reads. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type {
  Act,
  Case,
  ConsentPurpose,
  DatePrecision,
  ElementAssessment,
  Event,
  EvidenceItem,
  FuzzyDate,
  InformationSource,
  Intervention,
  Perpetrator,
} from '../model/types';
import { vocabularies } from '../model/vocabularies';
import type { RecordSealer } from '../protect/contracts';
import type { Db } from '../store/db';
import { mayOpenCase, mayOpen, type ExportCount } from './withheld';
import {
  VAULT_FIELD,
  vaultRecordKey,
  type AssessmentVault,
  type DescriptionVault,
  type EventVault,
  type InformationSourceVault,
  type NoteVault,
  type PersonVault,
  type PerpetratorVault,
} from '../store/vault';

type Row = Record<string, unknown>;

const PURPOSES = vocabularies.consentPurposes.map((p) => p.code) as ConsentPurpose[];

export interface CaseExportOptions {
  sources?: string[];
  /** Only these cases (the API reads one case at a time). */
  ids?: string[];
  pageCases?: number;
}

function openVault<T>(sealer: RecordSealer, table: string, key: string, vault: unknown): T {
  if (!vault) return {} as T;
  return JSON.parse(sealer.open(table, key, VAULT_FIELD, vault as Uint8Array)) as T;
}

function fuzzy(year: unknown, precision: unknown, fine: string | undefined): FuzzyDate {
  const p = precision as DatePrecision;
  if (fine) return { value: fine, precision: p };
  if (year === null || year === undefined) return { precision: p };
  return { value: String(year), precision: p };
}

/** Drops undefined members, so an exported case has exactly the fields it was imported with. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

const CHILD_QUERIES = {
  events: 'SELECT * FROM events WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq',
  acts: 'SELECT * FROM acts WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq',
  perpetrators: 'SELECT * FROM perpetrators WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq',
  involvements: 'SELECT * FROM involvements WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq',
  event_links: 'SELECT * FROM event_links WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq',
  information_sources:
    'SELECT * FROM information_sources WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq',
  consents: 'SELECT * FROM consents WHERE case_id = ANY($1::text[]) ORDER BY case_id, purpose',
  interventions:
    'SELECT * FROM interventions WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq',
  evidence_items:
    'SELECT * FROM evidence_items WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq',
  element_assessments:
    'SELECT * FROM element_assessments WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq',
} as const;

function byCase(rows: Row[]): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const r of rows) {
    const id = r.case_id as string;
    let list = map.get(id);
    if (!list) map.set(id, (list = []));
    list.push(r);
  }
  return map;
}

/** The organisation's cases, page by page, as Case objects (identifying fields opened). */
export async function* exportCases(
  db: Db,
  sealer: RecordSealer,
  options: CaseExportOptions = {},
  withheld: { count: number } = { count: 0 },
): AsyncGenerator<Case[]> {
  const limit = options.pageCases ?? 500;
  let after = '';
  for (;;) {
    const { rows: cases } = await db.query<Row>(
      `SELECT k.id, k.organisation_id, k.source_id, k.status, p.id AS person_id, p.record_id,
              p.sex, p.birth_year, p.birth_year_precision, p.citizenship, p.home_province_id,
              p.home_county_id, p.counting_unit, p.group_size, p.vault
         FROM cases k JOIN persons p ON p.id = k.person_id
        WHERE k.organisation_id = $1 AND ($2::text[] IS NULL OR k.source_id = ANY($2::text[]))
          AND k.id > $3 AND ($5::text[] IS NULL OR k.id = ANY($5::text[]))
        ORDER BY k.id LIMIT $4`,
      [sealer.organisationId, options.sources ?? null, after, limit, options.ids ?? null],
    );
    if (cases.length === 0) return;
    const ids = cases.map((c) => c.id as string);
    const child = Object.fromEntries(
      await Promise.all(
        Object.entries(CHILD_QUERIES).map(async ([t, sql]) => [
          t,
          byCase((await db.query<Row>(sql, [ids])).rows),
        ]),
      ),
    ) as Record<keyof typeof CHILD_QUERIES, Map<string, Row[]>>;
    const open = cases.filter(
      (k) =>
        mayOpenCase(sealer, k.id as string) &&
        mayOpen(
          sealer,
          'persons',
          vaultRecordKey.person(k.source_id as string, k.record_id as string),
        ),
    );
    withheld.count += cases.length - open.length;
    yield open.map((k) => buildCase(k, child, sealer));
    after = ids[ids.length - 1];
    if (cases.length < limit) return;
  }
}

function buildCase(
  k: Row,
  child: Record<keyof typeof CHILD_QUERIES, Map<string, Row[]>>,
  sealer: RecordSealer,
): Case {
  const id = k.id as string;
  const of = (t: keyof typeof CHILD_QUERIES) => child[t].get(id) ?? [];
  const key = (childId: unknown) => vaultRecordKey.caseChild(id, childId as string);
  const pv = openVault<PersonVault>(
    sealer,
    'persons',
    vaultRecordKey.person(k.source_id as string, k.record_id as string),
    k.vault,
  );
  const consents = of('consents');
  const granted = PURPOSES.filter((p) => consents.some((c) => c.granted && c.purpose === p));
  const anyConsent = consents[0];
  return {
    id,
    organisation: k.organisation_id as string,
    source: k.source_id as string,
    status: k.status as Case['status'],
    person: defined({
      id: k.person_id as string,
      recordId: k.record_id as string,
      sex: k.sex as Case['person']['sex'],
      birthYear: (k.birth_year as number | null) ?? undefined,
      birthYearPrecision: (k.birth_year_precision as DatePrecision | null) ?? undefined,
      birthDate: pv.birthDate,
      citizenship: (k.citizenship as string | null) ?? undefined,
      homeProvince: (k.home_province_id as string | null) ?? undefined,
      homeCounty: (k.home_county_id as string | null) ?? undefined,
      countingUnit: k.counting_unit as Case['person']['countingUnit'],
      groupSize: (k.group_size as number | null) ?? undefined,
      names: defined({
        familyName: pv.familyName,
        givenName: pv.givenName,
        otherNames: pv.otherNames,
      }),
      idNumber: pv.idNumber,
      address: pv.address,
      contacts: pv.contacts,
      notes: pv.notes,
    }),
    events: of('events').map((e): Event => {
      const v = openVault<EventVault>(sealer, 'events', key(e.id), e.vault);
      return defined({
        id: e.id as string,
        type: e.type as Event['type'],
        start: fuzzy(e.start_year, e.start_precision, v.start),
        end: e.end_precision ? fuzzy(e.end_year, e.end_precision, v.end) : undefined,
        placeId: (e.place_id as string | null) ?? undefined,
        placeText: (e.place_text as string | null) ?? undefined,
        description: v.description,
      });
    }),
    acts: of('acts').map((a): Act =>
      defined({
        id: a.id as string,
        eventId: a.event_id as string,
        victimId: k.person_id as string,
        violation: a.violation as string,
        methods: (a.methods as string[]).length > 0 ? (a.methods as string[]) : undefined,
        victimStatusAtEnd: (a.victim_status as Act['victimStatusAtEnd'] | null) ?? undefined,
        salePrice: a.sale_price === null ? undefined : Number(a.sale_price),
        saleCurrency: (a.sale_currency as string | null) ?? undefined,
        saleKind: (a.sale_kind as Act['saleKind'] | null) ?? undefined,
      }),
    ),
    perpetrators: of('perpetrators').map((p): Perpetrator => {
      const v = openVault<PerpetratorVault>(sealer, 'perpetrators', key(p.id), p.vault);
      return defined({
        id: p.id as string,
        kind: p.kind as Perpetrator['kind'],
        type: p.type as string,
        name: v.name,
        description: v.description,
      });
    }),
    involvements: of('involvements').map((v) => ({
      perpetratorId: v.perpetrator_id as string,
      actId: v.act_id as string,
      role: v.role as string,
      degree: v.degree as Case['involvements'][number]['degree'],
    })),
    links: of('event_links').map((l) => ({
      from: l.from_event_id as string,
      to: l.to_event_id as string,
      kind: l.kind as Case['links'][number]['kind'],
    })),
    information: of('information_sources').map((i): InformationSource => {
      const v = openVault<InformationSourceVault>(
        sealer,
        'information_sources',
        key(i.id),
        i.vault,
      );
      return defined({
        id: i.id as string,
        sourceId: i.source_id as string,
        knowledge: i.knowledge as InformationSource['knowledge'],
        reliability: i.reliability as string,
        language: (i.language as string | null) ?? undefined,
        interviewDate: i.interview_precision
          ? fuzzy(i.interview_year, i.interview_precision, v.interviewDate)
          : undefined,
        informant: v.informant,
      });
    }),
    consent: defined({
      purposes: granted,
      restrictions: (anyConsent?.restrictions as string | null) ?? undefined,
      givenOn: (anyConsent?.given_on as string | null) ?? undefined,
      withdrawnOn: (anyConsent?.withdrawn_on as string | null) ?? undefined,
    }),
    interventions: of('interventions').map((n): Intervention => {
      const v = openVault<NoteVault>(sealer, 'interventions', key(n.id), n.vault);
      return defined({
        id: n.id as string,
        kind: n.kind as Intervention['kind'],
        status: n.status as Intervention['status'],
        responsible: (n.responsible as string | null) ?? undefined,
        deadline: (n.deadline as string | null) ?? undefined,
        notes: v.notes,
      });
    }),
    evidence: of('evidence_items').map((e): EvidenceItem => {
      const v = openVault<DescriptionVault>(sealer, 'evidence_items', key(e.id), e.vault);
      return defined({
        id: e.id as string,
        sha256: e.sha256 as string,
        mediaType: e.media_type as string,
        bytes: Number(e.bytes),
        description: v.description,
        receivedOn: (e.received_on as string | null) ?? undefined,
      });
    }),
    assessments: of('element_assessments').map((a): ElementAssessment => {
      const v = openVault<AssessmentVault>(
        sealer,
        'element_assessments',
        vaultRecordKey.assessment(id, a.act_id as string, a.element as string),
        a.vault,
      );
      return defined({
        actId: a.act_id as string,
        element: a.element as string,
        evidenceIds: a.evidence_ids as string[],
        status: a.status as ElementAssessment['status'],
        note: v.note,
      });
    }),
  };
}

/** Writes the cases as JSONL (one case a line). */
export async function exportCasesJsonl(
  db: Db,
  sealer: RecordSealer,
  out: string,
  options: CaseExportOptions = {},
): Promise<ExportCount> {
  const stream = createWriteStream(out, { mode: 0o600 });
  let count = 0;
  const withheld = { count: 0 };
  try {
    for await (const page of exportCases(db, sealer, options, withheld)) {
      const text = page.map((c) => JSON.stringify(c) + '\n').join('');
      count += page.length;
      if (!stream.write(text)) await once(stream, 'drain');
    }
  } finally {
    stream.end();
    await once(stream, 'close');
  }
  return { exported: count, withheld: withheld.count };
}
