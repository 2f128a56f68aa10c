import { describe, expect, it } from 'vitest';
import { romanize } from 'es-hangul';
import { pinyin } from 'pinyin-pro';
import {
  applyInitialSoundLaw,
  compose,
  decompose,
  fullName,
  GIVEN_SYLLABLES,
  givenSouth,
  renderName,
  renderSurname,
  romaniseDPRK,
  romaniseMR,
  romanisePassport,
  romaniseRR,
  SURNAMES,
  surnameByHanja,
  surnamesByHangul,
  type GivenSyllable,
  type KoreanName,
  type NameScript,
} from './index';

function surname(hanja: string) {
  const s = surnameByHanja(hanja);
  if (!s) throw new Error(`no surname ${hanja}`);
  return s;
}

function given(...readings: string[]): GivenSyllable[] {
  return readings.map((r) => {
    const s = GIVEN_SYLLABLES.find((g) => g.reading === r);
    if (!s) throw new Error(`no syllable ${r}`);
    return s;
  });
}

/** A deterministic uniform source for drawing passport habits in tests. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

describe('Hangul arithmetic', () => {
  it('decomposes and recomposes every precomposed syllable', () => {
    const broken: string[] = [];
    for (let c = 0xac00; c <= 0xd7a3; c++) {
      const ch = String.fromCharCode(c);
      const j = decompose(ch);
      if (!j || compose(j) !== ch) broken.push(ch);
    }
    expect(broken).toEqual([]);
    expect(decompose('a')).toBeUndefined();
  });

  it('applies the initial-sound law as South Korean spelling does', () => {
    const pairs: Array<[string, string]> = [
      ['리', '이'],
      ['류', '유'],
      ['로', '노'],
      ['량', '양'],
      ['림', '임'],
      ['련', '연'],
      ['녀', '여'],
      ['라', '나'],
      ['렴', '염'],
      ['김', '김'],
      ['박', '박'],
    ];
    for (const [north, south] of pairs) expect(applyInitialSoundLaw(north)).toBe(south);
  });
});

describe('surname table', () => {
  it('spells each surname in the South as the initial-sound law makes of the North', () => {
    for (const s of SURNAMES) expect(applyInitialSoundLaw(s.north)).toBe(s.south);
  });

  it('gives the Mandarin reading that pinyin-pro gives for each character', () => {
    for (const s of SURNAMES) {
      const reading = pinyin(s.simplified, { mode: 'surname', toneType: 'none' });
      expect(reading, s.hanja).toBe(s.pinyin.toLowerCase());
    }
    for (const g of GIVEN_SYLLABLES) {
      expect(pinyin(g.simplified, { toneType: 'none' }), g.hanja).toBe(g.pinyin);
    }
  });

  it('keeps one entry per character, several per Hangul where clans differ', () => {
    expect(new Set(SURNAMES.map((s) => s.hanja)).size).toBe(SURNAMES.length);
    expect(surnamesByHangul('정').map((s) => s.hanja)).toEqual(['鄭', '丁']);
    expect(surnamesByHangul('류').map((s) => s.hanja)).toEqual(['柳', '劉']);
    expect(surnameByHanja('郑')?.hanja).toBe('鄭');
    expect(SURNAMES.length).toBeGreaterThanOrEqual(60);
  });
});

describe('surname romanisation (RR / MR / DPRK / passport)', () => {
  const cases: Array<[string, string, string, string, string]> = [
    ['金', 'Gim', 'Kim', 'Kim', 'Kim'],
    ['李', 'I', 'Yi', 'Ri', 'Lee'],
    ['朴', 'Bak', 'Pak', 'Pak', 'Park'],
    ['鄭', 'Jeong', 'Chŏng', 'Jong', 'Jung'],
    ['崔', 'Choe', "Ch'oe", 'Choe', 'Choi'],
    ['梁', 'Yang', 'Yang', 'Ryang', 'Yang'],
    ['林', 'Im', 'Im', 'Rim', 'Lim'],
    ['柳', 'Yu', 'Yu', 'Ryu', 'Yoo'],
    ['盧', 'No', 'No', 'Ro', 'Noh'],
    ['權', 'Gwon', 'Kwŏn', 'Kwon', 'Kwon'],
    ['玄', 'Hyeon', 'Hyŏn', 'Hyon', 'Hyun'],
  ];
  for (const [hanja, rr, mr, dprk, passport] of cases) {
    it(`${hanja}: ${rr} / ${mr} / ${dprk} / ${passport}`, () => {
      const s = surname(hanja);
      expect(renderSurname(s, 'rr')).toBe(rr);
      expect(renderSurname(s, 'mr')).toBe(mr);
      expect(renderSurname(s, 'dprk')).toBe(dprk);
      expect(renderSurname(s, 'passport')).toBe(passport);
    });
  }

  it("drops breves and apostrophes in MR's ASCII form", () => {
    expect(renderSurname(surname('崔'), 'mr-ascii')).toBe('Choe');
    expect(renderSurname(surname('鄭'), 'mr-ascii')).toBe('Chong');
  });

  it('draws passport spellings of 정 near the measured shares (Jung 48.6%, Jeong 37%, Chung 9.2%)', () => {
    const random = lcg(7);
    const counts = new Map<string, number>();
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const spelling = renderSurname(surname('鄭'), 'passport', random);
      counts.set(spelling, (counts.get(spelling) ?? 0) + 1);
    }
    expect((counts.get('Jung') ?? 0) / n).toBeCloseTo(0.486, 1);
    expect((counts.get('Jeong') ?? 0) / n).toBeCloseTo(0.37, 1);
    expect((counts.get('Chung') ?? 0) / n).toBeCloseTo(0.092, 1);
  });
});

describe('syllable romanisers', () => {
  it('agrees with es-hangul on Revised Romanization of every single syllable (but final ㅎ)', () => {
    // es-hangul drops a final ㅎ; RR writes the representative sound t. Everything else must agree.
    const disagreements: string[] = [];
    let compared = 0;
    for (let c = 0xac00; c <= 0xd7a3; c++) {
      const ch = String.fromCharCode(c);
      if (decompose(ch)!.final === 27) continue;
      compared++;
      if (romaniseRR(ch).toLowerCase() !== romanize(ch)) disagreements.push(ch);
    }
    expect(compared).toBe(11172 - 399);
    expect(disagreements).toEqual([]);
  });

  it('writes given names without sound changes in RR', () => {
    expect(romaniseRR('영희')).toBe('Yeonghui');
    expect(romaniseRR('복남')).toBe('Boknam');
    expect(romaniseRR('복남', { hyphen: true })).toBe('Bok-nam');
  });

  it('voices the second syllable of a given name in MR after a vowel or voiced final', () => {
    const cases: Array<[string, string]> = [
      ['대중', 'Tae-jung'],
      ['영희', 'Yŏng-hŭi'],
      ['순복', 'Sun-bok'],
      ['명길', 'Myŏng-gil'],
      ['금단', 'Kŭm-dan'],
      ['미정', 'Mi-jŏng'],
      ['정은', 'Chŏng-ŭn'],
      ['춘희', "Ch'un-hŭi"],
      // no voicing after a voiceless final
      ['복단', 'Pok-tan'],
      ['옥순', 'Ok-sun'],
      ['옥주', 'Ok-chu'],
      // ㄷ and ㅈ after ㄹ are tensed in Sino-Korean words
      ['철주', "Ch'ŏl-chu"],
      ['일성', 'Il-sŏng'],
      ['설단', 'Sŏl-tan'],
      ['설경', 'Sŏl-gyŏng'],
    ];
    for (const [hangul, mr] of cases) expect(romaniseMR(hangul), hangul).toBe(mr);
    expect(romaniseMR('정은', { ascii: true })).toBe('Chong-un');
    expect(romaniseMR('춘희', { ascii: true })).toBe('Chun-hui');
  });

  it('writes DPRK style syllable by syllable with j, kh/th/ph and initial r', () => {
    expect(romaniseDPRK('설주')).toBe('Sol Ju');
    expect(romaniseDPRK('룡해')).toBe('Ryong Hae');
    expect(romaniseDPRK('성택')).toBe('Song Thaek');
    expect(romaniseDPRK('정은')).toBe('Jong Un');
    expect(romaniseDPRK('정은', { breves: true })).toBe('Jŏng Ŭn');
    expect(romaniseDPRK('평')).toBe('Phyong');
  });

  it('spells given names by passport habit, usual form first', () => {
    expect(romanisePassport('영희')).toBe('Younghee');
    expect(romanisePassport('정숙')).toBe('Jungsook');
    expect(romanisePassport('은희')).toBe('Eunhee');
    expect(romanisePassport('경희')).toBe('Kyunghee');
    expect(romanisePassport('영희', undefined, { join: '-' })).toBe('Young-hee');
    expect(romanisePassport('영희', undefined, { join: ' ' })).toBe('Young Hee');
    const random = lcg(3);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(romanisePassport('정숙', random));
    expect(seen).toContain('Jungsook');
    expect(seen).toContain('Jeongsuk');
    expect(seen.size).toBeGreaterThan(4);
  });
});

describe('whole names in every script', () => {
  const kimJongUn: KoreanName = { surname: surname('金'), given: given('정', '은') };
  const riRyonhwa: KoreanName = { surname: surname('李'), given: given('련', '화') };

  it('renders a name in each script', () => {
    const expected: Record<NameScript, [string, string]> = {
      'hangul-south': ['이', '연화'],
      'hangul-north': ['리', '련화'],
      hanja: ['李', '蓮花'],
      chinese: ['李', '莲花'],
      pinyin: ['Li', 'Lianhua'],
      rr: ['I', 'Yeonhwa'],
      mr: ['Yi', 'Yŏn-hwa'],
      'mr-ascii': ['Yi', 'Yon-hwa'],
      dprk: ['Ri', 'Ryon Hwa'],
      passport: ['Lee', 'Yeonhwa'],
    };
    for (const [script, [family, givenName]] of Object.entries(expected)) {
      expect(renderName(riRyonhwa, script as NameScript), script).toEqual({
        family,
        given: givenName,
      });
    }
    expect(fullName(renderName(kimJongUn, 'dprk'), 'dprk')).toBe('Kim Jong Un');
    expect(fullName(renderName(kimJongUn, 'hangul-north'), 'hangul-north')).toBe('김정은');
    expect(fullName(renderName(kimJongUn, 'chinese'), 'chinese')).toBe('金贞银');
  });

  it('applies the initial-sound law only to the first syllable of the given name', () => {
    expect(givenSouth(given('련', '화'))).toBe('연화');
    expect(givenSouth(given('미', '련'))).toBe('미련');
  });
});
