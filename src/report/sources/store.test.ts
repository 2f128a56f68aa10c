/**
 * Reports read from the protected store: only through a session allowed to read statistics, only
 * cases with consent for the purpose, and a withdrawal of consent takes the person out of the next
 * report. Runs on both store backends with real protection (keys, users, audit).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseTextInput, importCases } from '../../ingest';
import type { Case } from '../../model/types';
import { protectedFixture, type ProtectedFixture } from '../../protect/testing';
import type { Db } from '../../store/db';
import { storeBackends } from '../../store/testing';
import { synthesise } from '../../synth';
import { linkTables } from '../disclosure/tables';
import { buildTables, linkPersons } from '../statistics';
import { loadStoreInput } from './store';

const ORG = 'haneul';
let dir: string;
let lines: string[];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jayu-report-store-'));
  synthesise({ people: 1500, sources: 2, seed: 21, out: dir, hidden: false });
  lines = readFileSync(path.join(dir, 'cases.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l && (JSON.parse(l) as Case).organisation === ORG);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const period = { from: 2005, to: 2024 };
const victims = (records: Awaited<ReturnType<typeof loadStoreInput>>['records']) =>
  linkTables(
    buildTables(linkPersons(records), period).tables.filter((t) => t.spec.id === 'victims_year'),
  ).cells.get('victim|')!.value;

describe.each(storeBackends())('report input from the store ($name)', (backend) => {
  let db: Db;
  let fx: ProtectedFixture;

  beforeAll(async () => {
    db = await backend.open();
    fx = await protectedFixture(db, { organisations: [ORG] });
    const documenter = await fx.loginAs(`documenter-${ORG}`);
    const sealer = await documenter.sealerFor(ORG, { purpose: 'case_management', write: true });
    const report = await importCases(db, sealer, [
      caseTextInput('haneul cases', lines.join('\n'), true),
    ]);
    await sealer.flush();
    expect(report.inserted).toBe(lines.length);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('reads only consented cases of the analyst’s organisation, and nothing identifying', async () => {
    const analyst = await fx.loginAs(`analyst-${ORG}`);
    const input = await loadStoreInput(analyst, 'un_reporting');
    const consenting = lines
      .map((l) => JSON.parse(l) as Case)
      .filter((c) => c.consent.purposes.includes('un_reporting'));
    expect(input.records.map((r) => r.caseId).sort()).toEqual(consenting.map((c) => c.id).sort());
    expect(input.withoutConsent).toBe(lines.length - consenting.length);
    expect(input.withoutConsent).toBeGreaterThan(0);
    const text = JSON.stringify(input);
    for (const c of consenting.slice(0, 50)) {
      if (c.person.idNumber) expect(text).not.toContain(c.person.idNumber);
      if (c.person.birthDate) expect(text).not.toContain(c.person.birthDate);
      if (c.person.names.familyName && c.person.names.givenName)
        expect(text).not.toContain(`${c.person.names.familyName}${c.person.names.givenName}`);
    }
  });

  it('takes a person out of the next report when she withdraws consent', async () => {
    const analyst = await fx.loginAs(`analyst-${ORG}`);
    const before = await loadStoreInput(analyst, 'un_reporting');
    const her = before.records.find(
      (r) => r.crossingYear !== null && r.crossingYear >= period.from && r.acts.length > 0,
    )!;
    expect(her).toBeDefined();
    const documenter = await fx.loginAs(`documenter-${ORG}`);
    await documenter.recordConsent(
      { caseId: her.caseId },
      {
        purpose: 'un_reporting',
        granted: true,
        withdrawnOn: new Date().toISOString().slice(0, 10),
      },
    );
    const after = await loadStoreInput(analyst, 'un_reporting');
    expect(after.records.some((r) => r.caseId === her.caseId)).toBe(false);
    expect(after.records).toHaveLength(before.records.length - 1);
    expect(after.withoutConsent).toBe(before.withoutConsent + 1);
    expect(victims(after.records)).toBe(victims(before.records) - 1);
    // Consent for other purposes is untouched: she still counts for aggregate statistics.
    const stats = await loadStoreInput(analyst, 'aggregate_statistics');
    expect(stats.records.some((r) => r.caseId === her.caseId)).toBe(true);
  });

  it('refuses a session that may not read statistics, and purposes other than reporting', async () => {
    const admin = await fx.loginAs('admin');
    await expect(loadStoreInput(admin, 'un_reporting')).rejects.toThrow();
    const analyst = await fx.loginAs(`analyst-${ORG}`);
    await expect(loadStoreInput(analyst, 'case_management' as 'un_reporting')).rejects.toThrow(
      /un_reporting or aggregate_statistics/,
    );
  });
});
