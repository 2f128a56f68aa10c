import { applyInitialSoundLaw } from './hangul';

/**
 * Syllables of women's given names common in North Korea (영희, 순희, 옥순, 정숙, 련화, 설주,
 * 송월, ...), each with the character it is usually written with. A syllable whose reading
 * starts with ㄹ or ㄴ+i/y is spelt differently across the border when it opens the given name
 * (련화 in the North, 연화 in the South): `reading` is the North Korean (unchanged) form and
 * the South Korean first-syllable form follows from the initial-sound law.
 * Weights are relative frequencies for sampling, from the names seen in published testimonies
 * and DPRK media; they are not measured shares.
 */
export interface GivenSyllable {
  /** Hangul as North Korea writes it, and as both write it in non-initial position. */
  reading: string;
  hanja: string;
  simplified: string;
  /** Mandarin reading of the character, lower case, tone marks omitted. */
  pinyin: string;
  /** Sampling weight as the first syllable of a given name (0: not used there). */
  first: number;
  /** Sampling weight as the second syllable. */
  second: number;
}

type Row = [string, string, string, string, number, number];

// reading, hanja, simplified, pinyin, weight as first, weight as second
const ROWS: Row[] = [
  ['영', '英', '英', 'ying', 10, 3],
  ['영', '永', '永', 'yong', 3, 0],
  ['순', '順', '顺', 'shun', 6, 6],
  ['옥', '玉', '玉', 'yu', 5, 6],
  ['정', '貞', '贞', 'zhen', 5, 3],
  ['명', '明', '明', 'ming', 5, 1],
  ['경', '京', '京', 'jing', 3, 2],
  ['경', '敬', '敬', 'jing', 2, 0],
  ['금', '錦', '锦', 'jin', 4, 2],
  ['금', '金', '金', 'jin', 2, 0],
  ['춘', '春', '春', 'chun', 4, 0],
  ['은', '銀', '银', 'yin', 4, 2],
  ['은', '恩', '恩', 'en', 2, 0],
  ['혜', '惠', '惠', 'hui', 5, 2],
  ['미', '美', '美', 'mei', 4, 4],
  ['선', '善', '善', 'shan', 3, 2],
  ['선', '仙', '仙', 'xian', 2, 0],
  ['향', '香', '香', 'xiang', 3, 2],
  ['련', '蓮', '莲', 'lian', 3, 2],
  ['령', '玲', '玲', 'ling', 2, 0],
  ['란', '蘭', '兰', 'lan', 1, 4],
  ['려', '麗', '丽', 'li', 1, 0],
  ['설', '雪', '雪', 'xue', 2, 0],
  ['성', '星', '星', 'xing', 2, 0],
  ['진', '珍', '珍', 'zhen', 2, 2],
  ['화', '花', '花', 'hua', 1, 5],
  ['복', '福', '福', 'fu', 2, 0],
  ['봉', '鳳', '凤', 'feng', 1, 0],
  ['숙', '淑', '淑', 'shu', 1, 6],
  ['해', '海', '海', 'hai', 1, 0],
  ['송', '松', '松', 'song', 1, 0],
  ['수', '秀', '秀', 'xiu', 2, 0],
  ['현', '賢', '贤', 'xian', 2, 0],
  ['효', '孝', '孝', 'xiao', 1, 0],
  ['애', '愛', '爱', 'ai', 1, 4],
  ['희', '姬', '姬', 'ji', 0, 10],
  ['주', '珠', '珠', 'zhu', 0, 3],
  ['월', '月', '月', 'yue', 0, 2],
  ['실', '實', '实', 'shi', 0, 3],
  ['심', '心', '心', 'xin', 0, 2],
  ['녀', '女', '女', 'nü', 0, 1],
  ['단', '丹', '丹', 'dan', 0, 1],
  ['매', '梅', '梅', 'mei', 0, 1],
  ['림', '林', '林', 'lin', 0, 1],
];

export const GIVEN_SYLLABLES: readonly GivenSyllable[] = ROWS.map(
  ([reading, hanja, simplified, pinyin, first, second]) => ({
    reading,
    hanja,
    simplified,
    pinyin,
    first,
    second,
  }),
);

/** The given name in North Korean Hangul (no initial-sound law). */
export function givenNorth(syllables: readonly GivenSyllable[]): string {
  return syllables.map((s) => s.reading).join('');
}

/** The given name in South Korean Hangul: the initial-sound law on its first syllable only. */
export function givenSouth(syllables: readonly GivenSyllable[]): string {
  return syllables.map((s, i) => (i === 0 ? applyInitialSoundLaw(s.reading) : s.reading)).join('');
}
