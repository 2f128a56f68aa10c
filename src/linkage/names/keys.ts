/**
 * Comparison keys of a name in every script at once. A surname or given name, however written
 * (Hangul of either Korea, Hanja, simplified characters, RR, MR, DPRK, passport, pinyin), becomes
 * a small set of keys; two names agree when they share a key of the same kind.
 */
import { withinOneEdit } from '../compare/edit';
import { canonicalFromSyllables, hangulSyllables, jamoString } from './canonical';
import { hanjaReading } from './hanja-table';
import { koreanReadingsOfPinyin } from './pinyin';
import {
  finishSkeleton,
  latinLetters,
  latinSkeleton,
  skeletonFromSyllables,
  skeletonSyllables,
} from './skeleton';
import {
  isKnownSurname,
  surnamesByCharacters,
  surnamesByPinyin,
  surnamesBySkeleton,
  surnamesBySpelling,
  surnamesNear,
} from './surname-table';

export interface NamePartKeys {
  /** Canonical Hangul forms known for sure (written in Hangul, read from Hanja, table lookups). */
  hangul: string[];
  /** The name as written: Latin letters lower-cased, or the characters. */
  literal: string[];
  /** Romanisation skeletons of every form. */
  skeleton: string[];
  /** Canonical Hangul guessed from a pinyin spelling, and their skeletons. */
  guessHangul: string[];
  guessSkeleton: string[];
  /** Skeletons with the syllable order reversed (given names: 영희 / 희영). */
  swapped: string[];
  /** Letter-level spelling of the Hangul forms, for fuzzy comparison. */
  jamo: string[];
  /** One key for blocking and for name frequencies: the first Hangul form, else the skeleton. */
  primary: string;
}

export type Script = 'hangul' | 'han' | 'latin' | 'none';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const HANGUL = /[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]/;

export function scriptOf(text: string): Script {
  if (HANGUL.test(text)) return 'hangul';
  if (HAN.test(text)) return 'han';
  return /[a-zA-Z]/.test(text.normalize('NFD')) ? 'latin' : 'none';
}

function hanCharacters(text: string): string[] {
  return [...text.normalize('NFC')].filter((ch) => HAN.test(ch));
}

function emptyKeys(): NamePartKeys {
  return {
    hangul: [],
    literal: [],
    skeleton: [],
    guessHangul: [],
    guessSkeleton: [],
    swapped: [],
    jamo: [],
    primary: '',
  };
}

function push(list: string[], value: string): void {
  if (value && !list.includes(value)) list.push(value);
}

function addHangul(keys: NamePartKeys, canonical: string): void {
  if (!canonical) return;
  push(keys.hangul, canonical);
  push(keys.skeleton, skeletonFromSyllables([...canonical]));
  push(keys.jamo, jamoString(canonical));
}

/** A surname or name the spelling probably stands for (a typo away, or read from pinyin). */
function addGuess(keys: NamePartKeys, canonical: string): void {
  push(keys.guessHangul, canonical);
  push(keys.guessSkeleton, skeletonFromSyllables([...canonical]));
}

/** Korean reading of each character; undefined readings are guessed from the pinyin. */
function readCharacters(chars: string[]): { syllables: string[]; guessed: boolean } {
  let guessed = false;
  const syllables = chars.map((ch) => {
    const known = hanjaReading(ch);
    if (known) return known;
    guessed = true;
    return '';
  });
  return { syllables, guessed };
}

/** Keys of a surname written in any script. */
export function surnameKeys(raw: string): NamePartKeys {
  const keys = emptyKeys();
  const text = raw.trim();
  switch (scriptOf(text)) {
    case 'hangul': {
      const canonical = canonicalFromSyllables(hangulSyllables(text));
      addHangul(keys, canonical);
      if (!isKnownSurname(canonical))
        for (const h of surnamesNear(canonical, true)) addGuess(keys, h);
      break;
    }
    case 'han': {
      const chars = hanCharacters(text);
      const word = chars.join('');
      push(keys.literal, word);
      const table = surnamesByCharacters(word);
      if (table.length > 0) for (const h of table) addHangul(keys, h);
      else {
        const { syllables, guessed } = readCharacters(chars);
        if (!guessed) addHangul(keys, canonicalFromSyllables(syllables));
      }
      break;
    }
    case 'latin': {
      push(keys.literal, latinLetters(text));
      const spelt = surnamesBySpelling(text);
      for (const h of spelt) addHangul(keys, h);
      for (const h of surnamesByPinyin(text)) addHangul(keys, h);
      if (keys.hangul.length === 0) for (const h of surnamesBySkeleton(text)) addHangul(keys, h);
      if (keys.hangul.length === 0) for (const h of surnamesNear(text, false)) addGuess(keys, h);
      push(keys.skeleton, latinSkeleton(text));
      break;
    }
    case 'none':
      break;
  }
  keys.primary = keys.hangul[0] ?? keys.skeleton[0] ?? keys.literal[0] ?? '';
  return keys;
}

function addSwapped(keys: NamePartKeys, syllables: string[]): void {
  if (syllables.length < 2) return;
  push(keys.swapped, skeletonFromSyllables([...syllables].reverse()));
}

/** Keys of a given name written in any script. */
export function givenNameKeys(raw: string): NamePartKeys {
  const keys = emptyKeys();
  const text = raw.trim();
  switch (scriptOf(text)) {
    case 'hangul': {
      const syllables = hangulSyllables(text);
      addHangul(keys, canonicalFromSyllables(syllables));
      addSwapped(keys, syllables);
      break;
    }
    case 'han': {
      const chars = hanCharacters(text);
      push(keys.literal, chars.join(''));
      const { syllables, guessed } = readCharacters(chars);
      if (!guessed) {
        addHangul(keys, canonicalFromSyllables(syllables));
        addSwapped(keys, syllables);
      }
      break;
    }
    case 'latin': {
      push(keys.literal, latinLetters(text));
      const skeleton = latinSkeleton(text);
      push(keys.skeleton, skeleton);
      // Syllables: from the writer's separators when there are any (Young-hee, Young Hee).
      const words = text.split(/[\s\-'’.]+/).filter((w) => latinLetters(w).length > 0);
      if (words.length >= 2) {
        push(keys.swapped, latinSkeleton(words.reverse().join('')));
      } else {
        const syllables = skeletonSyllables(skeleton);
        if (syllables.length >= 2) push(keys.swapped, finishSkeleton(syllables.reverse().join('')));
      }
      for (const guess of koreanReadingsOfPinyin(text)) {
        push(keys.guessHangul, guess);
        push(keys.guessSkeleton, skeletonFromSyllables([...guess]));
      }
      break;
    }
    case 'none':
      break;
  }
  keys.primary = keys.skeleton[0] ?? keys.literal[0] ?? '';
  return keys;
}

/** A full name written in one field (an alias: 김영희, 金英姬, Kim Young-hee, Jin Yingji). */
export function splitFullName(raw: string): { family: string; given: string } {
  const text = raw.trim();
  const script = scriptOf(text);
  if (script === 'hangul' || script === 'han') {
    const words = text.split(/\s+/).filter(Boolean);
    if (words.length >= 2) return { family: words[0], given: words.slice(1).join('') };
    const chars = script === 'hangul' ? hangulSyllables(text) : hanCharacters(text);
    const two = chars.slice(0, 2).join('');
    const cut = chars.length >= 3 && isKnownSurname(two) ? 2 : 1;
    return { family: chars.slice(0, cut).join(''), given: chars.slice(cut).join('') };
  }
  const comma = text.indexOf(',');
  if (comma >= 0) return { family: text.slice(0, comma), given: text.slice(comma + 1) };
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length < 2) return { family: '', given: text };
  const known = (w: string) => surnamesBySpelling(w).length > 0 || surnamesByPinyin(w).length > 0;
  if (!known(words[0]) && known(words[words.length - 1])) {
    return { family: words[words.length - 1], given: words.slice(0, -1).join(' ') };
  }
  return { family: words[0], given: words.slice(1).join(' ') };
}

/** Merges the keys of `extra` (an alias) into `keys`; the primary key stays the first one set. */
export function mergeKeys(keys: NamePartKeys, extra: NamePartKeys): void {
  for (const field of [
    'hangul',
    'literal',
    'skeleton',
    'guessHangul',
    'guessSkeleton',
    'swapped',
    'jamo',
  ] as const) {
    for (const v of extra[field]) push(keys[field], v);
  }
  if (!keys.primary) keys.primary = extra.primary;
}

/** True when the keys hold nothing to compare (a missing name). */
export function isEmptyKeys(keys: NamePartKeys): boolean {
  return keys.literal.length === 0 && keys.hangul.length === 0 && keys.skeleton.length === 0;
}

function meet(x: readonly string[], y: readonly string[]): boolean {
  for (const a of x) if (y.includes(a)) return true;
  return false;
}

/**
 * Whether two spellings are one name: a Hangul form, the letters, a romanisation skeleton or a
 * reading guessed from pinyin in common, or the syllables of one swapped in the other.
 */
export function sameName(x: NamePartKeys, y: NamePartKeys): boolean {
  const hangulX = [...x.hangul, ...x.guessHangul];
  const hangulY = [...y.hangul, ...y.guessHangul];
  const skeletonX = [...x.skeleton, ...x.guessSkeleton];
  const skeletonY = [...y.skeleton, ...y.guessSkeleton];
  return (
    meet(hangulX, hangulY) ||
    meet(x.literal, y.literal) ||
    meet(skeletonX, skeletonY) ||
    meet(x.swapped, y.skeleton) ||
    meet(x.skeleton, y.swapped)
  );
}

function oneEditApart(x: readonly string[], y: readonly string[]): boolean {
  for (const a of x) for (const b of y) if (withinOneEdit(a, b)) return true;
  return false;
}

/**
 * Whether two spellings may be one name with a typing error: the same name (sameName), or one
 * letter (one jamo in Hangul) apart in the letters, the Hangul or the skeleton. Kim and 任 (임)
 * are one jamo apart; Kim and Ri are not.
 */
export function nearName(x: NamePartKeys, y: NamePartKeys): boolean {
  return (
    sameName(x, y) ||
    oneEditApart(x.literal, y.literal) ||
    oneEditApart(x.jamo, y.jamo) ||
    oneEditApart(x.skeleton, y.skeleton)
  );
}
