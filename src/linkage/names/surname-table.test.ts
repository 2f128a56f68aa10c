import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../test/datasets';
import { SURNAMES, romaniseDPRK, romaniseMR, romaniseRR } from '../../model/names';
import { canonicalHangul } from './canonical';
import { surnameKeys } from './keys';
import {
  SURNAME_TABLE,
  surnamesByCharacters,
  surnamesByPinyin,
  surnamesBySkeleton,
  surnamesBySpelling,
} from './surname-table';

/** The hand-compiled variants table of the shared datasets, read as an independent oracle. */
function variantRows(): Array<{
  south: string;
  spellings: string[];
  hanja: string[];
  pinyin: string[];
}> {
  const text = readFileSync(datasetPath('linkage/korean_surname_variants.tsv'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [, south, , hanja, rr, mr, dprk, pinyin, other] = line.split('\t');
      // Items are separated by | ; /; an item with ? is unverified; brackets and prose are notes.
      const words = (s: string) =>
        s
          .split(/[|;/]/)
          .filter((item) => !item.includes('?'))
          .map((item) => item.replace(/\([^)]*\)/g, ' ').trim())
          .filter((item) => /^[A-Za-zŏŭŎŬ']+$/.test(item));
      return {
        south,
        spellings: [...words(rr), ...words(mr), ...words(dprk), ...words(other)],
        hanja: hanja.split(';').map((h) => h.trim()),
        pinyin: pinyin.split(';').map((p) => p.trim()),
      };
    });
}

describe('surname table against korean_surname_variants.tsv', () => {
  const rows = variantRows();

  it('reads the 24 rows of the variants file', () => {
    expect(rows.length).toBe(24);
  });

  it.each(rows.map((r) => [r.south, r] as const))(
    '%s: every spelling, character and pinyin',
    (_, row) => {
      // 임 (林 림 / 任 임), 유 and 양 rows name the North form in brackets; all are canonical South.
      const south = canonicalHangul(row.south.replace(/\(.*$/, '').split('/')[0]);
      for (const spelling of row.spellings) {
        expect([spelling, surnameKeys(spelling).hangul]).toEqual([
          spelling,
          expect.arrayContaining([south]),
        ]);
      }
      for (const hanja of row.hanja)
        expect([hanja, surnamesByCharacters(hanja)]).toContainEqual([south]);
      for (const pinyin of row.pinyin) {
        expect([pinyin, surnamesByPinyin(pinyin)]).toEqual([
          pinyin,
          expect.arrayContaining([south]),
        ]);
      }
    },
  );
});

describe('surname table against the surname facts of src/model/names', () => {
  it.each(SURNAMES.map((s) => [s.hanja, s] as const))('%s', (_, s) => {
    expect(surnamesByCharacters(s.hanja)).toContain(s.south);
    expect(surnamesByCharacters(s.simplified)).toContain(s.south);
    expect(surnamesByPinyin(s.pinyin)).toContain(s.south);
    const forms = [
      s.north,
      romaniseRR(s.south),
      s.mr ?? romaniseMR(s.south),
      s.mr ?? romaniseMR(s.south, { ascii: true }),
      romaniseDPRK(s.north),
      ...s.passport.map(([spelling]) => spelling),
    ];
    for (const form of forms)
      expect([form, surnameKeys(form).hangul]).toEqual([form, expect.arrayContaining([s.south])]);
  });
});

describe('surname lookups', () => {
  it('lists every candidate of an ambiguous spelling or reading, most frequent first', () => {
    expect(surnamesBySpelling('Chun')).toEqual(['전', '천']);
    expect(surnamesByPinyin('Quan')).toEqual(['권', '전']);
    expect(surnamesByPinyin('Shen')).toEqual(['신', '심']);
    expect(surnamesByPinyin('Piao')).toEqual(['박']);
    expect(surnamesByPinyin('Jin')).toContain('김');
    expect(surnamesByPinyin('Cui')).toEqual(['최']);
    expect(surnamesByPinyin('Zheng')).toEqual(['정']);
    expect(surnamesByPinyin('Li')).toEqual(['이']);
  });

  it('reads spellings case- and diacritic-insensitively', () => {
    expect(surnamesBySpelling('KWŎN')).toEqual(['권']);
    expect(surnamesBySpelling("ch'oe")).toEqual(['최']);
  });

  it('falls back to the skeleton for DPRK spellings the table does not list', () => {
    expect(surnamesBySkeleton('Thak')).toEqual(['탁']);
    expect(surnamesBySkeleton('Phyo')).toEqual(['표']);
  });

  it('keeps every South form canonical', () => {
    for (const entry of SURNAME_TABLE) expect(canonicalHangul(entry.south)).toBe(entry.south);
  });
});
