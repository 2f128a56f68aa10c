import { describe, expect, it } from 'vitest';
import { withinOneEdit } from './compare/edit';
import { jaro, jaroWinkler } from './compare/jaro-winkler';
import { makeComparator, nameLevel, PairCache } from './comparisons';
import { Features, normaliseIdentifier, orderNameParts, parseBirthDate } from './features';
import { givenNameKeys, surnameKeys } from './names/keys';
import { crossingOf } from './places';
import { tableFromRows } from './records';
import { defaultSettings, levelLabels, type ComparisonSpec } from './settings';

describe('string similarity', () => {
  it('gives the textbook Jaro-Winkler values', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('', 'A')).toBe(0);
    expect(jaroWinkler('ABC', 'ABC')).toBe(1);
    const long = 'x'.repeat(40);
    expect(jaroWinkler(long, `${long}y`)).toBeGreaterThan(0.99);
  });

  it('tells strings one edit apart', () => {
    expect(withinOneEdit('KIM', 'KIN')).toBe(true);
    expect(withinOneEdit('KIM', 'IKM')).toBe(true);
    expect(withinOneEdit('KIM', 'KIMM')).toBe(true);
    expect(withinOneEdit('KIM', 'KM')).toBe(true);
    expect(withinOneEdit('KIM', 'PAK')).toBe(false);
    expect(withinOneEdit('19900304', '19900403')).toBe(false);
  });

  it('caches a symmetric function of two codes', () => {
    const cache = new PairCache(4);
    let calls = 0;
    const f = (a: number, b: number) => {
      calls++;
      return a * 100 + b;
    };
    expect(cache.get(3, 9, f)).toBe(309);
    expect(cache.get(9, 3, f)).toBe(309);
    expect(calls).toBe(1);
    for (let k = 1; k < 200; k++) cache.get(k, k + 1, f);
    expect(cache.get(5, 6, f)).toBe(506);
  });
});

describe('name levels', () => {
  const levels = (defaultSettings().comparisons[1] as Extract<ComparisonSpec, { kind: 'name' }>)
    .levels;
  const label = (i: number) => levelLabels(defaultSettings().comparisons[1])[i];
  it.each([
    ['영희', '영희', 'exact'],
    ['Younghee', '영희', 'variant'],
    ['英姬', 'Yeong-hui', 'variant'],
    ['Yingji', '영희', 'variant'],
    ['희영', 'Younghee', 'swapped'],
    ['Younghee', 'Younhee', 'jw>=0.92'],
    ['영희', '영애', 'jw>=0.7'],
    ['영희', '순옥', 'else'],
  ])('%s / %s: %s', (a, b, expected) => {
    expect(label(nameLevel(levels, givenNameKeys(a), givenNameKeys(b)))).toBe(expected);
  });

  it('has a level for one typing error when the settings ask for it', () => {
    const withTypo = [{ type: 'exact' }, { type: 'variant' }, { type: 'one_edit' }] as const;
    expect(nameLevel([...withTypo], givenNameKeys('Younghee'), givenNameKeys('Younhee'))).toBe(2);
    expect(nameLevel([...withTypo], givenNameKeys('영희'), givenNameKeys('영휘'))).toBe(2);
    expect(nameLevel([...withTypo], givenNameKeys('영희'), givenNameKeys('순옥'))).toBe(3);
  });

  it('treats every spelling of a surname as exact', () => {
    const family = (defaultSettings().comparisons[0] as Extract<ComparisonSpec, { kind: 'name' }>)
      .levels;
    for (const [a, b] of [
      ['Lee', '리'],
      ['Rhee', 'Yi'],
      ['Park', '朴'],
      ['Piao', 'Pak'],
      ['Choi', '崔'],
    ]) {
      expect([a, b, nameLevel(family, surnameKeys(a), surnameKeys(b))]).toEqual([a, b, 0]);
    }
  });
});

describe('comparators on records', () => {
  const table = tableFromRows([
    {
      source: 's',
      record_id: '1',
      family_name: '김',
      given_name: '영희',
      id_number: '010-1234-5678',
      birth_date: '1990-03-04',
      crossing_place: 'Musan',
    },
    {
      source: 's',
      record_id: '2',
      family_name: 'Kim',
      given_name: 'Younghee',
      id_number: '+86 138 1234 5678',
      birth_date: '1990-04-03',
      crossing_place: '南坪镇',
    },
    {
      source: 's',
      record_id: '3',
      family_name: '',
      given_name: '',
      id_number: '010 1234 5679',
      birth_date: '1991',
      crossing_place: '',
    },
  ]);
  const features = new Features(table);
  const spec = (name: string) =>
    defaultSettings().comparisons.find((c) => c.name === name) as ComparisonSpec;

  it('says nothing (-1) when a value is missing', () => {
    const family = makeComparator(spec('family_name'), features);
    expect(family.level(0, 2)).toBe(-1);
    expect(family.level(0, 1)).toBe(0);
  });

  it('compares identifiers of one kind only', () => {
    const id = makeComparator(spec('id_number'), features);
    expect(id.level(0, 1)).toBe(-1); // a Korean phone and a Chinese phone
    expect(levelLabels(spec('id_number'))[id.level(0, 2)]).toBe('one_edit');
  });

  it('sees dates with day and month swapped as near, and years within their levels', () => {
    const birth = makeComparator(spec('birth'), features);
    expect(levelLabels(spec('birth'))[birth.level(0, 1)]).toBe('date_near');
    expect(levelLabels(spec('birth'))[birth.level(0, 2)]).toBe('year±1');
  });

  it('takes either bank of a border crossing as the same crossing', () => {
    const crossing = makeComparator(spec('crossing_place'), features);
    expect(crossing.level(0, 1)).toBe(0);
    expect(crossingOf('kp-hamn-musan')).toBe(crossingOf('cn-jl-yanbian-helong-nanping'));
    expect(crossingOf('kp-hamn-saeppyol')).toBe(crossingOf('kp-rason'));
  });

  it('fills levels in bulk exactly as pair by pair', () => {
    const family = makeComparator(spec('given_name'), features);
    const out = new Int8Array(3);
    family.fill(Int32Array.from([0, 0, 1]), Int32Array.from([1, 2, 2]), 0, 3, out);
    expect(Array.from(out)).toEqual([family.level(0, 1), family.level(0, 2), family.level(1, 2)]);
  });
});

describe('record features', () => {
  it('parses birth dates in the usual forms', () => {
    expect(parseBirthDate('1990-3-4')).toEqual({ year: 1990, full: '19900304' });
    expect(parseBirthDate('19900304')).toEqual({ year: 1990, full: '19900304' });
    expect(parseBirthDate('1990')).toEqual({ year: 1990, full: '' });
    expect(parseBirthDate('March 1990')).toBeUndefined();
  });

  it('normalises identifiers by kind', () => {
    expect(normaliseIdentifier('880421-2002238')).toBe('rrn:8804212002238');
    expect(normaliseIdentifier('+86 139 7253 8930')).toBe('cn-phone:13972538930');
    expect(normaliseIdentifier('010-4392-7570')).toBe('kr-phone:01043927570');
    expect(normaliseIdentifier('+82 10-4392-7570')).toBe('kr-phone:01043927570');
    expect(normaliseIdentifier('ab 12')).toBe('id:AB12');
  });

  it('puts names written in the wrong columns right', () => {
    expect(orderNameParts('', '김정애')).toEqual({ family: '김', given: '정애' });
    expect(orderNameParts('Hyeon-ok', 'Gim')).toEqual({ family: 'Gim', given: 'Hyeon-ok' });
    expect(orderNameParts('Sulhye', 'Lee', true)).toEqual({ family: 'Lee', given: 'Sulhye' });
    // In a list of English names, Waller|Ann is a surname and a given name.
    expect(orderNameParts('Waller', 'Ann')).toEqual({ family: 'Waller', given: 'Ann' });
  });
});
