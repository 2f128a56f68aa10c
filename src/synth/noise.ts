import { compose, decompose, I, V, F, type Jamo } from '../model/names/hangul';
import type { Rng } from './rng';

/**
 * The errors people make writing a name down: a mistyped jamo or letter, a dropped or doubled
 * letter, two letters swapped. Each function changes its input (when it can) and never returns
 * an empty string for a non-empty one.
 */

// Jamo that are confused for each other (similar sound or adjacent keys on the Korean keyboard).
const VOWEL_CONFUSIONS: ReadonlyArray<readonly [number, number]> = [
  [V.eo, V.o],
  [V.yeo, V.yo],
  [V.ae, V.e],
  [V.eu, V.u],
  [V.ui, V.i],
  [V.oe, V.we],
  [V.a, V.ya],
];
const INITIAL_CONFUSIONS: ReadonlyArray<readonly [number, number]> = [
  [I.g, I.k],
  [I.j, I.ch],
  [I.d, I.t],
  [I.b, I.p],
  [I.s, I.ss],
  [I.n, I.r],
];
const FINAL_CONFUSIONS: ReadonlyArray<readonly [number, number]> = [
  [F.n, F.ng],
  [F.m, F.ng],
  [F.k, F.none],
  [F.l, F.none],
];

function confuse(
  value: number,
  pairs: ReadonlyArray<readonly [number, number]>,
): number | undefined {
  for (const [a, b] of pairs) {
    if (value === a) return b;
    if (value === b) return a;
  }
  return undefined;
}

function hangulTypo(syllable: Jamo, rng: Rng): Jamo | undefined {
  const order = rng.int(0, 2);
  for (let k = 0; k < 3; k++) {
    const which = (order + k) % 3;
    if (which === 0) {
      const vowel = confuse(syllable.vowel, VOWEL_CONFUSIONS);
      if (vowel !== undefined) return { ...syllable, vowel };
    } else if (which === 1) {
      const initial = confuse(syllable.initial, INITIAL_CONFUSIONS);
      if (initial !== undefined) return { ...syllable, initial };
    } else {
      const final = confuse(syllable.final, FINAL_CONFUSIONS);
      if (final !== undefined) return { ...syllable, final };
    }
  }
  return undefined;
}

// Neighbouring keys on a QWERTY keyboard, for substitutions in romanised names.
const NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'sq', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk',
  k: 'jl', l: 'k', m: 'n', n: 'bm', o: 'ip', p: 'o', q: 'w', r: 'et', s: 'ad', t: 'ry',
  u: 'yi', v: 'cb', w: 'qe', x: 'zc', y: 'tu', z: 'x',
}; // prettier-ignore

function latinTypo(text: string, rng: Rng): string {
  const chars = Array.from(text);
  const letters = chars.map((c, i) => (/[a-z]/i.test(c) ? i : -1)).filter((i) => i >= 0);
  if (letters.length < 2) return text;
  const at = rng.pick(letters);
  const kind = rng.int(0, 3);
  if (kind === 0 && letters.length > 2) {
    chars.splice(at, 1);
  } else if (kind === 1) {
    chars.splice(at, 0, chars[at].toLowerCase());
  } else if (kind === 2 && at + 1 < chars.length && /[a-z]/i.test(chars[at + 1])) {
    [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
  } else {
    const lower = chars[at].toLowerCase();
    const options = NEIGHBOURS[lower] ?? lower;
    const replacement = options[rng.int(0, options.length - 1)];
    chars[at] = chars[at] === lower ? replacement : replacement.toUpperCase();
  }
  return chars.join('');
}

/**
 * One typing error in `text`: a confused jamo in a Hangul syllable, or a dropped, doubled,
 * swapped or mistyped letter in a romanised name. Chinese characters are left alone (a wrong
 * character is a different name, not a typo).
 */
export function typo(text: string, rng: Rng): string {
  if (text.length === 0) return text;
  const chars = Array.from(text);
  const hangul = chars.map((c, i) => (decompose(c) ? i : -1)).filter((i) => i >= 0);
  if (hangul.length > 0) {
    const at = rng.pick(hangul);
    const changed = hangulTypo(decompose(chars[at]) as Jamo, rng);
    if (changed) chars[at] = compose(changed);
    return chars.join('');
  }
  return latinTypo(text, rng);
}

/** A year written down wrong by one or two (Korean age counting, the lunar calendar, guesses). */
export function jitterYear(year: number, rng: Rng, offOne: number, offTwo: number): number {
  const x = rng.float();
  const sign = rng.bool(0.5) ? 1 : -1;
  if (x < offTwo) return year + 2 * sign;
  if (x < offTwo + offOne) return year + sign;
  return year;
}
