import { decompose, F, I, V, type Jamo } from './hangul';

/**
 * Forward romanisers for personal names, syllable by syllable, each following its own published
 * convention for names:
 * - Revised Romanization (South Korea, 2000): sound changes between the syllables of a given
 *   name are not written (Han Boknam), the hyphen is optional.
 * - McCune-Reischauer (1939; ALA-LC practice for names): the given name hyphenated, the second
 *   syllable's plain consonant voiced after a vowel or a voiced final (Kim Tae-jung), aspirates
 *   with an apostrophe, ŏ/ŭ with breves. The common ASCII form drops breves and apostrophes.
 * - DPRK (1992 system as KCNA writes it): MR-derived but ㅈ is j, aspirates kh/th/ph, initial ㄹ
 *   is r, each syllable of the given name a separate capitalised word (Ri Sol Ju), no voicing;
 *   breves dropped in practice.
 * - Passport habits (South Korean passports and self-chosen spellings): not a system but a set
 *   of habits (ㅓ as eo or u, ㅜ as oo, 희 as hee, ㄱ as k), drawn at random with rough weights.
 * Characters that are not Hangul syllables pass through unchanged.
 */

// prettier-ignore
const RR_INITIAL = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
// prettier-ignore
const RR_VOWEL = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
/** Final consonants as pronounced at the end of a syllable (the seven representative sounds). */
// prettier-ignore
const FINAL_SOUND = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];

// prettier-ignore
const MR_INITIAL = ['k', 'kk', 'n', 't', 'tt', 'r', 'm', 'p', 'pp', 's', 'ss', '', 'ch', 'tch', "ch'", "k'", "t'", "p'", 'h'];
// prettier-ignore
const MR_VOWEL = ['a', 'ae', 'ya', 'yae', 'ŏ', 'e', 'yŏ', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wŏ', 'we', 'wi', 'yu', 'ŭ', 'ŭi', 'i'];

// prettier-ignore
const DPRK_INITIAL = ['k', 'kk', 'n', 't', 'tt', 'r', 'm', 'p', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'kh', 'th', 'ph', 'h'];

export interface MrOptions {
  /** Hyphen between syllables (the MR convention for given names). Default true. */
  hyphen?: boolean;
  /** Drop breves and apostrophes (the common ASCII form: Ch'oe -> Choe). Default false. */
  ascii?: boolean;
}

export interface RrOptions {
  /** Hyphen between syllables (allowed by RR for given names). Default false. */
  hyphen?: boolean;
}

export interface DprkOptions {
  /** Keep the 1992 system's breves (ŏ, ŭ); KCNA practice drops them. Default false. */
  breves?: boolean;
}

/** Uniform random number in [0, 1); passport habits are drawn from it. */
export type RandomSource = () => number;

export function capitalise(word: string): string {
  return word.length === 0 ? word : word[0].toUpperCase() + word.slice(1);
}

function syllables(hangul: string): Array<Jamo | string> {
  return Array.from(hangul, (ch) => decompose(ch) ?? ch);
}

/** Revised Romanization of a name part, no sound changes across syllables: 영희 -> Yeonghui. */
export function romaniseRR(hangul: string, options: RrOptions = {}): string {
  const parts = syllables(hangul).map((s) =>
    typeof s === 'string' ? s : RR_INITIAL[s.initial] + RR_VOWEL[s.vowel] + FINAL_SOUND[s.final],
  );
  return capitalise(parts.join(options.hyphen ? '-' : ''));
}

/** True when the final (index) ends in a voiced sound, or there is no final (a vowel). */
function voicedEnding(final: number): boolean {
  const sound = FINAL_SOUND[final];
  return sound === '' || sound === 'n' || sound === 'm' || sound === 'ng' || sound === 'l';
}

/** MR initial of a non-first syllable, after a syllable whose final is `previousFinal`. */
function mrMedialInitial(initial: number, previousFinal: number | undefined): string {
  if (previousFinal === undefined || !voicedEnding(previousFinal)) return MR_INITIAL[initial];
  const afterL = FINAL_SOUND[previousFinal] === 'l';
  switch (initial) {
    case I.g:
      return 'g';
    case I.b:
      return 'b';
    // After ㄹ, ㄷ and ㅈ are tensed in Sino-Korean words (일등 iltŭng, 결정 kyŏlchŏng).
    case I.d:
      return afterL ? 't' : 'd';
    case I.j:
      return afterL ? 'ch' : 'j';
    default:
      return MR_INITIAL[initial];
  }
}

function toAscii(text: string): string {
  return text
    .replace(/ŏ/g, 'o')
    .replace(/ŭ/g, 'u')
    .replace(/Ŏ/g, 'O')
    .replace(/Ŭ/g, 'U')
    .replace(/'/g, '');
}

/** McCune-Reischauer of a name part: 영희 -> Yŏng-hŭi, 대중 -> Tae-jung, 최 -> Ch'oe. */
export function romaniseMR(hangul: string, options: MrOptions = {}): string {
  const hyphen = options.hyphen ?? true;
  let previousFinal: number | undefined;
  const parts: string[] = [];
  for (const s of syllables(hangul)) {
    if (typeof s === 'string') {
      parts.push(s);
      previousFinal = undefined;
      continue;
    }
    const initial =
      parts.length === 0 ? MR_INITIAL[s.initial] : mrMedialInitial(s.initial, previousFinal);
    parts.push(initial + MR_VOWEL[s.vowel] + FINAL_SOUND[s.final]);
    previousFinal = s.final;
  }
  const text = capitalise(parts.join(hyphen ? '-' : ''));
  return options.ascii ? toAscii(text) : text;
}

/** DPRK style: each syllable a capitalised word, 설주 -> Sol Ju, 룡해 -> Ryong Hae. */
export function romaniseDPRK(hangul: string, options: DprkOptions = {}): string {
  const words = syllables(hangul).map((s) => {
    if (typeof s === 'string') return s;
    const word = capitalise(DPRK_INITIAL[s.initial] + MR_VOWEL[s.vowel] + FINAL_SOUND[s.final]);
    return options.breves ? word : toAscii(word);
  });
  return words.join(' ');
}

type Options = ReadonlyArray<readonly [string, number]>;

/** One of `options` drawn by weight; without `random`, the first (the usual one). */
export function pickWeighted(options: Options, random: RandomSource | undefined): string {
  if (!random || options.length === 1) return options[0][0];
  let total = 0;
  for (const [, w] of options) total += w;
  let x = random() * total;
  for (const [value, w] of options) {
    x -= w;
    if (x < 0) return value;
  }
  return options[options.length - 1][0];
}

/** Parses `a:50|b:30` into weighted options once, at load. */
function habit(spec: string): Options {
  return spec.split('|').map((part) => {
    const [value, weight] = part.split(':');
    return [value, Number(weight)] as const;
  });
}

const HABIT = {
  g: habit('k:75|g:25'),
  kk: habit('kk:50|gg:30|k:20'),
  d: habit('d:80|t:20'),
  r: habit('r:80|l:20'),
  b: habit('b:60|p:40'),
  sh: habit('sh:60|s:40'),
  j: habit('j:88|ch:12'),
  eoOpen: habit('eo:50|uh:30|u:20'),
  eoClosed: habit('u:50|eo:40|o:10'),
  // 영 Young, 경 Kyung, 연 Yeon, 현 Hyun, 여 Yeo: the habit depends on the initial and final.
  yeoAloneNg: habit('you:60|yeo:30|yu:10'),
  yeoNg: habit('yu:60|yeo:35|yo:5'),
  yeoAloneClosed: habit('yeo:50|yu:30|you:20'),
  yeoClosed: habit('yu:55|yeo:40|yo:5'),
  yeoOpen: habit('yeo:60|yu:25|yo:15'),
  u: habit('oo:55|u:45'),
  yu: habit('yu:50|yoo:40|you:10'),
  eu: habit('eu:70|u:20|ue:10'),
  hui: habit('ee:70|ui:20|i:10'),
  ui: habit('ui:60|eui:30|ee:10'),
  oe: habit('oe:50|oi:50'),
  wi: habit('wi:70|wee:30'),
  iOpen: habit('i:85|ee:15'),
  oAlone: habit('oh:60|o:40'),
  k: habit('k:85|ck:10|g:5'),
} as const;

const SH_VOWELS = new Set<number>([V.i, V.wi, V.ya, V.yeo, V.yo, V.yu]);

function passportInitial(j: Jamo): Options | string {
  switch (j.initial) {
    case I.g:
      return HABIT.g;
    case I.kk:
      return HABIT.kk;
    case I.d:
      return HABIT.d;
    case I.r:
      return HABIT.r;
    case I.b:
      return HABIT.b;
    case I.s:
      return SH_VOWELS.has(j.vowel) ? HABIT.sh : 's';
    case I.j:
      return HABIT.j;
    default:
      return RR_INITIAL[j.initial];
  }
}

function passportVowel(j: Jamo): Options | string {
  const open = j.final === F.none;
  const alone = j.initial === I.ng;
  switch (j.vowel) {
    case V.eo:
      return open ? HABIT.eoOpen : HABIT.eoClosed;
    case V.yeo:
      if (open) return HABIT.yeoOpen;
      if (j.final === F.ng) return alone ? HABIT.yeoAloneNg : HABIT.yeoNg;
      return alone ? HABIT.yeoAloneClosed : HABIT.yeoClosed;
    case V.u:
      return HABIT.u;
    case V.yu:
      return HABIT.yu;
    case V.eu:
      return HABIT.eu;
    case V.ui:
      return j.initial === I.h ? HABIT.hui : HABIT.ui;
    case V.oe:
      return HABIT.oe;
    case V.wi:
      return HABIT.wi;
    case V.i:
      return open ? HABIT.iOpen : 'i';
    case V.o:
      return open && alone ? HABIT.oAlone : 'o';
    default:
      return RR_VOWEL[j.vowel];
  }
}

function passportFinal(j: Jamo): Options | string {
  const sound = FINAL_SOUND[j.final];
  return sound === 'k' ? HABIT.k : sound;
}

function draw(habitOrFixed: Options | string, random: RandomSource | undefined): string {
  return typeof habitOrFixed === 'string' ? habitOrFixed : pickWeighted(habitOrFixed, random);
}

export interface PassportOptions {
  /** How the syllables of a given name are joined: Younghee, Young-hee or Young Hee. */
  join?: '' | '-' | ' ';
}

/**
 * A passport-style spelling of a name part. With `random`, each habit is drawn with its weight
 * (several people with the same Hangul name spell it differently); without, the usual form:
 * 영희 -> Younghee, 정숙 -> Jungsook, 은희 -> Eunhee.
 */
export function romanisePassport(
  hangul: string,
  random?: RandomSource,
  options: PassportOptions = {},
): string {
  const parts = syllables(hangul).map((s) =>
    typeof s === 'string'
      ? s
      : capitalise(
          draw(passportInitial(s), random) +
            draw(passportVowel(s), random) +
            draw(passportFinal(s), random),
        ),
  );
  const joined = parts.join(options.join ?? '');
  // Only the first letter is a capital unless the syllables are separate words.
  return options.join === ' ' ? joined : capitalise(joined.toLowerCase());
}
