import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileLinkageRepository } from './repository';
import { tableFromRows } from './records';
import { linkRecords, type LinkageResult } from './run';
import { defaultSettings } from './settings';
import type { RecordTable } from './records';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * Eight women, each written down by two or three organisations in different scripts, plus
 * namesakes; enough pairs for training. Entity = the letter before the dash of record_id.
 */
function population(): RecordTable {
  const rows = [
    ['A-1', 'hn', '김', '영희', '1990', '함경북도', '무산군', '연길시', '2010'],
    ['A-2', 'sb', 'Kim', 'Younghee', '1990', 'North Hamgyong', 'Musan', 'Yanji', '2010'],
    ['A-3', 'dr', '金', '英姬', '1991', '咸镜北道', '茂山郡', '延吉市', '2010'],
    ['B-1', 'hn', '리', '순옥', '1985', '량강도', '혜산시', '장백조선족자치현', '2008'],
    ['B-2', 'sb', 'Lee', 'Soon-ok', '1985', 'Ryanggang', 'Hyesan', 'Changbai', '2008'],
    ['C-1', 'hn', '박', '정숙', '1979', '함경북도', '회령시', '도문시', '2005'],
    ['C-2', 'dr', 'Pak', 'Chong-suk', '1979', 'North Hamgyong', 'Hoeryong', 'Tumen', '2005'],
    ['C-3', 'sb', 'Park', 'Jungsook', '1980', '', 'Hoeryong', 'Tumen', '2005'],
    ['D-1', 'hn', '최', '금화', '1995', '함경남도', '함흥시', '심양시', '2015'],
    ['D-2', 'sb', 'Choe', 'Kum-hwa', '1995', 'South Hamgyong', 'Hamhung', 'Shenyang', '2015'],
    ['E-1', 'hn', '정', '옥순', '1988', '자강도', '만포시', '단동시', '2012'],
    ['E-2', 'dr', 'Jung', 'Oksoon', '1988', 'Chagang', 'Manpo', 'Dandong', '2012'],
    ['F-1', 'hn', '김', '영희', '1972', '평안북도', '신의주시', '상해시', '1999'],
    ['F-2', 'dr', 'Kim', 'Yong-hui', '1972', 'North Pyongan', 'Sinuiju', 'Shanghai', '1999'],
    ['G-1', 'hn', '한', '미란', '1993', '함경북도', '청진시', '훈춘시', '2016'],
    ['G-2', 'sb', 'Han', 'Miran', '1993', 'North Hamgyong', 'Chongjin', 'Hunchun', '2016'],
    ['H-1', 'hn', '윤', '설주', '1983', '량강도', '삼지연군', '통화시', '2004'],
    ['H-2', 'dr', 'Yun', 'Sol-ju', '1983', 'Ryanggang', 'Samjiyon', 'Tonghua', '2004'],
  ];
  return tableFromRows(
    rows.map(
      ([
        record_id,
        source,
        family_name,
        given_name,
        birth_year,
        home_province,
        home_county,
        place_in_china,
        event_year,
      ]) => ({
        record_id,
        source,
        family_name,
        given_name,
        birth_year,
        home_province,
        home_county,
        place_in_china,
        event_year,
      }),
    ),
  );
}

function indexOf(table: RecordTable, id: string): number {
  return table.recordIds.indexOf(id);
}

function sameCluster(result: LinkageResult, a: string, b: string): boolean {
  const { clusterOf } = result.clustering;
  return clusterOf[indexOf(result.table, a)] === clusterOf[indexOf(result.table, b)];
}

const settings = defaultSettings({
  training: {
    uSamplePairs: 2000,
    emRules: [['family', 'given']],
    deterministicRules: [['family', 'given', 'birth_year']],
  },
});

describe('linkRecords', () => {
  it('links each woman across scripts and keeps namesakes apart', async () => {
    const result = await linkRecords(population(), { settings, seed: 3 });
    expect(sameCluster(result, 'A-1', 'A-2')).toBe(true);
    expect(sameCluster(result, 'A-1', 'A-3')).toBe(true);
    expect(sameCluster(result, 'B-1', 'B-2')).toBe(true);
    expect(sameCluster(result, 'C-1', 'C-2')).toBe(true);
    expect(sameCluster(result, 'D-1', 'D-2')).toBe(true);
    // Same name, other birth year, home and place: another woman.
    expect(sameCluster(result, 'A-1', 'F-1')).toBe(false);
    expect(result.settings.prior).toBeGreaterThan(0);
    expect(result.settings.comparisons.every((c) => c.m && c.u)).toBe(true);
  });

  it('explains every weight field by field, adding up to the match weight', async () => {
    const result = await linkRecords(population(), { settings, seed: 3 });
    const e = result.model.explain(indexOf(result.table, 'A-1'), indexOf(result.table, 'A-2'));
    const sum =
      e.priorWeight + e.fields.reduce((s, f) => s + f.log2BayesFactor + f.tfAdjustment, 0);
    expect(e.matchWeight).toBeCloseTo(sum, 9);
    expect(e.matchWeight).toBeCloseTo(
      result.model.matchWeight(indexOf(result.table, 'A-1'), indexOf(result.table, 'A-2')),
      9,
    );
    // The scoring loop (weights cached per pattern, tf per record) agrees with a fresh comparison.
    for (let p = 0; p < result.pairs.count; p++) {
      expect(result.pairs.weight[p]).toBeCloseTo(
        result.model.matchWeight(result.pairs.left[p], result.pairs.right[p]),
        9,
      );
    }
    expect(result.pairs.count).toBeGreaterThan(5);
    const family = e.fields.find((f) => f.comparison === 'family_name');
    expect(family?.level).toBe('exact');
    const given = e.fields.find((f) => f.comparison === 'given_name');
    expect(given?.level).toBe('variant');
    const id = e.fields.find((f) => f.comparison === 'id_number');
    expect(id).toEqual({
      comparison: 'id_number',
      level: 'missing',
      log2BayesFactor: 0,
      tfAdjustment: 0,
    });
  });

  it('weighs agreement on a common surname less than on a rare one', async () => {
    const result = await linkRecords(population(), { settings, seed: 3 });
    const kim = result.model.explain(indexOf(result.table, 'A-1'), indexOf(result.table, 'A-2'));
    const yun = result.model.explain(indexOf(result.table, 'H-1'), indexOf(result.table, 'H-2'));
    const tf = (e: typeof kim) =>
      e.fields.find((f) => f.comparison === 'family_name')?.tfAdjustment ?? 0;
    expect(tf(kim)).toBeLessThan(tf(yun));
  });

  it('is reproducible from its seed', async () => {
    const a = await linkRecords(population(), { settings, seed: 5 });
    const b = await linkRecords(population(), { settings, seed: 5 });
    expect(a.settings).toEqual(b.settings);
    expect(Array.from(a.clustering.clusterOf)).toEqual(Array.from(b.clustering.clusterOf));
  });

  it('reuses trained settings without training again', async () => {
    const trained = await linkRecords(population(), { settings, seed: 3 });
    const again = await linkRecords(population(), { settings: trained.settings });
    expect(again.training).toBeUndefined();
    expect(Array.from(again.clustering.clusterOf)).toEqual(
      Array.from(trained.clustering.clusterOf),
    );
  });
});

describe('human decisions', () => {
  it('override the model in later runs, and a later decision reverses an earlier one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jayu-linkage-'));
    dirs.push(dir);
    const repository = new FileLinkageRepository(dir);
    const table = population();
    const first = await linkRecords(table, {
      settings,
      seed: 3,
      decisions: await repository.decisions(),
    });
    expect(sameCluster(first, 'A-1', 'A-2')).toBe(true);
    expect(sameCluster(first, 'E-1', 'G-1')).toBe(false);

    await repository.recordDecision({
      left: { source: 'hn', recordId: 'A-1' },
      right: { source: 'sb', recordId: 'A-2' },
      verdict: 'not_same',
      by: 'reviewer-1',
      why: 'different mothers named in the testimonies',
      at: '2026-01-01T10:00:00.000Z',
    });
    await repository.recordDecision({
      left: { source: 'hn', recordId: 'E-1' },
      right: { source: 'hn', recordId: 'G-1' },
      verdict: 'same',
      by: 'reviewer-2',
      at: '2026-01-01T10:05:00.000Z',
    });
    const second = await linkRecords(population(), {
      settings,
      seed: 3,
      decisions: await repository.decisions(),
    });
    expect(sameCluster(second, 'A-1', 'A-2')).toBe(false);
    expect(sameCluster(second, 'E-1', 'G-1')).toBe(true);
    expect(second.decisions.byPair.size).toBe(2);

    // The merge of E and G is undone by handing the pair back to the model.
    await repository.recordDecision({
      left: { source: 'hn', recordId: 'G-1' },
      right: { source: 'hn', recordId: 'E-1' },
      verdict: 'unsure',
      by: 'reviewer-1',
      at: '2026-01-02T09:00:00.000Z',
    });
    const third = await linkRecords(population(), {
      settings,
      seed: 3,
      decisions: await repository.decisions(),
    });
    expect(sameCluster(third, 'E-1', 'G-1')).toBe(false);
    expect(sameCluster(third, 'A-1', 'A-2')).toBe(false);
    expect((await repository.decisions()).length).toBe(3);
  });

  it('records runs with their settings, seed and results', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jayu-linkage-'));
    dirs.push(dir);
    const repository = new FileLinkageRepository(dir);
    const { runRecord } = await import('./repository');
    const result = await linkRecords(population(), { settings, seed: 11 });
    const record = runRecord(result, {
      id: 'run-1',
      startedAt: '2026-01-01T00:00:00.000Z',
      inputs: [{ name: 'x.csv' }],
    });
    await repository.saveRun(record, result);
    const runs = await repository.runs();
    expect(runs).toHaveLength(1);
    expect(runs[0].seed).toBe(11);
    expect(runs[0].settings.prior).toBe(result.settings.prior);
    expect(runs[0].counts.records).toBe(population().size);
    expect(runs[0].counts.clusters).toBe(result.clustering.clusterCount);
  });
});
