import { describe, expect, it } from 'vitest';
import { GIVEN_SYLLABLES, givenSouth } from '../../model/names';
import { canonicalHangul } from './canonical';
import { koreanReadingsOfPinyin, readingsOfPinyinSyllable, segmentPinyin } from './pinyin';
import { surnameKeys } from './keys';

describe('Korean surnames behind a pinyin spelling', () => {
  it.each([
    ['Piao', '박'],
    ['Jin', '김'],
    ['Li', '이'],
    ['Cui', '최'],
    ['Zheng', '정'],
    ['Zhao', '조'],
    ['Zhang', '장'],
    ['Quan', '권'],
    ['Quan', '전'],
    ['Liu', '유'],
    ['Huang', '황'],
    ['Xu', '서'],
    ['Wu', '오'],
    ['Yin', '윤'],
  ])('%s may be %s', (pinyin, hangul) => {
    expect(surnameKeys(pinyin).hangul).toContain(hangul);
  });
});

describe('pinyin syllables', () => {
  it('reads each syllable of a given name as Korean readings, common name syllables first', () => {
    expect(readingsOfPinyinSyllable('ji')).toContain('희');
    expect(readingsOfPinyinSyllable('ying')[0]).toBe('영');
    expect(readingsOfPinyinSyllable('shun')).toContain('순');
    expect(readingsOfPinyinSyllable('zz')).toEqual([]);
  });

  it('segments a word every way with the fewest syllables', () => {
    expect(segmentPinyin('Yingji')).toEqual([['ying', 'ji']]);
    expect(segmentPinyin('shunai')).toEqual(
      expect.arrayContaining([
        ['shun', 'ai'],
        ['shu', 'nai'],
      ]),
    );
    expect(segmentPinyin('Younghee')).toEqual([]);
  });

  it('finds 영희 behind Yingji and 순옥 behind Shun-yu', () => {
    expect(koreanReadingsOfPinyin('Yingji')).toContain('영희');
    expect(koreanReadingsOfPinyin('Shun-yu')).toContain('순옥');
    expect(koreanReadingsOfPinyin('Kim')).toEqual([]);
  });

  it('finds the Korean name behind the pinyin of every two-syllable name of src/model/names', () => {
    let misses = 0;
    let total = 0;
    for (const a of GIVEN_SYLLABLES) {
      for (const b of GIVEN_SYLLABLES) {
        if (a.first === 0 || b.second === 0) continue;
        total++;
        const pinyin = a.pinyin + b.pinyin;
        if (!koreanReadingsOfPinyin(pinyin).includes(canonicalHangul(givenSouth([a, b])))) misses++;
      }
    }
    expect(total).toBeGreaterThan(500);
    expect(misses / total).toBeLessThan(0.01);
  });
});
