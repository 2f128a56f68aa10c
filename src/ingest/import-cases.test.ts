import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../model/types';
import { createKeyring } from '../protect';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { caseTextInput } from './case-files';
import { caseSchema } from './case-schema';
import { CASE_SCHEMA_FILE, caseSchemaText } from './case-schema-file';
import { exportCases } from './export-cases';
import { importCases } from './import-cases';
import { importPersonLists } from './import-persons';
import { InvalidInputError, MalformedFileError } from './issues';
import { csvTextInput } from './tabular';

const keyring = createKeyring({ organisations: ['ngo-a', 'ngo-b'] });
const sealer = keyring.sealerFor('ngo-a');

/** A case using every part of the model (values invented). */
function fullCase(id = 'C-1', recordId = 'R-1'): Case {
  const pid = `P-${id}`;
  return {
    id,
    organisation: 'ngo-a',
    source: 'list1',
    status: 'open',
    person: {
      id: pid,
      recordId,
      sex: 'female',
      birthYear: 1992,
      birthYearPrecision: 'exact',
      birthDate: '1992-07-15',
      citizenship: 'KP',
      homeProvince: 'kp-hamn',
      homeCounty: 'kp-hamn-musan',
      countingUnit: 'individual',
      names: { familyName: '리', givenName: '은별', otherNames: ['Ri Un-byol', '李银星'] },
      idNumber: '920715-2345678',
      address: 'Somewhere 12',
      contacts: ['+82 10 0000 0000'],
      notes: 'met at the shelter',
    },
    events: [
      {
        id: 'e1',
        type: 'BorderCrossing',
        start: { value: '2011-03-02', precision: 'exact' },
        placeId: 'kp-hamn-musan',
      },
      {
        id: 'e2',
        type: 'Sale',
        start: { value: '2011-04', precision: 'month' },
        end: { value: '2014', precision: 'estimate' },
        placeId: 'cn-jl-yanbian-yanji',
        description: 'sold to a farmer',
      },
      {
        id: 'e10',
        type: 'Repatriation',
        start: { value: '2015', precision: 'year' },
        placeText: 'a border post nobody named',
      },
      { id: 'e3', type: 'DetentionDPRK', start: { precision: 'unknown' } },
    ],
    acts: [
      {
        id: 'a1',
        eventId: 'e2',
        victimId: pid,
        violation: 'sexual_slavery',
        methods: ['threats', 'physical_abuse'],
        victimStatusAtEnd: 'alive',
        salePrice: 20000,
        saleCurrency: 'CNY',
        saleKind: 'wife',
      },
      { id: 'a2', eventId: 'e10', victimId: pid, violation: 'forced_repatriation' },
    ],
    perpetrators: [
      { id: 'p1', kind: 'person', type: 'prc_broker', name: 'Uncle Z', description: 'tall' },
      { id: 'p2', kind: 'organisation', type: 'prc_public_security' },
    ],
    involvements: [
      { perpetratorId: 'p1', actId: 'a1', role: 'seller', degree: 'direct' },
      { perpetratorId: 'p2', actId: 'a2', role: 'captor', degree: 'direct' },
    ],
    links: [
      { from: 'e1', to: 'e2', kind: 'precedes' },
      { from: 'e2', to: 'e10', kind: 'precedes' },
    ],
    information: [
      {
        id: 'i1',
        sourceId: 'list1',
        knowledge: 'direct',
        reliability: 'B',
        language: 'ko',
        interviewDate: { value: '2019-05-06', precision: 'exact' },
      },
      {
        id: 'i2',
        sourceId: 'list2',
        knowledge: 'hearsay',
        reliability: 'D',
        interviewDate: { value: '2020', precision: 'year' },
        informant: 'her cousin',
      },
    ],
    consent: {
      purposes: ['case_management', 'aggregate_statistics'],
      givenOn: '2019-05-06',
      restrictions: 'no photos',
    },
    interventions: [
      {
        id: 'n1',
        kind: 'un_urgent_appeal',
        status: 'sent',
        responsible: 'legal team',
        deadline: '2019-06-01',
        notes: 'sent by fax',
      },
    ],
    evidence: [
      {
        id: 'x1',
        sha256: 'a'.repeat(64),
        mediaType: 'image/jpeg',
        bytes: 12345,
        description: 'photo of a receipt',
        receivedOn: '2019-05-07',
      },
    ],
    assessments: [
      {
        actId: 'a1',
        element: 'palermo.act',
        evidenceIds: ['x1'],
        status: 'supported',
        note: 'receipt shows the sale',
      },
    ],
  };
}

const jsonl = (cases: unknown[]) => cases.map((c) => JSON.stringify(c)).join('\n') + '\n';

async function allCases(db: Db): Promise<Case[]> {
  const out: Case[] = [];
  for await (const page of exportCases(db, sealer)) out.push(...page);
  return out;
}

async function count(db: Db, table: string): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n;
}

describe('case JSON Schema', () => {
  it('schema/case.schema.json is what the zod schema publishes', async () => {
    expect(readFileSync(CASE_SCHEMA_FILE, 'utf8')).toBe(await caseSchemaText());
  });

  it('the fixture case is valid and a broken one is not', () => {
    expect(caseSchema.safeParse(fullCase()).success).toBe(true);
    const broken = fullCase();
    broken.acts[0].eventId = 'nope';
    const res = caseSchema.safeParse(broken);
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]).toMatchObject({
      path: ['acts', 0, 'eventId'],
      message: 'no event nope in the case',
    });
  });
});

describe.each(storeBackends())('case import on $name', (backend) => {
  let db: Db;
  beforeEach(async () => {
    db = await backend.open();
  });
  afterEach(async () => {
    await db.close();
  });

  it('imports a full case, seals what identifies, and exports it unchanged', async () => {
    const input = [fullCase('C-1', 'R-1'), fullCase('C-2', 'R-2')];
    const report = await importCases(db, sealer, [caseTextInput('cases.jsonl', jsonl(input))]);
    expect(report).toMatchObject({
      casesRead: 2,
      inserted: 2,
      updated: 0,
      sources: ['list1', 'list2'],
    });
    expect(await allCases(db)).toEqual(input);

    const dump = JSON.stringify(
      await Promise.all(
        [
          'persons',
          'events',
          'perpetrators',
          'information_sources',
          'interventions',
          'evidence_items',
          'element_assessments',
        ].map(async (t) => (await db.query(`SELECT * FROM ${t}`)).rows),
      ),
    );
    for (const secret of [
      '은별',
      'Un-byol',
      '1992-07-15',
      '920715',
      'Somewhere',
      'shelter',
      'farmer',
      'Uncle Z',
      'tall',
      'cousin',
      'fax',
      'receipt',
      '2011-03-02',
      '2019-05-06T',
    ]) {
      expect(dump).not.toContain(secret);
    }
    const person = (
      await db.query<Record<string, unknown>>(`SELECT * FROM persons WHERE record_id = 'R-1'`)
    ).rows[0];
    expect(person).toMatchObject({
      id: 'P-C-1',
      event_year: 2011,
      crossing_place_id: 'kp-hamn-musan',
      china_place_id: 'cn-jl-yanbian-yanji',
      repatriated: true,
      home_province_id: 'kp-hamn',
      age_band: '18-20',
    });
    expect(
      (await db.query(`SELECT start_year FROM events WHERE case_id = 'C-1' AND id = 'e2'`)).rows,
    ).toEqual([{ start_year: 2011 }]);
  });

  it('re-importing a case replaces its parts instead of adding to them', async () => {
    await importCases(db, sealer, [caseTextInput('a.jsonl', jsonl([fullCase()]))]);
    const changed = fullCase();
    changed.events = changed.events.slice(0, 2);
    changed.acts = changed.acts.slice(0, 1);
    changed.involvements = changed.involvements.slice(0, 1);
    changed.links = changed.links.slice(0, 1);
    changed.status = 'closed';
    const report = await importCases(db, sealer, [
      caseTextInput('b.json', JSON.stringify([changed])),
    ]);
    expect(report).toMatchObject({ inserted: 0, updated: 1 });
    expect(await allCases(db)).toEqual([changed]);
    expect(await count(db, 'events')).toBe(2);
    expect(await count(db, 'persons')).toBe(1);
  });

  it('a case and a person-list row of the same record are one person', async () => {
    const csv = [
      'record_id,source,family_name,given_name,other_names,sex,birth_year,birth_date,id_number,address,home_province,home_county,crossing_place,place_in_china,event_year,repatriated,notes',
      'R-1,list1,Ri,Un Byol,,female,1992,,,,,,Hyesan,,2011,yes,',
    ].join('\n');
    await importPersonLists(db, sealer, [csvTextInput('l.csv', csv)]);
    const c = fullCase();
    c.events = [c.events[3]];
    c.acts = [];
    c.involvements = [];
    c.links = [];
    c.assessments = [];
    await importCases(db, sealer, [caseTextInput('c.jsonl', jsonl([c]))]);
    expect(await count(db, 'persons')).toBe(1);
    // What only the list knew is kept; the case's own data replaces the rest.
    const p = (await db.query<Record<string, unknown>>('SELECT * FROM persons')).rows[0];
    expect(p).toMatchObject({
      crossing_place_text: 'Hyesan',
      event_year: 2011,
      repatriated: true,
      birth_year_precision: 'exact',
    });
  });

  it('reports every invalid case by line and field, and imports nothing', async () => {
    await importCases(db, sealer, [caseTextInput('ok.jsonl', jsonl([fullCase('C-0', 'R-0')]))]);
    const badCode = fullCase('C-2', 'R-2');
    (badCode.acts[0] as { violation: string }).violation = 'theft';
    const badDate = fullCase('C-3', 'R-3');
    badDate.events[1].start = { value: '2011-02-30', precision: 'exact' };
    const otherOrg = { ...fullCase('C-4', 'R-4'), organisation: 'ngo-b' };
    const text = [
      JSON.stringify(fullCase('C-1', 'R-1')),
      JSON.stringify(badCode),
      '{"id": "C-x", not json',
      JSON.stringify(badDate),
      JSON.stringify(otherOrg),
      JSON.stringify(fullCase('C-1', 'R-9')),
      JSON.stringify({ ...fullCase('C-5', 'R-5'), extra: 1 }),
    ].join('\n');
    const err = await importCases(db, sealer, [caseTextInput('bad.jsonl', text)]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidInputError);
    const issues = (err as InvalidInputError).issues.map((i) => [i.line, i.field]);
    expect(issues).toEqual([
      [2, 'acts[0].violation'],
      [3, undefined],
      [4, 'events[1].start.value'],
      [5, 'organisation'],
      [6, 'id'],
      [7, undefined],
    ]);
    expect((err as Error).message).not.toContain('2011-02-30');
    expect(await count(db, 'cases')).toBe(1);
    expect(await allCases(db)).toEqual([fullCase('C-0', 'R-0')]);
  });

  it('refuses a truncated file', async () => {
    const text =
      JSON.stringify(fullCase()) + '\n' + JSON.stringify(fullCase('C-2', 'R-2')).slice(0, 200);
    let err = await importCases(db, sealer, [caseTextInput('t.jsonl', text)]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MalformedFileError);
    expect((err as Error).message).toBe(
      't.jsonl, line 2: the last line is not complete JSON: the file is truncated',
    );
    err = await importCases(db, sealer, [
      caseTextInput('t.json', `[${text.replace('\n', ',\n')}`),
    ]).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/t\.json.*the JSON ends before it is complete/);
    expect(await count(db, 'cases')).toBe(0);
  });
});
