/**
 * The romanisation skeleton: one string per name that RR (Gim Yeonghui), McCune-Reischauer with or
 * without breves and apostrophes (Kim Yŏnghŭi, Kim Yonghui), the DPRK's own spelling, passport
 * habits (Kim Younghee) and the Hangul itself (김영희) all reduce to.
 *
 * The skeleton keeps what every system agrees on and merges what they disagree about:
 * - consonants by place of articulation: ㄱ/ㄲ/ㅋ = g, k, kk, kh, gh -> K; ㄷ/ㄸ/ㅌ -> T;
 *   ㅂ/ㅃ/ㅍ -> P; ㅈ/ㅉ/ㅊ = j, ch, ch', tsh, z -> C; ㅅ/ㅆ = s, sh -> S; ㄹ = r, l -> L;
 *   final ㅇ = ng -> G;
 * - vowels in four classes, because MR without breves writes ㅓ as o and ㅡ as u, and passports
 *   write ㅓ as u (Jung, Sun, Chun): ㅓ/ㅗ/ㅜ/ㅡ -> O, ㅐ/ㅔ -> E, ㅣ/ㅢ -> I, ㅏ -> A; glides
 *   stay as Y and W (영 -> YOG, 권 -> KWON);
 * - the initial-sound law at the start of a name (Ri, Rhee, Lee -> I; Ro, Roh -> NO) as in
 *   canonical Hangul;
 * - silent letters of English-style spellings: h and r before a consonant or at the end
 *   (Ahn, Bahk, Park, Surh).
 * Two letters: G before a vowel is written NK (상아 and 산가 are both "sanga" in RR), and a letter
 * repeated is written once (Ann, Shinn, Lee).
 */
import { decompose } from '../../model/names/hangul';
import { canonicalFromSyllables, hangulSyllables } from './canonical';

const VOWEL_CLASSES = new Set(['A', 'E', 'I', 'O']);

// Tokens per jamo index, in Unicode order (see src/model/names/hangul.ts).
const INITIAL_TOKENS = [
  'K',
  'K',
  'N',
  'T',
  'T',
  'L',
  'M',
  'P',
  'P',
  'S',
  'S',
  '',
  'C',
  'C',
  'C',
  'K',
  'T',
  'P',
  'H',
];
const VOWEL_TOKENS = [
  'A', 'E', 'YA', 'YE', 'O', 'E', 'YO', 'YE', 'O', 'WA', 'WE',
  'WE', 'YO', 'O', 'WO', 'WE', 'WI', 'YO', 'O', 'I', 'I',
]; // prettier-ignore
// A final is romanised as it is pronounced before a pause (RR, MR and DPRK agree): 값 gap, 닭 dak,
// final ㅎ silent.
const FINAL_TOKENS = [
  '', 'K', 'K', 'K', 'N', 'N', 'N', 'T', 'L', 'K', 'M', 'L', 'L', 'L',
  'P', 'L', 'M', 'P', 'P', 'T', 'T', 'G', 'T', 'T', 'K', 'T', 'P', '',
]; // prettier-ignore

/** Skeleton tokens of one Hangul syllable (no initial-sound law: that is positional). */
export function syllableTokens(syllable: string): string {
  const j = decompose(syllable);
  if (!j) return '';
  return INITIAL_TOKENS[j.initial] + VOWEL_TOKENS[j.vowel] + FINAL_TOKENS[j.final];
}

/** Skeleton of a Hangul name part: canonical Hangul (law applied at its start), then tokens. */
export function hangulSkeleton(text: string): string {
  return skeletonFromSyllables(hangulSyllables(text));
}

export function skeletonFromSyllables(syllables: readonly string[]): string {
  const canonical = canonicalFromSyllables(syllables);
  let raw = '';
  for (const ch of canonical) raw += syllableTokens(ch);
  return finishSkeleton(raw);
}

/** Latin letters only, lower case, diacritics (breves, macrons) and apostrophes removed. */
export function latinLetters(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function isVowelLetter(c: string | undefined): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';
}

/** A vowel, or a y/w glide that leads into one: the letter starts a syllable nucleus. */
function startsNucleus(s: string, i: number): boolean {
  const c = s[i];
  if (isVowelLetter(c)) return true;
  return (c === 'y' || c === 'w') && isVowelLetter(s[i + 1]);
}

// Vowel spellings, longest first; each maps to its class (a glide is handled before these).
const VOWEL_SPELLINGS: ReadonlyArray<readonly [string, string]> = [
  ['eigh', 'I'],
  ['eui', 'I'],
  ['eo', 'O'],
  ['eu', 'O'],
  ['ue', 'O'], // a passport habit for ㅡ (Uen)
  ['ee', 'I'],
  ['ie', 'I'],
  ['ae', 'E'],
  ['ai', 'E'],
  ['oe', 'WE'],
  ['oi', 'WE'],
  ['oo', 'O'],
  ['ou', 'O'],
  ['a', 'A'],
  ['e', 'E'],
  ['i', 'I'],
  ['o', 'O'],
  ['u', 'O'],
];

/**
 * Raw tokens of a romanised name part, before the positional rules of finishSkeleton. Any Latin
 * spelling is accepted; letters Korean lacks (f, v, x, q) map to their nearest class, so that
 * non-Korean names still get a deterministic key. Words (Ok Hwa, Hye-ok) are read one by one:
 * a letter pair never spans two syllables the writer separated.
 */
export function latinTokens(text: string): string {
  let out = '';
  for (const word of text.split(/[\s-]+/)) out += wordTokens(latinLetters(word));
  return out;
}

/**
 * k, g, t or p before h: an aspirate (DPRK kh, th, ph; MR without apostrophes) at the start of a
 * word or after a consonant, but a final and the next syllable's h after a vowel (Okhwa = 옥화).
 */
function isAspirate(s: string, i: number): boolean {
  if (s[i + 1] !== 'h') return false;
  return i === 0 || !isVowelLetter(s[i - 1]) || !startsNucleus(s, i + 2);
}

function wordTokens(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const next = s[i + 1];
    if (isVowelLetter(c)) {
      if (c === 'o' && next === 'y' && !isVowelLetter(s[i + 2])) {
        out += 'WE';
        i += 2;
        continue;
      }
      // ㅢ is "ui" (hui, ui); elsewhere u-i is two syllables (수인 suin).
      if (c === 'u' && next === 'i' && (i === 0 || s[i - 1] === 'h')) {
        out += 'I';
        i += 2;
        continue;
      }
      // After a y glide, ee is ㅖ followed by a vowel (Hyeeun = 혜은), not a long i.
      const afterGlide = i > 0 && s[i - 1] === 'y';
      for (const [spelling, token] of VOWEL_SPELLINGS) {
        if (afterGlide && (spelling === 'ee' || spelling === 'eigh')) continue;
        // ae/oe before u is a vowel then eu (Hwaeun = 화은, Hyoeun = 효은).
        if ((spelling === 'ae' || spelling === 'oe') && s[i + 2] === 'u') continue;
        if (s.startsWith(spelling, i)) {
          out += token;
          i += spelling.length;
          break;
        }
      }
      continue;
    }
    switch (c) {
      case 'y':
        // A glide before a vowel (ya, yeo, you); otherwise y is the vowel i (Kym, Synn).
        out += isVowelLetter(next) ? 'Y' : 'I';
        i += 1;
        continue;
      case 'w':
        if (isVowelLetter(next)) out += 'W';
        else if (next === 'h' && isVowelLetter(s[i + 2])) {
          out += 'HW'; // Whang = Hwang
          i += 2;
          continue;
        } else out += 'O';
        i += 1;
        continue;
      case 'h':
        // Aspiration marks were taken with their consonant; a lone h sounds only before a vowel.
        if (startsNucleus(s, i + 1)) out += 'H';
        i += 1;
        continue;
      case 'r':
        if (next === 'h') {
          if (startsNucleus(s, i + 2)) out += 'L';
          i += 2;
          continue;
        }
        if (startsNucleus(s, i + 1) || next === 'r') out += 'L';
        i += 1;
        continue;
      case 'l':
        out += 'L';
        i += 1;
        continue;
      case 'm':
        out += 'M';
        i += 1;
        continue;
      case 'n':
        if (next === 'g') {
          out += 'G';
          i += 2;
          continue;
        }
        out += 'N';
        i += 1;
        continue;
      case 't':
        if (s.startsWith('tch', i)) {
          out += 'C';
          i += 3;
        } else if (next === 's') {
          out += 'C'; // ts, tsh (Tsoi)
          i += s[i + 2] === 'h' ? 3 : 2;
        } else {
          out += 'T';
          i += isAspirate(s, i) ? 2 : 1;
        }
        continue;
      case 'c':
        if (next === 'h') {
          out += 'C';
          i += 2;
        } else {
          out += 'K';
          i += next === 'k' ? 2 : 1;
        }
        continue;
      case 'd':
        if (next === 'j') {
          out += 'C';
          i += 2;
        } else {
          out += 'T';
          i += 1;
        }
        continue;
      case 'j':
      case 'z':
        out += 'C';
        i += next === 'h' ? 2 : 1; // zh (pinyin)
        continue;
      case 's':
      case 'x':
        out += 'S';
        i += next === 'h' ? 2 : 1;
        continue;
      case 'k':
      case 'g':
      case 'q':
        out += 'K';
        i += isAspirate(s, i) ? 2 : 1;
        continue;
      case 'p':
      case 'b':
      case 'f':
      case 'v':
        out += 'P';
        i += isAspirate(s, i) ? 2 : 1;
        continue;
      default:
        i += 1;
    }
  }
  return out;
}

/** Skeleton of a romanised name part. */
export function latinSkeleton(text: string): string {
  return finishSkeleton(latinTokens(text));
}

function isNucleusToken(c: string | undefined): boolean {
  return c !== undefined && (VOWEL_CLASSES.has(c) || c === 'Y' || c === 'W');
}

/**
 * Positional rules shared by both sides: the initial-sound law, G before a vowel, glide Y before
 * I (Yi = I), letters repeated.
 */
export function finishSkeleton(raw: string): string {
  let s = raw.replace(/YI/g, 'I');
  if ((s[0] === 'L' || s[0] === 'N') && (s[1] === 'I' || s[1] === 'Y')) s = s.slice(1);
  else if (s[0] === 'L' && isNucleusToken(s[1])) s = 'N' + s.slice(1);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const piece = c === 'G' && isNucleusToken(s[i + 1]) ? 'NK' : c;
    for (const p of piece) if (out[out.length - 1] !== p) out += p;
  }
  return out;
}

/**
 * Splits a skeleton into syllables: an optional onset, optional glide, a vowel, and a final when
 * the letter after it is not a vowel (maximal onset: SONOK -> SO NOK). G is always a final.
 */
export function skeletonSyllables(skeleton: string): string[] {
  const syllables: string[] = [];
  let i = 0;
  while (i < skeleton.length) {
    let syl = '';
    const c = skeleton[i];
    if (!isNucleusToken(c) && c !== 'G') {
      syl += c;
      i++;
    }
    if (skeleton[i] === 'Y' || skeleton[i] === 'W') syl += skeleton[i++];
    if (VOWEL_CLASSES.has(skeleton[i])) syl += skeleton[i++];
    const coda = skeleton[i];
    if (coda !== undefined && !isNucleusToken(coda) && !isNucleusToken(skeleton[i + 1])) {
      syl += coda;
      i++;
    }
    if (syl === '') {
      syl = skeleton[i];
      i++;
    }
    syllables.push(syl);
  }
  return syllables;
}
