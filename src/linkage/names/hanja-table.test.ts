import { describe, expect, it } from 'vitest';
import { GIVEN_SYLLABLES } from '../../model/names';
import { HANJA_READINGS, hanjaReading } from './hanja-table';
import { givenNameKeys, surnameKeys } from './keys';

describe('Korean readings of given-name characters', () => {
  it.each([
    ['英', '영'],
    ['姬', '희'],
    ['順', '순'],
    ['顺', '순'],
    ['貞', '정'],
    ['贞', '정'],
    ['愛', '애'],
    ['爱', '애'],
    ['龍', '룡'],
    ['龙', '룡'],
    ['蓮', '련'],
    ['莲', '련'],
    ['玉', '옥'],
    ['淑', '숙'],
    ['金', '금'],
    ['女', '녀'],
    ['華', '화'],
    ['华', '화'],
  ])('%s reads %s', (character, reading) => {
    expect(hanjaReading(character)).toBe(reading);
  });

  it('reads a compatibility ideograph as its unified form', () => {
    // U+F9E1 is the Korean compatibility form of 李.
    expect(hanjaReading('\uf9e1')).toBe('리');
  });

  it('gives each character one reading', () => {
    const seen = new Map<string, string>();
    const conflicts: string[] = [];
    for (const { character, reading } of HANJA_READINGS) {
      const before = seen.get(character);
      if (before && before !== reading) conflicts.push(`${character}:${before}/${reading}`);
      seen.set(character, reading);
    }
    expect(conflicts).toEqual([]);
    expect(seen.size).toBeGreaterThan(600);
  });

  it('agrees with every given-name syllable of src/model/names, traditional and simplified', () => {
    for (const s of GIVEN_SYLLABLES) {
      expect([s.hanja, hanjaReading(s.hanja)]).toEqual([s.hanja, s.reading]);
      expect([s.simplified, hanjaReading(s.simplified)]).toEqual([s.simplified, s.reading]);
    }
  });
});

describe('names written in characters', () => {
  it('reads 金英姬 and its simplified form as 김영희', () => {
    expect(surnameKeys('金').hangul).toEqual(['김']);
    expect(givenNameKeys('英姬').hangul).toEqual(['영희']);
    expect(surnameKeys('鄭').hangul).toEqual(['정']);
    expect(surnameKeys('郑').hangul).toEqual(['정']);
    expect(givenNameKeys('順玉').hangul).toEqual(['순옥']);
    expect(givenNameKeys('顺玉').hangul).toEqual(['순옥']);
  });

  it('applies the initial-sound law to a reading that opens the name', () => {
    expect(surnameKeys('李').hangul).toEqual(['이']);
    expect(surnameKeys('柳').hangul).toEqual(['유']);
    expect(givenNameKeys('蓮花').hangul).toEqual(['연화']);
    expect(givenNameKeys('英蓮').hangul).toEqual(['영련']);
  });

  it('meets the Hangul and the romanised forms on the same skeleton', () => {
    const fromCharacters = givenNameKeys('英姬').skeleton;
    expect(fromCharacters).toEqual(givenNameKeys('영희').skeleton);
    expect(givenNameKeys('Younghee').skeleton).toEqual(fromCharacters);
  });
});
