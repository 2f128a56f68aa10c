import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesise } from '../../synth';
import { loadSynthDirectory } from '../sources/synth-dir';
import type { ReportRecord } from '../records';
import { linkPersons, type LinkedPerson } from '../statistics';
import { ANALYST_CSV_COLUMNS, analystCsv } from './analyst-csv';
import { CTDC_FIELDS, CTDC_MISSING, ctdcExport } from './ctdc';
import { huridocsExport } from './huridocs';
import { pseudonymiser } from './pseudonyms';

const period = { from: 2000, to: 2024 };
let dir: string;
let records: ReportRecord[];
let persons: LinkedPerson[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jayu-exports-'));
  synthesise({ people: 2500, sources: 3, seed: 8, out: dir, hidden: false });
  records = (await loadSynthDirectory(dir, { purpose: 'aggregate_statistics', linkage: 'truth' }))
    .records;
  persons = linkPersons(records);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('CTDC k-anonymised export', () => {
  it('uses CTDC field names, age bands and missing code', () => {
    const out = ctdcExport(persons);
    for (const f of [
      'yearOfRegistration',
      'gender',
      'ageBroad',
      'majorityStatus',
      'citizenship',
      'meansOfControlDebtBondage',
      'meansOfControlRestrictsMovement',
      'isSexualExploit',
      'isForcedMarriage',
      'typeOfSexProstitution',
      'CountryOfExploitation',
      'recruiterRelationUnknown',
    ]) {
      expect(CTDC_FIELDS).toContain(f);
    }
    expect(out.rows.length).toBeGreaterThan(500);
    const bands = new Set(out.rows.map((r) => r.ageBroad));
    for (const b of bands)
      expect([
        '0--8',
        '9--17',
        '18--20',
        '21--23',
        '24--26',
        '27--29',
        '30--38',
        '39--47',
        '48+',
        CTDC_MISSING,
      ]).toContain(b);
    expect(bands.has('9--17')).toBe(true);
    for (const r of out.rows) {
      expect(Object.keys(r).sort()).toEqual([...CTDC_FIELDS].sort());
      for (const f of CTDC_FIELDS.filter(
        (x) => x.startsWith('is') || x.startsWith('meansOfControl'),
      ))
        expect(['0', '1', CTDC_MISSING]).toContain(r[f]);
    }
    expect(out.rows.some((r) => r.isSexualExploit === '1')).toBe(true);
    expect(out.rows.some((r) => r.CountryOfExploitation === 'CN')).toBe(true);
  });

  it('leaves no combination of quasi-identifiers shared by fewer than k rows', () => {
    for (const k of [11, 5]) {
      const out = ctdcExport(persons, k);
      const groups = new Map<string, number>();
      for (const r of out.rows) {
        const key = [
          r.yearOfRegistration,
          r.gender,
          r.ageBroad,
          r.majorityStatus,
          r.citizenship,
          r.CountryOfExploitation,
        ].join('|');
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      for (const n of groups.values()) expect(n).toBeGreaterThanOrEqual(k);
      expect(
        out.generalised.ageBroad + out.generalised.yearOfRegistration + out.removed,
      ).toBeGreaterThan(0);
      expect(out.rows.length + out.removed).toBe(persons.length);
    }
    expect(ctdcExport(persons, 5).rows.length).toBeGreaterThanOrEqual(
      ctdcExport(persons, 11).rows.length,
    );
    expect(() => ctdcExport(persons, 4)).toThrow(/refused/);
  });
});

describe('HURIDOCS and analyst exports', () => {
  it('links acts to events and victims by pseudonymous record numbers, years and provinces only', () => {
    const out = huridocsExport(persons, period);
    const victims = new Set(out.persons.map((p) => p.person_record_number));
    const events = new Set(out.events.map((e) => e.event_record_number));
    expect(out.acts.length).toBeGreaterThan(1000);
    for (const a of out.acts) {
      expect(victims.has(a.victim_record_number)).toBe(true);
      expect(events.has(a.event_record_number)).toBe(true);
      if (a.initial_date !== null) expect(a.initial_date).toMatch(/^\d{4}$/);
    }
    const text = JSON.stringify(out);
    for (const r of records.slice(0, 200)) expect(text).not.toContain(r.caseId);
  });

  it('writes the analyst CSV with pseudonyms that do not link across exports', () => {
    const key = new Uint8Array(32).fill(7);
    const a = parse(analystCsv(persons, period, pseudonymiser(key)), { columns: true }) as Record<
      string,
      string
    >[];
    const same = parse(analystCsv(persons, period, pseudonymiser(key)), {
      columns: true,
    }) as Record<string, string>[];
    const other = parse(analystCsv(persons, period), { columns: true }) as Record<string, string>[];
    expect(Object.keys(a[0])).toEqual([...ANALYST_CSV_COLUMNS]);
    expect(same[0].person).toBe(a[0].person);
    expect(other[0].person).not.toBe(a[0].person);
    expect(new Set(a.map((r) => r.person)).size).toBeLessThan(
      new Set(a.map((r) => r.record)).size + 1,
    );
    const ids = new Set(records.map((r) => r.caseId));
    for (const r of a) {
      expect(ids.has(r.record)).toBe(false);
      expect(r.year).toMatch(/^\d{4}$/);
    }
  });
});
