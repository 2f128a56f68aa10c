import { describe, expect, it } from 'vitest';
import { withinOneEdit } from './compare/edit';
import { jaro, jaroWinkler } from './compare/jaro-winkler';
import {
  CompiledNames,
  compiledNameLevel,
  makeComparator,
  nameLevel,
  PairCache,
} from './comparisons';
import {
  birthDateOfResidentNumber,
  Features,
  normaliseIdentifier,
  orderNameParts,
  parseBirthDate,
} from './features';
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
    // Given names further apart than a typo are different names, however alike.
    ['영희', '영애', 'else'],
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

  it('computes the same levels from compiled keys as from the keys', () => {
    const names = ['영희', 'Younghee', '英姬', 'Yingji', '희영', 'Younhee', '영애', '순옥', '선옥'];
    const keys = names.map((n) => givenNameKeys(n));
    const levels = (spec('given_name') as Extract<ComparisonSpec, { kind: 'name' }>).levels;
    const compiled = new CompiledNames(keys);
    for (let a = 0; a < names.length; a++)
      for (let b = 0; b < names.length; b++)
        expect([names[a], names[b], compiledNameLevel(levels, compiled, a, b)]).toEqual([
          names[a],
          names[b],
          nameLevel(levels, keys[a], keys[b]),
        ]);
  });

  it('fills levels in bulk exactly as pair by pair', () => {
    const family = makeComparator(spec('given_name'), features);
    const out = new Int8Array(3);
    family.fill(Int32Array.from([0, 0, 1]), Int32Array.from([1, 2, 2]), 0, 3, out);
    expect(Array.from(out)).toEqual([family.level(0, 1), family.level(0, 2), family.level(1, 2)]);
  });
});

describe('levels of the default comparisons', () => {
  const spec = (name: string) =>
    defaultSettings().comparisons.find((c) => c.name === name) as ComparisonSpec;
  const levelOf = (name: string, rows: Array<Record<string, string>>, a = 0, b = 1) => {
    const table = tableFromRows(
      rows.map((r, i) => ({ source: r.source ?? 's', record_id: String(i), ...r })),
    );
    const c = makeComparator(spec(name), new Features(table));
    const level = c.level(a, b);
    return level < 0 ? 'missing' : levelLabels(spec(name))[level];
  };

  it.each([
    ['1979-04-12', '1981-04-12', '', 'day_month'],
    ['1990-03-04', '1990-07-09', '', 'dates_differ,year±1'],
    ['1990-03-04', '1995-07-09', '', 'dates_differ'],
    ['1990-03-04', '', '1990', 'same_year'],
    ['1990-03-04', '', '1992', 'year±2'],
  ])('birth %s / %s%s: %s', (a, b, yearB, expected) => {
    expect(levelOf('birth', [{ birth_date: a }, { birth_date: b, birth_year: yearB }])).toBe(
      expected,
    );
  });

  it('reads the birth date of a record without one from its resident number', () => {
    expect(birthDateOfResidentNumber('880421-2002238')).toBe('19880421');
    expect(birthDateOfResidentNumber('020704-4601864')).toBe('20020704');
    expect(birthDateOfResidentNumber('881341-2002238')).toBeUndefined();
    expect(birthDateOfResidentNumber('010-4392-7570')).toBeUndefined();
    expect(levelOf('birth', [{ birth_date: '1988-04-21' }, { id_number: '880421-2002238' }])).toBe(
      'date_exact',
    );
    // A date written in the list wins over the number's.
    expect(
      levelOf('birth', [
        { birth_date: '1987-04-21' },
        { birth_date: '1987-04-21', id_number: '880421-2002238' },
      ]),
    ).toBe('date_exact');
  });

  it('tells places written at different precision from different places', () => {
    const home = (a: Record<string, string>, b: Record<string, string>) => levelOf('home', [a, b]);
    expect(home({ home_county: 'Musan' }, { home_county: '무산군' })).toBe('same_place');
    expect(home({ home_county: 'Musan' }, { home_province: '함경북도' })).toBe('nested');
    expect(home({ home_county: 'Musan' }, { home_county: 'Hoeryong' })).toBe('same_province');
    const china = (a: string, b: string) =>
      levelOf('place_in_china', [{ place_in_china: a }, { place_in_china: b }]);
    expect(china('Yanji', '延边')).toBe('nested');
    expect(china('Yanji', 'Longjing')).toBe('same_province');
  });

  it('keeps two names written in Hangul that share a skeleton apart', () => {
    const given = (a: string, b: string) =>
      levelOf('given_name', [{ given_name: a }, { given_name: b }]);
    expect(given('Sunok', '순옥')).toBe('variant');
    expect(given('선옥', '순옥')).not.toBe('variant');
    expect(given('선옥', '순옥')).not.toBe('exact');
  });

  it('says whether two records come from one list', () => {
    expect(levelOf('list', [{ source: 'a' }, { source: 'a' }])).toBe('same_list');
    expect(levelOf('list', [{ source: 'a' }, { source: 'b' }])).toBe('else');
  });

  it('weighs agreement on a birth year or a crossing year by how common the year is', () => {
    const table = tableFromRows([
      { source: 's', record_id: '1', birth_year: '1990', event_year: '2010' },
      { source: 's', record_id: '2', birth_year: '1990', event_year: '2010' },
      { source: 's', record_id: '3', birth_year: '1990', event_year: '2010' },
      { source: 's', record_id: '4', birth_year: '1971', event_year: '2021' },
    ]);
    const features = new Features(table);
    for (const name of ['birth', 'event_year']) {
      const c = makeComparator(spec(name), features);
      const same = levelLabels(spec(name)).indexOf('same_year');
      expect([name, [...c.tfLevels]]).toEqual([name, [same]]);
      expect(c.tfFrequency(0)).toBeCloseTo(0.75);
      expect(c.tfFrequency(3)).toBeCloseTo(0.25);
    }
  });
});

describe('other names', () => {
  const table = tableFromRows([
    // Lim typed Kim beside her name in characters; a Chinese name given in China.
    {
      source: 'a',
      record_id: '1',
      family_name: 'Kim',
      given_name: 'Sun-kyeong',
      other_names: '任順京; 胡美玲',
    },
    { source: 'b', record_id: '2', family_name: '임', given_name: '순경' },
    { source: 'a', record_id: '3', family_name: '이', given_name: '영경', other_names: '李金花' },
    { source: 'b', record_id: '4', family_name: '이', given_name: '금화' },
    { source: 'b', record_id: '5', family_name: '이', given_name: '여옥', other_names: '李金花' },
  ]);
  const features = new Features(table);
  const spec = (name: string) =>
    defaultSettings().comparisons.find((c) => c.name === name) as ComparisonSpec;
  const level = (name: string, a: number, b: number) =>
    levelLabels(spec(name))[makeComparator(spec(name), features).level(a, b)];

  it('compares her own name written in another script as her name', () => {
    expect(level('family_name', 0, 1)).toBe('exact');
  });

  it('keeps a name given in China out of her name and compares it as an other name', () => {
    expect(level('given_name', 2, 3)).toBe('else');
    expect(level('other_names', 2, 4)).toBe('exact');
    // Her name in characters is not an other name: the Chinese name alone is compared.
    expect(features.aliases().start[1] - features.aliases().start[0]).toBe(1);
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
