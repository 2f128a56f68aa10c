import { describe, expect, it } from 'vitest';
import { Blocker } from './blocking';
import { Features } from './features';
import { tableFromRows } from './records';
import { parseSettings, defaultSettings } from './settings';

function pairsOf(c: { left: Int32Array; right: Int32Array; count: number }): string[] {
  return Array.from({ length: c.count }, (_, p) => `${c.left[p]}-${c.right[p]}`);
}

describe('Blocker', () => {
  it('puts every form of a name in its blocks: scripts and aliases meet', () => {
    const table = tableFromRows([
      { source: 'a', record_id: '1', family_name: '김', given_name: '영희' },
      { source: 'b', record_id: '2', family_name: 'Kim', given_name: 'Younghee' },
      { source: 'c', record_id: '3', family_name: '金', given_name: '英姬' },
      {
        source: 'c',
        record_id: '4',
        family_name: 'Jin',
        given_name: 'Meihua',
        other_names: '김영희',
      },
      { source: 'c', record_id: '5', family_name: '박', given_name: '순옥' },
    ]);
    const rules = parseSettings({
      ...defaultSettings(),
      blockingRules: [{ name: 'name', keys: ['family', 'given'] }],
    }).blockingRules;
    const pairs = pairsOf(new Blocker(new Features(table), rules, false).candidates());
    expect(pairs).toEqual(['0-1', '0-2', '0-3', '1-2', '1-3', '2-3']);
  });

  it('emits each pair once however many rules find it, and only across lists when asked', () => {
    const table = tableFromRows([
      { source: 'a', record_id: '1', family_name: '김', given_name: '영희', birth_year: '1990' },
      { source: 'a', record_id: '2', family_name: '김', given_name: '영희', birth_year: '1990' },
      { source: 'b', record_id: '3', family_name: '김', given_name: '영희', birth_year: '1990' },
    ]);
    const rules = parseSettings({
      ...defaultSettings(),
      blockingRules: [
        { name: 'name', keys: ['family', 'given'] },
        { name: 'given+year', keys: ['given', 'birth_year'] },
      ],
    }).blockingRules;
    const blocker = new Blocker(new Features(table), rules, false);
    expect(pairsOf(blocker.candidates())).toEqual(['0-1', '0-2', '1-2']);
    expect(blocker.stats.map((s) => s.pairs)).toEqual([3, 3]);
    expect(pairsOf(new Blocker(new Features(table), rules, true).candidates())).toEqual([
      '0-2',
      '1-2',
    ]);
  });

  it('compares an over-sized block only within a window, nearest birth years together', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      source: 's',
      record_id: String(i),
      family_name: '김',
      given_name: '영희',
      birth_year: String(1950 + ((i * 7) % 50)),
    }));
    const rules = parseSettings({
      ...defaultSettings(),
      blockingRules: [{ name: 'name', keys: ['family', 'given'], maxBlockSize: 10, window: 3 }],
    }).blockingRules;
    const blocker = new Blocker(new Features(tableFromRows(rows)), rules, false);
    const c = blocker.candidates();
    // A window of 3 pairs each record with its next two neighbours: 49 + 48 pairs.
    expect(c.count).toBe(97);
    expect(blocker.stats[0].cappedBlocks).toBe(1);
    const year = (i: number) => Number(rows[i].birth_year);
    for (let p = 0; p < c.count; p++)
      expect(Math.abs(year(c.left[p]) - year(c.right[p]))).toBeLessThanOrEqual(2);
  });

  it('blocks a given name with its syllables swapped with the name itself', () => {
    // 경은 and Eunkyung: the skeleton of one (KYONKON) does not split back into the syllables
    // of the other (ONKYOG), so the blocks hold both orders.
    const table = tableFromRows([
      { source: 'a', record_id: '1', family_name: '홍', given_name: '경은' },
      { source: 'b', record_id: '2', family_name: 'Hong', given_name: 'Eunkyung' },
      { source: 'a', record_id: '3', family_name: '조', given_name: '은영' },
      { source: 'b', record_id: '4', family_name: 'Cho', given_name: 'Yong-un' },
      { source: 'b', record_id: '5', family_name: 'Cho', given_name: 'Sunok' },
      { source: 'a', record_id: '6', family_name: '조', given_name: '옥순' },
    ]);
    const rules = parseSettings({
      ...defaultSettings(),
      blockingRules: [{ name: 'name', keys: ['family', 'given'] }],
    }).blockingRules;
    const pairs = pairsOf(new Blocker(new Features(table), rules, false).candidates());
    expect(pairs).toEqual(['0-1', '2-3', '4-5']);
  });

  it('leaves a record out of a rule whose key it lacks', () => {
    const table = tableFromRows([
      { source: 's', record_id: '1', family_name: '김', given_name: '영희', birth_year: '' },
      { source: 's', record_id: '2', family_name: '김', given_name: '영희', birth_year: '1990' },
    ]);
    const rules = parseSettings({
      ...defaultSettings(),
      blockingRules: [{ name: 'y', keys: ['given', 'birth_year'] }],
    }).blockingRules;
    expect(new Blocker(new Features(table), rules, false).candidates().count).toBe(0);
  });
});
