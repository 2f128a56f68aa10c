import { givenNorth, givenSouth, type GivenSyllable } from './given';
import {
  capitalise,
  pickWeighted,
  romaniseDPRK,
  romaniseMR,
  romanisePassport,
  romaniseRR,
  type PassportOptions,
  type RandomSource,
} from './romanise';
import type { Surname } from './surnames';

/**
 * The ways a Korean woman's name gets written down, by the people who write it:
 * South Korean documenters (Hangul in South spelling, RR, passport habits), North Korean
 * documents and the DPRK's own romanisation (Hangul in North spelling), scholars and older
 * Western sources (MR, with or without breves), Chinese police and employers (the characters,
 * simplified, and their Mandarin reading in pinyin), and family records (Hanja).
 */
export type NameScript =
  | 'hangul-south'
  | 'hangul-north'
  | 'hanja'
  | 'chinese'
  | 'pinyin'
  | 'rr'
  | 'mr'
  | 'mr-ascii'
  | 'dprk'
  | 'passport';

export const NAME_SCRIPTS: readonly NameScript[] = [
  'hangul-south',
  'hangul-north',
  'hanja',
  'chinese',
  'pinyin',
  'rr',
  'mr',
  'mr-ascii',
  'dprk',
  'passport',
];

/** A name as facts: the surname's clan entry and the given name's syllables with their Hanja. */
export interface KoreanName {
  surname: Surname;
  given: readonly GivenSyllable[];
}

export interface RenderedName {
  family: string;
  given: string;
}

/** The surname in one script. `random` draws passport habits; without it, the usual spelling. */
export function renderSurname(surname: Surname, script: NameScript, random?: RandomSource): string {
  switch (script) {
    case 'hangul-south':
      return surname.south;
    case 'hangul-north':
      return surname.north;
    case 'hanja':
      return surname.hanja;
    case 'chinese':
      return surname.simplified;
    case 'pinyin':
      return surname.pinyin;
    case 'rr':
      return romaniseRR(surname.south);
    case 'mr':
      return surname.mr ?? romaniseMR(surname.south);
    case 'mr-ascii':
      return surname.mr ?? romaniseMR(surname.south, { ascii: true });
    case 'dprk':
      return romaniseDPRK(surname.north);
    case 'passport':
      return pickWeighted(surname.passport, random);
  }
}

/** The given name in one script: 영희 -> Yeonghui (RR), Yŏng-hŭi (MR), Yong Hui (DPRK), Younghee. */
export function renderGiven(
  given: readonly GivenSyllable[],
  script: NameScript,
  random?: RandomSource,
  passport: PassportOptions = {},
): string {
  switch (script) {
    case 'hangul-south':
      return givenSouth(given);
    case 'hangul-north':
      return givenNorth(given);
    case 'hanja':
      return given.map((s) => s.hanja).join('');
    case 'chinese':
      return given.map((s) => s.simplified).join('');
    case 'pinyin':
      return capitalise(given.map((s) => s.pinyin).join(''));
    case 'rr':
      return romaniseRR(givenSouth(given));
    case 'mr':
      return romaniseMR(givenSouth(given));
    case 'mr-ascii':
      return romaniseMR(givenSouth(given), { ascii: true });
    case 'dprk':
      return romaniseDPRK(givenNorth(given));
    case 'passport':
      return romanisePassport(givenSouth(given), random, passport);
  }
}

export function renderName(
  name: KoreanName,
  script: NameScript,
  random?: RandomSource,
): RenderedName {
  return {
    family: renderSurname(name.surname, script, random),
    given: renderGiven(name.given, script, random),
  };
}

/** True for the scripts written without spaces between family and given name (김영희, 金英姬). */
export function isCharacterScript(script: NameScript): boolean {
  return (
    script === 'hangul-south' ||
    script === 'hangul-north' ||
    script === 'hanja' ||
    script === 'chinese'
  );
}

/** The whole name as one string, in the order and spacing its script uses. */
export function fullName(rendered: RenderedName, script: NameScript): string {
  return isCharacterScript(script)
    ? rendered.family + rendered.given
    : `${rendered.family} ${rendered.given}`.trim();
}
