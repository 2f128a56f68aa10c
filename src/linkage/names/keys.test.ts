import { describe, expect, it } from 'vitest';
import {
  givenNameKeys,
  isEmptyKeys,
  mergeKeys,
  nearName,
  sameName,
  scriptOf,
  splitFullName,
  surnameKeys,
} from './keys';

describe('scriptOf', () => {
  it('tells Hangul, characters and Latin apart', () => {
    expect(scriptOf('김영희')).toBe('hangul');
    expect(scriptOf('金英姬')).toBe('han');
    expect(scriptOf('Kim Yŏng-hŭi')).toBe('latin');
    expect(scriptOf(' 12 ')).toBe('none');
  });
});

describe('surnameKeys', () => {
  it('resolves every script of 이 to one canonical Hangul key', () => {
    for (const form of ['이', '리', '李', 'Lee', 'Yi', 'Rhee', 'Ri', 'I', 'Li']) {
      expect([form, surnameKeys(form).primary]).toEqual([form, '이']);
    }
  });

  it('keeps a surname it does not know as its skeleton and letters', () => {
    const keys = surnameKeys('Waller');
    expect(keys.hangul).toEqual([]);
    expect(keys.literal).toEqual(['waller']);
    expect(keys.primary).toBe(keys.skeleton[0]);
  });

  it('is empty for an empty field', () => {
    expect(isEmptyKeys(surnameKeys('  '))).toBe(true);
  });
});

describe('givenNameKeys', () => {
  it('gives the swapped syllable order of a two-syllable name', () => {
    expect(givenNameKeys('희영').swapped).toEqual(givenNameKeys('영희').skeleton);
    expect(givenNameKeys('Hee-young').swapped).toEqual(givenNameKeys('Younghee').skeleton);
    expect(givenNameKeys('Heeyoung').swapped).toEqual(givenNameKeys('Younghee').skeleton);
  });

  it('guesses the Korean names behind a pinyin given name', () => {
    const keys = givenNameKeys('Yingji');
    expect(keys.guessHangul).toContain('영희');
    expect(keys.guessSkeleton).toContain(givenNameKeys('영희').skeleton[0]);
  });
});

describe('splitFullName', () => {
  it.each([
    ['김영희', '김', '영희'],
    ['金英姬', '金', '英姬'],
    ['남궁민수', '남궁', '민수'],
    ['Kim Young-hee', 'Kim', 'Young-hee'],
    ['Young-hee Kim', 'Kim', 'Young-hee'],
    ['Jin Yingji', 'Jin', 'Yingji'],
    ['Kim, Young Hee', 'Kim', ' Young Hee'],
  ])('%s', (full, family, given) => {
    expect(splitFullName(full)).toEqual({ family, given });
  });
});

describe('mergeKeys', () => {
  it('adds an alias without changing the primary key', () => {
    const keys = surnameKeys('Kim');
    mergeKeys(keys, surnameKeys('Piao'));
    expect(keys.hangul).toEqual(['김', '박']);
    expect(keys.primary).toBe('김');
  });
});

describe('sameName and nearName', () => {
  it('meet one name in any script and either syllable order', () => {
    expect(sameName(givenNameKeys('영희'), givenNameKeys('Yeong-hui'))).toBe(true);
    expect(sameName(givenNameKeys('英姬'), givenNameKeys('희영'))).toBe(true);
    expect(sameName(surnameKeys('任'), surnameKeys('Lim'))).toBe(true);
    expect(sameName(givenNameKeys('영희'), givenNameKeys('영애'))).toBe(false);
  });

  it('allow one typing error only with nearName', () => {
    // Lim typed Kim (neighbouring keys): one jamo from 任 (임), not the same name.
    expect(sameName(surnameKeys('Kim'), surnameKeys('任'))).toBe(false);
    expect(nearName(surnameKeys('Kim'), surnameKeys('任'))).toBe(true);
    expect(nearName(givenNameKeys('Younhee'), givenNameKeys('Younghee'))).toBe(true);
    expect(nearName(givenNameKeys('영란'), givenNameKeys('영랸'))).toBe(true);
    // A Chinese name is not a typo of her Korean one.
    expect(nearName(givenNameKeys('金花'), givenNameKeys('영경'))).toBe(false);
  });
});
