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
import { linkedPersonKeys, runStoreLinkage } from '../../protect';
import {
  canaries,
  cleanUpPopulations,
  importPopulation,
  population,
  truthOf,
} from '../../protect/linkage-testing';
import { protectedFixture, type ProtectedFixture } from '../../protect/testing';
import type { Db } from '../../store/db';
import { storeBackends } from '../../store/testing';
import { synthesise } from '../../synth';
import { composeReport } from '../compose';
import { linkTables } from '../disclosure/tables';
import { hasConsent, type ReportRecord } from '../records';
import { renderHtml } from '../render-html';
import { buildReportData } from '../report-data';
import { buildTables, linkPersons } from '../statistics';
import { loadStoreInput } from './store';
import type { ReportInput } from './synth-dir';

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

/**
 * Two organisations whose lists share women, imported by each one's documenter and linked by the
 * coordinator (protect's runStoreLinkage): the report counts a woman once whichever lists she is
 * on, the coordinator's report spans both organisations and an analyst's only hers, consent is
 * still applied case by case, and nothing identifying reaches the report.
 */
// Populations are made when the suites are collected; removed when every suite is done.
afterAll(cleanUpPopulations);

describe.each(storeBackends())(
  'reports on linked lists of two organisations ($name)',
  (backend) => {
    const { dir: popDir, summary } = population(2000, 2, 33);
    const [orgA, orgB] = summary.sources;
    const truth = truthOf(popDir);
    const cases = summary.sources.flatMap((org) =>
      readFileSync(path.join(popDir, `${org}.jsonl`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Case),
    );
    const today = new Date().toISOString().slice(0, 10);
    const entityOf = (c: Case) => truth.get(`${c.source}/${c.person.recordId}`)!;
    let fx: ProtectedFixture;
    let runId: string;

    beforeAll(async () => {
      fx = await protectedFixture(await backend.open(), { organisations: summary.sources });
      await importPopulation(fx, popDir, summary);
      const run = await runStoreLinkage(await fx.loginAs('coordinator'));
      expect(run.organisations).toEqual([orgA, orgB].sort());
      runId = run.runId;
    }, 300_000);
    afterAll(async () => fx?.db.close());

    it('counts a woman on both lists once: people are the clusters of the latest run', async () => {
      const coordinator = await fx.loginAs('coordinator');
      const input = await loadStoreInput(coordinator, 'aggregate_statistics');
      const consenting = cases.filter((c) => hasConsent(c, 'aggregate_statistics', today));
      // Both organisations, every consented case of each.
      expect(input.organisations).toEqual([orgA, orgB].sort());
      expect(input.lists).toEqual(expect.arrayContaining([orgA, orgB]));
      expect(input.records.map((r) => r.caseId).sort()).toEqual(consenting.map((c) => c.id).sort());
      expect(input.withoutConsent).toBe(cases.length - consenting.length);

      // People = the run's clusters among these cases (a case outside the run counts alone).
      expect(input.linkage.method).toBe('fellegi-sunter');
      expect(input.linkage.run).toMatchObject({ id: runId, organisations: [orgA, orgB].sort() });
      const keys = (await linkedPersonKeys(coordinator))!;
      const personOf = await fx.db.query<{ id: string; person_id: string }>(
        'SELECT id, person_id FROM cases',
      );
      const keyOfCase = new Map(personOf.rows.map((r) => [r.id, keys.keys.get(r.person_id)]));
      expect(input.linkage.persons).toBe(
        new Set(consenting.map((c) => keyOfCase.get(c.id) ?? c.id)).size,
      );
      for (const r of input.records) expect(r.personKey).toBe(keyOfCase.get(r.caseId) ?? r.caseId);

      // Against the truth: many women are on both lists, and linkage finds them.
      const women = new Set(consenting.map(entityOf)).size;
      expect(consenting.length - women).toBeGreaterThan(30);
      expect(Math.abs(input.linkage.persons - women)).toBeLessThan(0.03 * women);

      // The tables count people: victims once each, the same as with the true identities.
      const period = { from: 2000, to: 2024 };
      const truthKeyed = input.records.map((r) => ({
        ...r,
        personKey: entityOf(consenting.find((c) => c.id === r.caseId)!),
      }));
      const linkedVictims = victimsIn(input.records, period);
      expect(linkedVictims).toBeLessThan(victimsIn(withoutLinkage(input.records), period));
      expect(Math.abs(linkedVictims - victimsIn(truthKeyed, period))).toBeLessThan(
        0.03 * linkedVictims,
      );
    });

    it('says in the methods which run was used; an analyst sees only her organisation and no run', async () => {
      const coordinator = await fx.loginAs('coordinator');
      const html = await reportHtml(await loadStoreInput(coordinator, 'aggregate_statistics'));
      const date = new Date().toISOString().slice(0, 10);
      expect(html).toMatch(
        new RegExp(
          `linkage run ${runId} of ${date} \\(match threshold 0?\\.[0-9]+\\), over the lists of 2 organisations`,
        ),
      );

      const analyst = await fx.loginAs(`analyst-${orgA}`);
      const own = await loadStoreInput(analyst, 'aggregate_statistics');
      expect(own.organisations).toEqual([orgA]);
      expect(new Set(own.records.map((r) => r.source))).toEqual(new Set([orgA]));
      expect(own.lists).toEqual([orgA]);
      const ownCases = cases.filter((c) => c.organisation === orgA);
      expect(own.records.length + own.withoutConsent).toBe(ownCases.length);
      // The coordinator's run spans another organisation's lists: not hers to use.
      expect(own.linkage).toMatchObject({ method: 'none', run: null });
      expect(own.linkage.persons).toBe(own.records.length);
      expect(await reportHtml(own)).toContain(
        'No record linkage run exists in the store for these lists yet',
      );

      // Record-level exports need more than statistics: the coordinator may not make them.
      await expect(
        loadStoreInput(coordinator, 'aggregate_statistics', { recordLevel: true }),
      ).rejects.toThrow(/permission denied/);
      await expect(
        loadStoreInput(analyst, 'aggregate_statistics', { recordLevel: true }),
      ).resolves.toBeDefined();
      // A run that is not the session's to read is not found.
      await expect(
        loadStoreInput(analyst, 'aggregate_statistics', { linkageRunId: runId }),
      ).rejects.toThrow(/no linkage run/);
    });

    it('withdrawn consent still removes a record, and the woman once none of her records is left', async () => {
      const coordinator = await fx.loginAs('coordinator');
      const before = await loadStoreInput(coordinator, 'aggregate_statistics');
      const byPerson = new Map<string, typeof before.records>();
      for (const r of before.records)
        byPerson.set(r.personKey, [...(byPerson.get(r.personKey) ?? []), r]);
      // A woman on both organisations' lists.
      const both = [...byPerson.values()].find(
        (rs) => rs.length === 2 && new Set(rs.map((r) => r.source)).size === 2,
      )!;
      expect(both).toBeDefined();
      const withdraw = async (caseId: string) => {
        const org = cases.find((c) => c.id === caseId)!.organisation;
        const documenter = await fx.loginAs(`documenter-${org}`);
        await documenter.recordConsent(
          { caseId },
          { purpose: 'aggregate_statistics', granted: true, withdrawnOn: today },
        );
      };
      await withdraw(both[0].caseId);
      const one = await loadStoreInput(coordinator, 'aggregate_statistics');
      expect(one.records).toHaveLength(before.records.length - 1);
      expect(one.records.some((r) => r.caseId === both[0].caseId)).toBe(false);
      // Her other record keeps her in the count.
      expect(one.linkage.persons).toBe(before.linkage.persons);
      await withdraw(both[1].caseId);
      const none = await loadStoreInput(coordinator, 'aggregate_statistics');
      expect(none.records).toHaveLength(before.records.length - 2);
      expect(none.linkage.persons).toBe(before.linkage.persons - 1);
      expect(none.records.some((r) => r.personKey === both[0].personKey)).toBe(false);
    });

    it('lets no name, birth date, id number, address or cluster key into the report', async () => {
      const coordinator = await fx.loginAs('coordinator');
      const input = await loadStoreInput(coordinator, 'aggregate_statistics');
      const html = await reportHtml(input);
      const secrets = canaries(popDir, summary);
      expect(secrets.length).toBeGreaterThan(100);
      const inputText = JSON.stringify(input);
      expect(secrets.filter((s) => inputText.includes(s) || html.includes(s))).toEqual([]);
      // Positive control: the scan sees what is in the text.
      expect(html).toContain(runId);
      // Cluster keys count people; they are not published.
      const keys = new Set(input.records.map((r) => r.personKey));
      expect([...keys].filter((k) => html.includes(k))).toEqual([]);
    });
  },
);

const victimsIn = (records: ReportRecord[], period: { from: number; to: number }) =>
  linkTables(
    buildTables(linkPersons(records), period).tables.filter((t) => t.spec.id === 'victims_year'),
  ).cells.get('victim|')!.value;

const withoutLinkage = (records: ReportRecord[]) =>
  records.map((r) => ({ ...r, personKey: r.caseId }));

/** The UN report (English HTML, short chains) of a store input. */
async function reportHtml(input: ReportInput): Promise<string> {
  const data = buildReportData(input, {
    period: { from: 2000, to: 2024 },
    estimate: { seed: 1, lcmcr: { burnin: 200, samples: 100, thinning: 2 } },
  });
  return renderHtml(composeReport(data, 'en'), 'en');
}
