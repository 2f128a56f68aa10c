import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERSON_LIST_COLUMNS } from '../model/types';
import { AuditedSealer, createKeyring, type AuditEvent } from '../protect';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { csvLine } from './csv';
import { exportPersonListCsv, exportPersonListXlsx } from './export-persons';
import { importPersonLists } from './import-persons';
import { InvalidInputError, MalformedFileError } from './issues';
import { csvTextInput, readCsvFile, readXlsxFile } from './tabular';

const keyring = createKeyring({ organisations: ['ngo-a', 'ngo-b'] });
const sealer = keyring.sealerFor('ngo-a');

const HEADER = PERSON_LIST_COLUMNS.join(',');
/** Rows in PERSON_LIST_COLUMNS order. */
const GOOD = [
  HEADER + ',interviewer',
  'A-001,list1,김,순희,"Kim Sun-hui; 金顺姬",female,1985,1985-03-04,M123-456,"Musan, 12 ban",함경북도,무산군,Musan,Yanji,2012,yes,"said ""yes""\nthen left",Park',
  'A-002,list1,Ri,Myong Ok,,f,1990,,,,North Hamgyong,Onsong,Tumen,Nowhereville,2015,no,,',
  'A-003,list1,,,,unknown,,,,,,,,,2019,,,',
  'A-004,,최,은정,,여성,2001,2001-12,,,Ryanggang,Hyesan,Changbai,Harbin,2016,1,,Lee',
].join('\n');

const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jayu-ingest-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function personCount(db: Db): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*) AS n FROM persons')).rows[0].n;
}

async function exportCsv(db: Db): Promise<string> {
  const out = path.join(tmp(), 'export.csv');
  await exportPersonListCsv(db, sealer, out);
  return readFileSync(out, 'utf8');
}

async function expectRejected(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeDefined();
  return err as InvalidInputError | MalformedFileError;
}

describe.each(storeBackends())('person-list import on $name', (backend) => {
  let db: Db;
  beforeEach(async () => {
    db = await backend.open();
  });
  afterEach(async () => {
    await db.close();
  });

  it('imports, seals identifying fields, and exports the same list back', async () => {
    const report = await importPersonLists(db, sealer, [csvTextInput('good.csv', GOOD)], {
      source: 'list2',
    });
    expect(report).toMatchObject({ rowsRead: 4, inserted: 4, updated: 0, skippedInvalid: 0 });
    expect(report.sources).toEqual(['list1', 'list2']);

    // Nothing identifying in plaintext anywhere in the row.
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM persons');
    const dump = JSON.stringify(rows);
    for (const secret of [
      '순희',
      'Sun-hui',
      'M123',
      'Musan, 12',
      '1985-03-04',
      'Park',
      'then left',
    ]) {
      expect(dump).not.toContain(secret);
    }
    const vault = rows.find((r) => r.record_id === 'A-001')!.vault as Uint8Array;
    expect(Buffer.from(vault).toString('utf8')).not.toContain('Sun-hui');
    expect(rows.find((r) => r.record_id === 'A-001')).toMatchObject({
      sex: 'female',
      birth_year: 1985,
      birth_year_precision: 'exact',
      age_band: '27-29',
      event_year: 2012,
      repatriated: true,
      crossing_place_text: 'Musan',
      crossing_place_id: 'kp-hamn-musan',
      home_province_id: 'kp-hamn',
      home_county_id: 'kp-hamn-musan',
      china_place_id: 'cn-jl-yanbian-yanji',
    });
    expect(report.unknownPlaces).toEqual([
      { column: 'place_in_china', text: 'Nowhereville', rows: 1 },
    ]);
    expect(rows.find((r) => r.record_id === 'A-002')).toMatchObject({
      china_place_id: null,
      china_place_text: 'Nowhereville',
    });
    expect(rows.find((r) => r.record_id === 'A-004')).toMatchObject({
      source_id: 'list2',
      sex: 'female',
      birth_year_precision: 'month',
      repatriated: true,
    });
    expect(rows.find((r) => r.record_id === 'A-003')!.vault).toBeNull();

    const exported = await exportCsv(db);
    const lines = exported.trimEnd().split('\n');
    expect(lines[0]).toBe(`${HEADER},interviewer`);
    expect(exported).toContain('"said ""yes""\nthen left"');
    expect(exported).toContain('A-002,list1,Ri,Myong Ok,,female,1990,');

    // The export imports into an empty store and exports identically.
    const other = await backend.open();
    try {
      const again = await importPersonLists(other, sealer, [csvTextInput('export.csv', exported)]);
      expect(again.inserted).toBe(4);
      expect(await exportCsv(other)).toBe(exported);
    } finally {
      await other.close();
    }
  });

  it('updates instead of duplicating when the same records are imported again', async () => {
    await importPersonLists(db, sealer, [csvTextInput('good.csv', GOOD)], { source: 'list2' });
    const changed = [
      HEADER,
      'A-002,list1,Ri,Myong Ok,,female,1991,,,,North Hamgyong,Onsong,Tumen,Shandong,2016,yes,',
      'A-005,list1,Jo,Un,,female,1999,,,,,,,,2020,,',
    ].join('\n');
    const report = await importPersonLists(db, sealer, [csvTextInput('changed.csv', changed)]);
    expect(report).toMatchObject({ inserted: 1, updated: 1 });
    expect(await personCount(db)).toBe(5);
    const { rows } = await db.query<{
      birth_year: number;
      repatriated: boolean;
      event_year: number;
    }>(`SELECT birth_year, repatriated, event_year FROM persons WHERE record_id = 'A-002'`);
    expect(rows[0]).toEqual({ birth_year: 1991, repatriated: true, event_year: 2016 });
    // A-001's sealed data is untouched by an import that does not mention it.
    expect(await exportCsv(db)).toContain('"said ""yes""\nthen left"');
  });

  describe('bad input: clear errors, nothing imported, nothing stored lost', () => {
    let before: string;
    beforeEach(async () => {
      await importPersonLists(db, sealer, [csvTextInput('good.csv', GOOD)], { source: 'list2' });
      before = await exportCsv(db);
    });
    afterEach(async () => {
      expect(await personCount(db)).toBe(4);
      expect(await exportCsv(db)).toBe(before);
    });

    const row = (values: Partial<Record<(typeof PERSON_LIST_COLUMNS)[number], string>>) =>
      csvLine(PERSON_LIST_COLUMNS.map((c) => values[c] ?? '')).trimEnd();
    const valid = (id: string) =>
      row({ record_id: id, source: 'list1', sex: 'female', family_name: 'Han' });

    it('reports every invalid row with line and field, values only when not identifying', async () => {
      const text = [
        HEADER,
        valid('B-1'),
        row({ record_id: 'B-2', source: 'list1', sex: 'female', birth_date: '1990-02-30' }),
        row({ record_id: 'B-3', source: 'list1', sex: 'yes please' }),
        row({ record_id: 'B-4', source: 'list1', birth_year: '1890' }),
        row({ record_id: 'B-5', source: 'list1', birth_year: '1990', birth_date: '1991-05-01' }),
        row({ record_id: 'B-6', source: 'list1', repatriated: 'maybe', event_year: '20x5' }),
        row({ record_id: 'B-7', source: 'list1', birth_date: '04/05/1990' }),
        row({ record_id: 'B-8', source: 'list1', birth_year: '2000', event_year: '1999' }),
        valid('B-1'),
        row({ record_id: '', source: 'list1' }),
        'B-9,list1,too,short',
        valid('B-10'),
      ].join('\n');
      const err = await expectRejected(
        importPersonLists(db, sealer, [csvTextInput('bad.csv', text)]),
      );
      expect(err).toBeInstanceOf(InvalidInputError);
      const issues = (err as InvalidInputError).issues.map((i) => [i.line, i.field, i.value]);
      expect(issues).toEqual([
        [3, 'birth_date', undefined],
        [4, 'sex', 'yes please'],
        [5, 'birth_year', '1890'],
        [6, 'birth_date', undefined],
        [7, 'event_year', '20x5'],
        [7, 'repatriated', 'maybe'],
        [8, 'birth_date', undefined],
        [9, 'event_year', '1999'],
        [10, 'record_id', 'B-1'],
        [11, 'record_id', undefined],
        [12, undefined, undefined],
      ]);
      expect((err as InvalidInputError).issues.every((i) => i.file === 'bad.csv')).toBe(true);
      expect(err.message).toContain('bad.csv, line 3, field birth_date: is not a date that exists');
      expect(err.message).not.toContain('1990-02-30');
    });

    it('refuses a malformed CSV, naming the line', async () => {
      const text = [
        HEADER,
        valid('C-1'),
        `C-2,list1,Ha"n,,,female${',,'.repeat(5)}`,
        valid('C-3'),
      ].join('\n');
      const err = await expectRejected(
        importPersonLists(db, sealer, [csvTextInput('m.csv', text)]),
      );
      expect(err).toBeInstanceOf(MalformedFileError);
      expect(err.message).toMatch(/m\.csv, line 3: a quote inside an unquoted field/);
    });

    it('refuses a truncated file: unterminated quote, or a short last row', async () => {
      const open = [HEADER, valid('D-1'), `D-2,list1,"Han,`].join('\n');
      let err = await expectRejected(importPersonLists(db, sealer, [csvTextInput('t.csv', open)]));
      expect(err.message).toMatch(
        /t\.csv, line 3: a quoted field is never closed: the file is truncated/,
      );
      const short = [HEADER, valid('D-1'), 'D-2,list1,Han,Eun'].join('\n');
      err = await expectRejected(importPersonLists(db, sealer, [csvTextInput('t.csv', short)]));
      expect(err.message).toMatch(
        /t\.csv, line 3: the last row has 4 of 17 fields: the file is truncated/,
      );
    });

    it('refuses other encodings', async () => {
      const text = [HEADER, valid('E-1')].join('\n');
      const utf16le = Buffer.from(text, 'utf16le');
      for (const [bytes, pattern] of [
        [Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]), /UTF-16 \(with a byte order mark\)/],
        [utf16le, /UTF-16 without a byte order mark/],
        // "김" in EUC-KR is B1 E8: not UTF-8.
        [
          Buffer.concat([
            Buffer.from(`${HEADER}\n${valid('E-1')}\nE-2,list1,`),
            Buffer.from([0xb1, 0xe8]),
            Buffer.from(`,x,,female${',,'.repeat(5)}\n`),
          ]),
          /line 3: the file is not valid UTF-8/,
        ],
      ] as const) {
        const err = await expectRejected(
          importPersonLists(db, sealer, [csvTextInput('enc.csv', bytes)]),
        );
        expect(err).toBeInstanceOf(MalformedFileError);
        expect(err.message).toMatch(pattern);
      }
    });

    it('refuses a header without the person-list columns or with a repeated column', async () => {
      const missing = ['record_id,source,name,sex', 'F-1,list1,Han,female'].join('\n');
      let err = await expectRejected(
        importPersonLists(db, sealer, [csvTextInput('h.csv', missing)]),
      );
      expect(err.message).toMatch(
        /line 1: the header lacks the columns family_name, given_name, other_names/,
      );
      const twice = [`${HEADER},sex`, `${valid('F-1')},female`].join('\n');
      err = await expectRejected(importPersonLists(db, sealer, [csvTextInput('h.csv', twice)]));
      expect(err.message).toMatch(/line 1, field sex: the column appears twice/);
    });

    it('refuses a source held by another organisation', async () => {
      const text = [HEADER, valid('G-1')].join('\n');
      const err = await expectRejected(
        importPersonLists(db, keyring.sealerFor('ngo-b'), [csvTextInput('o.csv', text)]),
      );
      expect(err.message).toMatch(/source: this source belongs to another organisation/);
    });

    it('rolls back every file when a later file is bad', async () => {
      const good = [HEADER, valid('H-1')].join('\n');
      const bad = [HEADER, row({ record_id: 'H-2', source: 'list1', sex: '?' })].join('\n');
      await expectRejected(
        importPersonLists(db, sealer, [csvTextInput('1.csv', good), csvTextInput('2.csv', bad)]),
      );
    });
  });

  it('with skipInvalid imports the valid rows and reports the rest', async () => {
    const text = [
      HEADER,
      'K-1,list1,Han,,,female,,,,,,,,,,,',
      'K-2,list1,Han,,,female,1990,1990-13-01,,,,,,,,,',
      'K-3,list1,Han,,,female,,,,,,,,,,,',
    ].join('\n');
    const report = await importPersonLists(db, sealer, [csvTextInput('s.csv', text)], {
      skipInvalid: true,
    });
    expect(report).toMatchObject({ inserted: 2, skippedInvalid: 1 });
    expect(report.issues).toEqual([
      { file: 's.csv', line: 3, field: 'birth_date', reason: 'is not a date that exists' },
    ]);
  });

  it('reads and writes XLSX with the same columns', async () => {
    const dir = tmp();
    const input = path.join(dir, 'in.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('list');
    const csvRows = GOOD.split('\n');
    sheet.addRow([...PERSON_LIST_COLUMNS].reverse());
    // Typed cells, as spreadsheets hold them: numbers and a date.
    sheet.addRow(
      [
        'X-1',
        'list1',
        '김',
        '순희',
        '',
        'female',
        1985,
        new Date(Date.UTC(1985, 2, 4)),
        '',
        '',
        '함경북도',
        '',
        'Musan',
        '',
        2012,
        true,
        'multi\nline',
      ].reverse(),
    );
    sheet.addRow([]);
    sheet.addRow(
      [
        'X-2',
        'list1',
        'Ri',
        '',
        '',
        'male',
        '1970',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'no',
        '',
      ].reverse(),
    );
    await workbook.xlsx.writeFile(input);
    expect(csvRows.length).toBeGreaterThan(0);

    const report = await importPersonLists(db, sealer, [readXlsxFile(input)]);
    expect(report).toMatchObject({ inserted: 2, rowsRead: 2 });
    const csv = await exportCsv(db);
    expect(csv).toContain(
      'X-1,list1,김,순희,,female,1985,1985-03-04,,,함경북도,,Musan,,2012,yes,"multi\nline"',
    );
    expect(csv).toContain('X-2,list1,Ri,,,male,1970,,,,,,,,,no,');

    const out = path.join(dir, 'out.xlsx');
    expect(await exportPersonListXlsx(db, sealer, out)).toEqual({ exported: 2, withheld: 0 });
    const other = await backend.open();
    try {
      await importPersonLists(other, sealer, [readXlsxFile(out)]);
      expect(await exportCsv(other)).toBe(csv);
    } finally {
      await other.close();
    }
  });

  describe.each([
    { path: 'this thread', worker: false },
    { path: 'a worker thread', worker: true },
  ])('new records straight into persons, stored ones merged, on $path', ({ worker }) => {
    const row = (values: Partial<Record<(typeof PERSON_LIST_COLUMNS)[number], string>>) =>
      csvLine(PERSON_LIST_COLUMNS.map((c) => values[c] ?? '')).trimEnd();
    const ids = async () =>
      new Map(
        (
          await db.query<{ record_id: string; id: string }>(
            "SELECT source_id || '/' || record_id AS record_id, id FROM persons",
          )
        ).rows.map((r) => [r.record_id, r.id]),
      );

    it('inserts new records and sources, updates only the stored records, keeps their ids', async () => {
      await importPersonLists(db, sealer, [csvTextInput('good.csv', GOOD)], {
        source: 'list2',
        worker,
      });
      const before = await ids();
      const next = [
        HEADER,
        row({
          record_id: 'A-002',
          source: 'list1',
          sex: 'female',
          event_year: '2016',
          repatriated: 'yes',
          family_name: 'Ri',
        }),
        row({
          record_id: 'A-009',
          source: 'list1',
          sex: 'female',
          family_name: 'Jo',
          birth_date: '1999-01-02',
        }),
        row({ record_id: 'N-1', source: 'list9', sex: 'male', given_name: 'Chol' }),
        row({ record_id: 'A-004', source: 'list2', sex: 'female' }),
      ].join('\n');
      const report = await importPersonLists(db, sealer, [csvTextInput('next.csv', next)], {
        worker,
        batchRows: 1,
      });
      expect(report).toMatchObject({ rowsRead: 4, inserted: 2, updated: 2, worker });
      expect(report.sources).toEqual(['list1', 'list2', 'list9']);
      const after = await ids();
      expect(after.size).toBe(6);
      for (const key of ['list1/A-001', 'list1/A-002', 'list1/A-003', 'list2/A-004']) {
        expect(after.get(key)).toBe(before.get(key));
      }
      const { rows } = await db.query<{
        record_id: string;
        event_year: number | null;
        repatriated: boolean | null;
      }>(
        `SELECT record_id, event_year, repatriated FROM persons WHERE record_id IN ('A-002', 'A-004') ORDER BY record_id`,
      );
      expect(rows).toEqual([
        { record_id: 'A-002', event_year: 2016, repatriated: true },
        { record_id: 'A-004', event_year: null, repatriated: null },
      ]);
      const csv = await exportCsv(db);
      expect(csv).toContain('A-009,list1,Jo,,,female,1999,1999-01-02,');
      expect(csv).toContain('N-1,list9,,Chol,,male,');
      expect(csv).toContain('"said ""yes""\nthen left"');
      const runs = await db.query<{ inserted: number; updated: number }>(
        'SELECT inserted, updated FROM import_runs ORDER BY started_at',
      );
      expect(runs.rows.at(-1)).toEqual({ inserted: 2, updated: 2 });
    });

    it('a bad row after batches were loaded into persons imports nothing', async () => {
      await importPersonLists(db, sealer, [csvTextInput('good.csv', GOOD)], {
        source: 'list2',
        worker,
      });
      const before = await exportCsv(db);
      const many = Array.from({ length: 9 }, (_, i) =>
        row({
          record_id: `V-${i}`,
          source: i % 2 ? 'list1' : 'fresh',
          sex: 'female',
          family_name: 'Han',
        }),
      );
      const text = [
        HEADER,
        ...many,
        row({ record_id: 'V-9', source: 'fresh', sex: '?' }),
        many[0].replace('V-0', 'V-10'),
      ].join('\n');
      const err = await expectRejected(
        importPersonLists(db, sealer, [csvTextInput('late.csv', text)], { worker, batchRows: 2 }),
      );
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).issues).toEqual([
        {
          file: 'late.csv',
          line: 11,
          field: 'sex',
          reason: 'is not one of female, male, other, unknown',
          value: '?',
        },
      ]);
      expect(await personCount(db)).toBe(4);
      expect(await exportCsv(db)).toBe(before);
      const sources = await db.query<{ id: string }>('SELECT id FROM sources ORDER BY id');
      expect(sources.rows.map((r) => r.id)).toEqual(['list1', 'list2']);
    });

    it('reports file faults and foreign sources as errors of the same kinds', async () => {
      const text = [
        HEADER,
        row({ record_id: 'M-1', source: 'list1', sex: 'female' }),
        `M-2,list1,Ha"n,,,female${',,'.repeat(5)}`,
      ].join('\n');
      const err = await expectRejected(
        importPersonLists(db, sealer, [csvTextInput('m.csv', text)], { worker }),
      );
      expect(err).toBeInstanceOf(MalformedFileError);
      expect(err.message).toMatch(/m\.csv, line 3: a quote inside an unquoted field/);

      await importPersonLists(db, sealer, [csvTextInput('good.csv', GOOD)], {
        source: 'list2',
        worker,
      });
      const foreign = await expectRejected(
        importPersonLists(
          db,
          keyring.sealerFor('ngo-b'),
          [
            csvTextInput(
              'o.csv',
              [HEADER, row({ record_id: 'O-1', source: 'list1', sex: 'female' })].join('\n'),
            ),
          ],
          { worker },
        ),
      );
      expect(foreign).toBeInstanceOf(InvalidInputError);
      expect(foreign.message).toMatch(/source: this source belongs to another organisation/);
      expect(await personCount(db)).toBe(4);
    });

    it('re-importing the same file updates every record in place: no duplicates, same ids', async () => {
      const text = [
        HEADER,
        ...Array.from({ length: 7 }, (_, i) =>
          row({
            record_id: `R-${i}`,
            source: i % 3 ? 'list1' : 'list3',
            sex: 'female',
            family_name: `Han${i}`,
            birth_date: `1990-01-0${i + 1}`,
          }),
        ),
      ].join('\n');
      const first = await importPersonLists(db, sealer, [csvTextInput('r.csv', text)], {
        worker,
        batchRows: 2,
      });
      expect(first).toMatchObject({ inserted: 7, updated: 0, worker });
      const before = await ids();
      const exported = await exportCsv(db);
      const again = await importPersonLists(db, sealer, [csvTextInput('r.csv', text)], {
        worker,
        batchRows: 2,
      });
      expect(again).toMatchObject({ rowsRead: 7, inserted: 0, updated: 7, worker });
      expect(await personCount(db)).toBe(7);
      expect(await ids()).toEqual(before);
      expect(await exportCsv(db)).toBe(exported);
      // Each record stored once, with one blind name key of its own.
      const keys = await db.query<{ n: number; k: number }>(
        'SELECT count(*) AS n, count(DISTINCT name_key) AS k FROM persons',
      );
      expect(keys.rows[0]).toEqual({ n: 7, k: 7 });
    });

    it('a bad row after new and re-imported records were loaded leaves the store as it was', async () => {
      await importPersonLists(db, sealer, [csvTextInput('good.csv', GOOD)], {
        source: 'list2',
        worker,
      });
      const before = await exportCsv(db);
      const beforeIds = await ids();
      const runs = await db.query<{ n: number }>('SELECT count(*) AS n FROM import_runs');
      const text = [
        HEADER,
        // Stored records, changed: these go through the staging table.
        row({ record_id: 'A-001', source: 'list1', sex: 'male', family_name: 'Changed' }),
        row({ record_id: 'A-002', source: 'list1', sex: 'male', event_year: '2001' }),
        row({ record_id: 'A-004', source: 'list2', sex: 'male' }),
        // New records of a stored source and of a new one: straight into persons.
        ...Array.from({ length: 6 }, (_, i) =>
          row({ record_id: `W-${i}`, source: i % 2 ? 'list1' : 'fresh', sex: 'female' }),
        ),
        row({ record_id: 'A-003', source: 'list1', sex: 'unknown', birth_year: '1999' }),
        row({ record_id: 'W-9', source: 'fresh', sex: 'female', birth_date: '2001-02-29' }),
      ].join('\n');
      const err = await expectRejected(
        importPersonLists(db, sealer, [csvTextInput('late.csv', text)], { worker, batchRows: 2 }),
      );
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).issues.map((i) => [i.line, i.field])).toEqual([
        [12, 'birth_date'],
      ]);
      expect(await ids()).toEqual(beforeIds);
      expect(await exportCsv(db)).toBe(before);
      const sources = await db.query<{ id: string }>('SELECT id FROM sources ORDER BY id');
      expect(sources.rows.map((r) => r.id)).toEqual(['list1', 'list2']);
      const after = await db.query<{ n: number }>('SELECT count(*) AS n FROM import_runs');
      expect(after.rows[0].n).toBe(runs.rows[0].n);
    });

    it('a source of another organisation in a later batch imports nothing', async () => {
      const other = keyring.sealerFor('ngo-b');
      await importPersonLists(
        db,
        other,
        [
          csvTextInput(
            'b.csv',
            [HEADER, row({ record_id: 'B-1', source: 'theirs', sex: 'female' })].join('\n'),
          ),
        ],
        { worker },
      );
      const text = [
        HEADER,
        ...Array.from({ length: 6 }, (_, i) =>
          row({ record_id: `X-${i}`, source: 'mine', sex: 'female', family_name: 'Han' }),
        ),
        row({ record_id: 'X-9', source: 'theirs', sex: 'female' }),
        row({ record_id: 'X-10', source: 'mine', sex: 'female' }),
      ].join('\n');
      const err = await expectRejected(
        importPersonLists(db, sealer, [csvTextInput('f.csv', text)], { worker, batchRows: 2 }),
      );
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err.message).toMatch(/source: this source belongs to another organisation/);
      const left = await db.query<{ source_id: string; record_id: string }>(
        'SELECT source_id, record_id FROM persons',
      );
      expect(left.rows).toEqual([{ source_id: 'theirs', record_id: 'B-1' }]);
      const sources = await db.query<{ id: string }>('SELECT id FROM sources ORDER BY id');
      expect(sources.rows.map((r) => r.id)).toEqual(['theirs']);
    });

    it('records every sealed record as written with the sealer it was given', async () => {
      const events: AuditEvent[] = [];
      const audited = new AuditedSealer(sealer, {
        actor: 'user:test',
        purpose: 'case_management',
        readScope: null,
        canWrite: true,
        append: async (e) => events.push(...e),
      });
      const report = await importPersonLists(db, audited, [csvTextInput('good.csv', GOOD)], {
        source: 'list2',
        worker,
      });
      expect(report.inserted).toBe(4);
      await audited.flush();
      // A-003 holds nothing identifying: no vault, nothing sealed.
      expect(events.map((e) => [e.action, e.record, e.fields]).sort()).toEqual([
        ['record.write', 'persons:list1/A-001', ['vault']],
        ['record.write', 'persons:list1/A-002', ['vault']],
        ['record.write', 'persons:list2/A-004', ['vault']],
      ]);
      const reader = new AuditedSealer(sealer, {
        actor: 'user:test',
        purpose: 'case_management',
        readScope: null,
        canWrite: false,
        append: async () => undefined,
      });
      await expect(
        importPersonLists(db, reader, [csvTextInput('good.csv', GOOD)], {
          source: 'list2',
          worker,
        }),
      ).rejects.toThrow(/may not write/);
    });
  });

  it("a worker thread stores what this thread stores, sealed with the organisation's keys", async () => {
    const text = [
      GOOD,
      'A-005,list1,박,영희,Pak Yong Hui,female,1979,1979-11-30,010-1234-5678,"Seoul, district 3",량강도,혜산시,Changbai,延吉,2009,no,,Kim',
      'A-006,list3,Choe,,,male,,,,,,,Dandong,Harbin,,,"notes, two",',
    ].join('\n');
    const other = await backend.open();
    try {
      const here = await importPersonLists(db, sealer, [csvTextInput('w.csv', text)], {
        source: 'list2',
        worker: false,
        batchRows: 2,
      });
      const there = await importPersonLists(other, sealer, [csvTextInput('w.csv', text)], {
        source: 'list2',
        worker: true,
        batchRows: 2,
      });
      expect(here.worker).toBe(false);
      expect(there.worker).toBe(true);
      const strip = ({ importRunId: _, worker: __, ...rest }: typeof here) => rest;
      expect(strip(there)).toEqual(strip(here));

      type Row = Record<string, unknown> & { source_id: string; record_id: string };
      const stored = async (store: Db) =>
        (await store.query<Row>('SELECT * FROM persons ORDER BY source_id, record_id')).rows;
      const a = await stored(db);
      const b = await stored(other);
      expect(a.length).toBe(6);
      const plain = (r: Row) =>
        Object.fromEntries(
          Object.entries(r).filter(([k]) => k !== 'id' && k !== 'vault' && !k.endsWith('_at')),
        );
      expect(b.map(plain)).toEqual(a.map(plain));
      // Blind keys are the organisation's, the same on either thread.
      expect(a.filter((r) => r.name_key !== null).length).toBe(5);
      expect(a.filter((r) => r.id_number_key !== null).map((r) => r.record_id)).toEqual([
        'A-001',
        'A-005',
      ]);

      // Vaults differ in their bytes (fresh IVs) and open to the same content with the
      // organisation's keys, bound to their record; another organisation's keys open none.
      const stranger = keyring.sealerFor('ngo-b');
      const fresh = createKeyring({ organisations: ['ngo-a'] }).sealerFor('ngo-a');
      for (let i = 0; i < a.length; i++) {
        const key = `${a[i].source_id}/${a[i].record_id}`;
        const va = a[i].vault as Uint8Array | null;
        const vb = b[i].vault as Uint8Array | null;
        expect(vb === null).toBe(va === null);
        if (!va || !vb) continue;
        expect(Buffer.from(vb).equals(Buffer.from(va))).toBe(false);
        const opened = sealer.open('persons', key, 'vault', vb);
        expect(opened).toBe(sealer.open('persons', key, 'vault', va));
        expect(opened).not.toBe('');
        expect(() => stranger.open('persons', key, 'vault', vb)).toThrow();
        expect(() => fresh.open('persons', key, 'vault', vb)).toThrow();
        expect(() => sealer.open('persons', `${key}x`, 'vault', vb)).toThrow();
      }
      expect(a.find((r) => r.record_id === 'A-003')!.vault).toBeNull();
      expect(await exportCsv(other)).toBe(await exportCsv(db));
    } finally {
      await other.close();
    }
  });

  it('chooses a worker thread only where it pays', async () => {
    // Below WORKER_FROM_BYTES, 'auto' stays on this thread; true forces the worker.
    const small = await importPersonLists(db, sealer, [csvTextInput('a.csv', GOOD)], {
      source: 'list2',
    });
    expect(small.worker).toBe(false);
    const auto = await importPersonLists(db, sealer, [csvTextInput('a.csv', GOOD)], {
      source: 'list2',
      worker: 'auto',
    });
    expect(auto).toMatchObject({ worker: false, updated: 4 });
    // A place lookup of the caller's own cannot go to a worker, even when asked for one.
    const custom = await importPersonLists(db, sealer, [csvTextInput('a.csv', GOOD)], {
      source: 'list2',
      worker: true,
      lookupPlace: () => undefined,
    });
    expect(custom.worker).toBe(false);
    const ids = await db.query<{ home_province_id: string | null }>(
      "SELECT home_province_id FROM persons WHERE record_id = 'A-001'",
    );
    expect(ids.rows[0].home_province_id).toBeNull();
    const forced = await importPersonLists(db, sealer, [csvTextInput('a.csv', GOOD)], {
      source: 'list2',
      worker: true,
    });
    expect(forced).toMatchObject({ worker: true, updated: 4 });
  });

  it('reads CSV files from disk, with a UTF-8 byte order mark and CRLF line ends', async () => {
    const file = path.join(tmp(), 'bom.csv');
    writeFileSync(file, '\ufeff' + GOOD.replace(/\n(?=[A-Z])/g, '\r\n'));
    const report = await importPersonLists(db, sealer, [readCsvFile(file)], { source: 'list2' });
    expect(report.inserted).toBe(4);
    expect(await exportCsv(db)).toContain('"said ""yes""\nthen left"');
  });
});
