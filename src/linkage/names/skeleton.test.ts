import { describe, expect, it } from 'vitest';
import { romanize } from 'es-hangul';
import {
  GIVEN_SYLLABLES,
  givenNorth,
  givenSouth,
  romaniseDPRK,
  romaniseMR,
  romanisePassport,
  romaniseRR,
} from '../../model/names';
import {
  finishSkeleton,
  hangulSkeleton,
  latinSkeleton,
  skeletonSyllables,
  syllableTokens,
} from './skeleton';

describe('hangulSkeleton against Revised Romanization (es-hangul), syllable by syllable', () => {
  it('gives every one of the 11,172 syllables the skeleton of its RR spelling', () => {
    const mismatches: string[] = [];
    for (let code = 0xac00; code <= 0xd7a3; code++) {
      const syllable = String.fromCharCode(code);
      const rr = romanize(syllable);
      // ㅢ after a consonant other than ㅎ (긔, 늬) is spelt "ui" like 우+이 (수인 suin): the
      // Latin side reads it as two vowels. No name uses these syllables.
      if (/[^h]ui/.test(rr)) continue;
      if (hangulSkeleton(syllable) !== latinSkeleton(rr)) mismatches.push(`${syllable}:${rr}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('keeps the place of articulation and the four vowel classes', () => {
    expect(syllableTokens('김')).toBe('KIM');
    expect(syllableTokens('정')).toBe('COG');
    expect(syllableTokens('영')).toBe('YOG');
    expect(syllableTokens('희')).toBe('HI');
    expect(syllableTokens('최')).toBe('CWE');
    expect(syllableTokens('권')).toBe('KWON');
    expect(syllableTokens('값')).toBe('KAP');
  });
});

describe('spellings of the same syllables meet', () => {
  // Surnames: every system and the passport habits of the variants table.
  it.each([
    ['김', ['Kim', 'Gim', 'Ghim', 'Kym']],
    ['이', ['Lee', 'Yi', 'Rhee', 'Ri', 'I', 'Li', 'Ee', 'Rhie', 'Reeh', 'Leigh', 'Lie']],
    ['리', ['Lee', 'Ri', 'Yi']],
    ['박', ['Park', 'Pak', 'Bak', 'Bahk', 'Pahk', 'Back']],
    ['최', ['Choi', 'Choe', "Ch'oe", 'Choy', 'Chwe', 'Tsoi']],
    ['정', ['Jung', 'Jeong', 'Chung', 'Jong', 'Chŏng', 'Chong', 'Cheong', 'Joung']],
    ['강', ['Kang', 'Gang', 'Khang', 'Kahng']],
    ['조', ['Cho', 'Jo', 'Zo']],
    ['윤', ['Yoon', 'Yun', 'Youn']],
    ['장', ['Jang', 'Chang', 'Zang']],
    ['임', ['Lim', 'Im', 'Yim', 'Rim', 'Lym', 'Leem', 'Rhim']],
    ['림', ['Lim', 'Rim']],
    ['한', ['Han', 'Hahn']],
    ['오', ['Oh', 'O']],
    ['서', ['Seo', 'Suh', 'Surh', 'So', 'Sŏ', 'Sur', 'Su']],
    ['신', ['Shin', 'Sin', 'Shinn', 'Sheen', 'Synn']],
    ['권', ['Kwon', 'Gwon', 'Kweon', 'Kwŏn', 'Kwun']],
    ['황', ['Hwang', 'Whang']],
    ['안', ['Ahn', 'An', 'Ann']],
    ['전', ['Jeon', 'Jun', 'Chun', 'Chon', 'Chŏn', 'Jeun', 'Cheon']],
    ['유', ['Yoo', 'Yu', 'You', 'Ryu', 'Ryoo', 'Rhyu', 'Lyu']],
    ['류', ['Ryu', 'Yoo']],
    ['노', ['Roh', 'Noh', 'No', 'Ro', 'Rho']],
    ['로', ['Ro', 'Roh']],
    ['양', ['Yang', 'Ryang', 'Lyang']],
    ['량', ['Ryang', 'Yang']],
    ['라', ['Ra', 'Na']],
    ['고', ['Ko', 'Koh', 'Go', 'Goh']],
  ])('%s', (hangul, spellings) => {
    const target = hangulSkeleton(hangul);
    for (const spelling of spellings)
      expect([spelling, latinSkeleton(spelling)]).toEqual([spelling, target]);
  });

  // Given names: RR, MR with and without breves, DPRK (North Hangul), passport habits.
  it.each([
    [
      '영희',
      ['Yeonghui', 'Yŏng-hŭi', 'Yong-hui', 'Yong Hui', 'Younghee', 'Young-hee', 'Young Hee'],
    ],
    ['순희', ['Sunhui', 'Sun-hŭi', 'Sun Hui', 'Soonhee', 'Soon-hee']],
    ['정숙', ['Jeongsuk', 'Chŏng-suk', 'Chong-suk', 'Jong Suk', 'Jungsook', 'Jeongsook']],
    ['옥순', ['Oksun', 'Ok-sun', 'Ok Sun', 'Oksoon']],
    ['설주', ['Seolju', 'Sŏl-chu', 'Sol Ju', 'Seoljoo']],
    ['련화', ['Ryon Hwa', 'Yeonhwa', 'Yŏn-hwa', 'Yunhwa']],
    ['은혜', ['Eunhye', 'Ŭn-hye', 'Un Hye', 'Unhye']],
    ['경자', ['Gyeongja', 'Kyŏng-ja', 'Kyong Ja', 'Kyungja', 'Kyoungja']],
    ['철호', ['Cheolho', "Ch'ŏl-ho", 'Chol Ho', 'Chulho', 'Cheol-ho']],
    ['태중', ['Taejung', 'Tae-jung', 'Thae Jung']],
    ['옥화', ['Okhwa', 'Ok-hwa', 'Ok Hwa']],
    ['복희', ['Bokhui', 'Pok-hŭi', 'Pok Hui', 'Bokhee']],
  ])('%s', (hangul, spellings) => {
    const target = hangulSkeleton(hangul);
    for (const spelling of spellings)
      expect([spelling, latinSkeleton(spelling)]).toEqual([spelling, target]);
  });

  it('meets the forward romanisers of src/model/names on every two-syllable given name', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let total = 0;
    const misses: string[] = [];
    for (const a of GIVEN_SYLLABLES) {
      for (const b of GIVEN_SYLLABLES) {
        if (a.first === 0 || b.second === 0) continue;
        const south = givenSouth([a, b]);
        const north = givenNorth([a, b]);
        const target = hangulSkeleton(south);
        const spellings = [
          north,
          romaniseRR(south),
          romaniseMR(south),
          romaniseMR(south, { ascii: true }),
          romaniseDPRK(north),
          romanisePassport(south),
          romanisePassport(south, random),
          romanisePassport(south, random, { join: '-' }),
          romanisePassport(south, random, { join: ' ' }),
        ];
        for (const spelling of spellings) {
          total++;
          const skeleton = /[가-힣]/.test(spelling)
            ? hangulSkeleton(spelling)
            : latinSkeleton(spelling);
          if (skeleton !== target) misses.push(`${south}:${spelling}`);
        }
      }
    }
    // The few misses are RR's own ambiguities without a hyphen (Hyeok: 혁 or 혜옥).
    expect(total).toBeGreaterThan(5000);
    expect(misses.length / total).toBeLessThan(0.002);
  });

  it('keeps different names apart', () => {
    expect(latinSkeleton('Kim')).not.toBe(latinSkeleton('Park'));
    expect(latinSkeleton('Younghee')).not.toBe(latinSkeleton('Youngja'));
    expect(hangulSkeleton('영희')).not.toBe(hangulSkeleton('영애'));
  });
});

describe('finishSkeleton and skeletonSyllables', () => {
  it('writes G before a vowel as NK, so 상아 and 산가 meet as RR does', () => {
    expect(hangulSkeleton('상아')).toBe(hangulSkeleton('산가'));
    expect(latinSkeleton('sanga')).toBe(hangulSkeleton('상아'));
  });

  it('applies the initial-sound law only at the start', () => {
    expect(finishSkeleton('LI')).toBe('I');
    expect(finishSkeleton('LA')).toBe('NA');
    expect(finishSkeleton('YOGLAN')).toBe('YOGLAN');
  });

  it('splits a skeleton into syllables with maximal onsets', () => {
    expect(skeletonSyllables('YOGHI')).toEqual(['YOG', 'HI']);
    expect(skeletonSyllables('CWESONOK')).toEqual(['CWE', 'SO', 'NOK']);
    expect(skeletonSyllables('KIM')).toEqual(['KIM']);
  });
});
