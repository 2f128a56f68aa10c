/**
 * Canonical Hangul for comparison: the two Koreas spell the same name differently at its start
 * (North 리, 림, 류, 로, 량, 라; South 이, 임, 유, 노, 양, 나), so every name part is brought to the
 * South Korean form by applying the initial-sound law to its first syllable. Applying it (rather
 * than undoing it) is the only direction that is a function: 이 may come from 리 or be 이.
 */
import { applyInitialSoundLaw, decompose, isSyllable } from '../../model/names/hangul';

/** Hangul syllables of `text` in order (NFC first, so decomposed jamo input counts). */
export function hangulSyllables(text: string): string[] {
  const out: string[] = [];
  for (const ch of text.normalize('NFC')) if (isSyllable(ch)) out.push(ch);
  return out;
}

/** One name part (a surname, or a given name) in canonical Hangul; '' when it has no Hangul. */
export function canonicalHangul(text: string): string {
  return canonicalFromSyllables(hangulSyllables(text));
}

/** Canonical form of a syllable sequence: the law applied to the first syllable only. */
export function canonicalFromSyllables(syllables: readonly string[]): string {
  if (syllables.length === 0) return '';
  return applyInitialSoundLaw(syllables[0]) + syllables.slice(1).join('');
}

// Compatibility jamo, so that a syllable-level difference (영희/영히) costs one letter, not one of two.
const INITIAL_JAMO = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const VOWEL_JAMO = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const FINAL_JAMO = [
  '', 'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ',
  'ㄿ', 'ㅀ', 'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
]; // prettier-ignore

/** Hangul spelled out letter by letter (ㅇ as an initial is dropped: it is silent). */
export function jamoString(hangul: string): string {
  let out = '';
  for (const ch of hangul) {
    const j = decompose(ch);
    if (!j) continue;
    if (j.initial !== 11) out += INITIAL_JAMO[j.initial];
    out += VOWEL_JAMO[j.vowel] + FINAL_JAMO[j.final];
  }
  return out;
}
