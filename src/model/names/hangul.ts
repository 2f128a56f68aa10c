/**
 * Hangul syllable arithmetic (Unicode 3.12 "Conjoining Jamo Behavior"): a precomposed syllable
 * is 0xAC00 + (initial * 21 + vowel) * 28 + final. Every romaniser and every typo works on these
 * indices, so they are defined once here.
 */

const SYLLABLE_BASE = 0xac00;
const SYLLABLE_LAST = 0xd7a3;
const VOWEL_COUNT = 21;
const FINAL_COUNT = 28;

/** The 19 initial consonants, in Unicode order. */
export const INITIALS = [
  'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ',
  'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
] as const; // prettier-ignore

/** The 21 vowels, in Unicode order. */
export const VOWELS = [
  'ㅏ', 'ㅐ', 'ㅑ', 'ㅒ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅘ', 'ㅙ',
  'ㅚ', 'ㅛ', 'ㅜ', 'ㅝ', 'ㅞ', 'ㅟ', 'ㅠ', 'ㅡ', 'ㅢ', 'ㅣ',
] as const; // prettier-ignore

/** The 28 finals (index 0 = no final), in Unicode order. */
export const FINALS = [
  '', 'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ',
  'ㄿ', 'ㅀ', 'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
] as const; // prettier-ignore

/** Named indices used by the romanisers' rules (initials). */
export const I = {
  g: 0, kk: 1, n: 2, d: 3, tt: 4, r: 5, m: 6, b: 7, pp: 8, s: 9,
  ss: 10, ng: 11, j: 12, jj: 13, ch: 14, k: 15, t: 16, p: 17, h: 18,
} as const; // prettier-ignore

/** Named indices of the vowels the rules single out. */
export const V = {
  a: 0, ae: 1, ya: 2, yae: 3, eo: 4, e: 5, yeo: 6, ye: 7, o: 8, wa: 9, wae: 10,
  oe: 11, yo: 12, u: 13, wo: 14, we: 15, wi: 16, yu: 17, eu: 18, ui: 19, i: 20,
} as const; // prettier-ignore

/** Named indices of the finals the rules single out. */
export const F = { none: 0, k: 1, n: 4, l: 8, m: 16, p: 17, ng: 21 } as const;

export interface Jamo {
  initial: number;
  vowel: number;
  final: number;
}

export function isSyllable(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return ch.length === 1 && c >= SYLLABLE_BASE && c <= SYLLABLE_LAST;
}

/** Splits one precomposed syllable into jamo indices; undefined for anything else. */
export function decompose(ch: string): Jamo | undefined {
  if (!isSyllable(ch)) return undefined;
  const offset = (ch.codePointAt(0) as number) - SYLLABLE_BASE;
  return {
    initial: Math.floor(offset / (VOWEL_COUNT * FINAL_COUNT)),
    vowel: Math.floor(offset / FINAL_COUNT) % VOWEL_COUNT,
    final: offset % FINAL_COUNT,
  };
}

export function compose(j: Jamo): string {
  return String.fromCharCode(
    SYLLABLE_BASE + (j.initial * VOWEL_COUNT + j.vowel) * FINAL_COUNT + j.final,
  );
}

/** True when every character of `text` is a precomposed Hangul syllable (and there is one). */
export function isHangulWord(text: string): boolean {
  if (text.length === 0) return false;
  for (const ch of text) if (!isSyllable(ch)) return false;
  return true;
}

/**
 * The initial-sound law (두음법칙) as South Korean spelling applies it to the first syllable of a
 * word or a name: ㄹ before ㅑㅕㅖㅛㅠㅣ drops to ㅇ (리 -> 이, 류 -> 유, 량 -> 양, 림 -> 임),
 * ㄹ before other vowels becomes ㄴ (로 -> 노, 라 -> 나), and ㄴ before ㅕㅛㅠㅣ drops to ㅇ
 * (녀 -> 여). North Korean spelling does not apply it.
 */
export function applyInitialSoundLaw(syllable: string): string {
  const j = decompose(syllable);
  if (!j) return syllable;
  const palatal = j.vowel === V.ya || j.vowel === V.yeo || j.vowel === V.ye || j.vowel === V.yo;
  const high = palatal || j.vowel === V.yu || j.vowel === V.i || j.vowel === V.yae;
  if (j.initial === I.r) return compose({ ...j, initial: high ? I.ng : I.n });
  if (j.initial === I.n && (palatal || j.vowel === V.yu || j.vowel === V.i)) {
    return compose({ ...j, initial: I.ng });
  }
  return syllable;
}
