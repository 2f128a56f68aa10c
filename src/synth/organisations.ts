import type { NameScript } from '../model/names';
import type { InformationSource } from '../model/types';
import type { Situation } from './population';

/**
 * The documenting organisations (fictional): who each one reaches, and how each writes things
 * down. Capture differs by person (her latent visibility, where she ended up), by organisation
 * (its base rate and reach), and lists depend on each other through referrals, so that the
 * overlap between lists is what multiple systems estimation meets in practice: positive
 * dependence and heterogeneous capture, not independent coin flips.
 */

/** How a place name is written: Korean (South / North spelling), Chinese, English, or any other alias. */
export type PlaceForm = 'ko' | 'koNorth' | 'zh' | 'en' | 'alias';

export type Weighted<T> = ReadonlyArray<readonly [T, number]>;

export interface OrganisationProfile {
  /** Source id: the `source` column, the file name `<id>.csv`. */
  id: string;
  /** Prefix of the organisation's record ids. */
  prefix: string;
  /** What it is, for the README and the demo. */
  description: string;

  // Capture: logit P(documented) = base + visibility * z + reach[situation] + referrals.
  base: number;
  visibility: number;
  reach: Readonly<Record<Situation, number>>;
  /** Organisations (earlier in the list) that refer people to this one, with the logit added. */
  referredBy: ReadonlyArray<readonly [string, number]>;
  /** Years (after the situation became known) before the interview: uniform in [min, max]. */
  lag: readonly [number, number];

  // Writing habits.
  language: 'ko' | 'en' | 'zh';
  knowledge: InformationSource['knowledge'];
  nameScripts: Weighted<NameScript>;
  placeForms: Weighted<PlaceForm>;
  /** Writes the DPRK side of a crossing (Musan) rather than the Chinese side (Nanping). */
  crossingSide: 'dprk' | 'prc';
  /** Share of romanised names written in capitals (KIM YONGHUI), as passports and visas do. */
  upperCase: number;
  /** How the syllables of a romanised given name are joined. */
  givenJoin: Weighted<'' | '-' | ' '>;
  /** Share of records with an exact birth date. */
  birthDate: number;
  /** Share of records with a phone or identity number. */
  idNumber: number;
  /** Share of records that list other names (other scripts, Chinese alias). */
  otherNames: number;
  /** Base error rates (multiplied under heavy noise). */
  typo: number;
  swapGiven: number;
  yearOffOne: number;
  yearOffTwo: number;
  /** Base shares of fields left empty. */
  missing: Readonly<{
    birthYear: number;
    homeCounty: number;
    homeProvince: number;
    crossing: number;
    placeInChina: number;
    eventYear: number;
    repatriated: number;
  }>;
  /** Share of a case's events (other than the crossing) that the organisation did not record. */
  eventDrop: number;
}

const LOW_MISSING = {
  birthYear: 0.03,
  homeCounty: 0.15,
  homeProvince: 0.03,
  crossing: 0.15,
  placeInChina: 0.1,
  eventYear: 0.03,
  repatriated: 0.05,
};

const HIGH_MISSING = {
  birthYear: 0.2,
  homeCounty: 0.35,
  homeProvince: 0.1,
  crossing: 0.4,
  placeInChina: 0.3,
  eventYear: 0.15,
  repatriated: 0.2,
};

/** The organisations in the order `--sources K` takes them. */
export const ORGANISATIONS: readonly OrganisationProfile[] = [
  {
    id: 'haneul',
    prefix: 'HN',
    description: 'testimony centre in Seoul interviewing new arrivals',
    base: -1.6,
    visibility: 0.8,
    reach: { south_korea: 2.6, china: -2.5, repatriated: -2.0, dead: -3.5 },
    referredBy: [],
    lag: [0, 2],
    language: 'ko',
    knowledge: 'direct',
    nameScripts: [
      ['hangul-south', 85],
      ['hanja', 5],
      ['passport', 5],
      ['hangul-north', 5],
    ],
    placeForms: [
      ['ko', 75],
      ['alias', 15],
      ['koNorth', 10],
    ],
    crossingSide: 'dprk',
    upperCase: 0,
    givenJoin: [['', 1]],
    birthDate: 0.7,
    idNumber: 0.5,
    otherNames: 0.3,
    typo: 0.02,
    swapGiven: 0.005,
    yearOffOne: 0.05,
    yearOffTwo: 0.01,
    missing: LOW_MISSING,
    eventDrop: 0.05,
  },
  {
    id: 'saebyeok',
    prefix: 'SB',
    description: 'rescue network working inside China',
    base: -2.4,
    visibility: 0.7,
    reach: { south_korea: 1.0, china: 1.6, repatriated: 0.4, dead: -0.5 },
    referredBy: [],
    lag: [0, 1],
    language: 'ko',
    knowledge: 'direct',
    nameScripts: [
      ['hangul-north', 45],
      ['hangul-south', 25],
      ['chinese', 30],
    ],
    placeForms: [
      ['zh', 45],
      ['ko', 30],
      ['koNorth', 25],
    ],
    crossingSide: 'prc',
    upperCase: 0,
    givenJoin: [['', 1]],
    birthDate: 0.15,
    idNumber: 0.4,
    otherNames: 0.5,
    typo: 0.04,
    swapGiven: 0.01,
    yearOffOne: 0.12,
    yearOffTwo: 0.04,
    missing: HIGH_MISSING,
    eventDrop: 0.15,
  },
  {
    id: 'bitna',
    prefix: 'BRW',
    description: 'international advocacy group writing in English',
    base: -3.0,
    visibility: 0.9,
    reach: { south_korea: 1.8, china: -1.0, repatriated: 0.2, dead: -1.0 },
    referredBy: [['haneul', 1.3]],
    lag: [0, 3],
    language: 'en',
    knowledge: 'direct',
    nameScripts: [
      ['passport', 35],
      ['mr-ascii', 25],
      ['rr', 20],
      ['mr', 15],
      ['dprk', 5],
    ],
    placeForms: [
      ['en', 70],
      ['alias', 30],
    ],
    crossingSide: 'dprk',
    upperCase: 0.3,
    givenJoin: [
      ['', 45],
      ['-', 35],
      [' ', 20],
    ],
    birthDate: 0.4,
    idNumber: 0.2,
    otherNames: 0.35,
    typo: 0.04,
    swapGiven: 0.01,
    yearOffOne: 0.08,
    yearOffTwo: 0.02,
    missing: LOW_MISSING,
    eventDrop: 0.1,
  },
  {
    id: 'dorae',
    prefix: 'DR',
    description: 'records forced returns through families and contacts inside the DPRK',
    base: -3.4,
    visibility: 0.5,
    reach: { south_korea: 0.3, china: -0.5, repatriated: 3.4, dead: 2.6 },
    referredBy: [['saebyeok', 0.8]],
    lag: [0, 3],
    language: 'ko',
    knowledge: 'hearsay',
    nameScripts: [
      ['hangul-north', 70],
      ['dprk', 20],
      ['hangul-south', 10],
    ],
    placeForms: [
      ['koNorth', 60],
      ['ko', 20],
      ['en', 20],
    ],
    crossingSide: 'dprk',
    upperCase: 0,
    givenJoin: [[' ', 1]],
    birthDate: 0.05,
    idNumber: 0.1,
    otherNames: 0.15,
    typo: 0.05,
    swapGiven: 0.02,
    yearOffOne: 0.2,
    yearOffTwo: 0.08,
    missing: HIGH_MISSING,
    eventDrop: 0.2,
  },
  {
    id: 'mirae',
    prefix: 'ML',
    description: 'legal aid office in Seoul',
    base: -3.2,
    visibility: 0.6,
    reach: { south_korea: 2.2, china: -2.0, repatriated: -1.0, dead: -3.0 },
    referredBy: [['haneul', 1.5]],
    lag: [0, 4],
    language: 'ko',
    knowledge: 'direct',
    nameScripts: [
      ['hangul-south', 50],
      ['passport', 30],
      ['rr', 20],
    ],
    placeForms: [
      ['ko', 60],
      ['en', 40],
    ],
    crossingSide: 'dprk',
    upperCase: 0.5,
    givenJoin: [
      ['', 60],
      ['-', 40],
    ],
    birthDate: 0.9,
    idNumber: 0.8,
    otherNames: 0.2,
    typo: 0.015,
    swapGiven: 0.005,
    yearOffOne: 0.02,
    yearOffTwo: 0.005,
    missing: LOW_MISSING,
    eventDrop: 0.05,
  },
  {
    id: 'gaon',
    prefix: 'GCD',
    description: 'desk collecting Chinese-language court and police documents',
    base: -3.3,
    visibility: 0.4,
    reach: { south_korea: -0.5, china: 1.4, repatriated: 1.8, dead: 0.5 },
    referredBy: [],
    lag: [0, 2],
    language: 'zh',
    knowledge: 'document',
    nameScripts: [
      ['chinese', 65],
      ['pinyin', 35],
    ],
    placeForms: [
      ['zh', 85],
      ['en', 15],
    ],
    crossingSide: 'prc',
    upperCase: 0.2,
    givenJoin: [['', 1]],
    birthDate: 0.5,
    idNumber: 0.3,
    otherNames: 0.5,
    typo: 0.02,
    swapGiven: 0.005,
    yearOffOne: 0.06,
    yearOffTwo: 0.02,
    missing: HIGH_MISSING,
    eventDrop: 0.25,
  },
  {
    id: 'nuri',
    prefix: 'NURI',
    description: 'coalition compiling submissions to the UN',
    base: -3.6,
    visibility: 0.9,
    reach: { south_korea: 0.8, china: 0.0, repatriated: 1.0, dead: 0.8 },
    referredBy: [
      ['haneul', 1.0],
      ['saebyeok', 1.0],
      ['dorae', 1.0],
    ],
    lag: [1, 4],
    language: 'en',
    knowledge: 'witness',
    nameScripts: [
      ['hangul-south', 25],
      ['mr-ascii', 20],
      ['rr', 15],
      ['passport', 15],
      ['hangul-north', 10],
      ['dprk', 10],
      ['hanja', 5],
    ],
    placeForms: [
      ['en', 40],
      ['ko', 25],
      ['zh', 15],
      ['alias', 20],
    ],
    crossingSide: 'dprk',
    upperCase: 0.1,
    givenJoin: [
      ['', 50],
      ['-', 30],
      [' ', 20],
    ],
    birthDate: 0.3,
    idNumber: 0.15,
    otherNames: 0.4,
    typo: 0.03,
    swapGiven: 0.01,
    yearOffOne: 0.1,
    yearOffTwo: 0.03,
    missing: HIGH_MISSING,
    eventDrop: 0.15,
  },
  {
    id: 'sarang',
    prefix: 'SRS',
    description: 'shelter on the route through Laos and Thailand',
    base: -3.0,
    visibility: 0.5,
    reach: { south_korea: 2.0, china: -2.0, repatriated: -2.5, dead: -3.0 },
    referredBy: [['saebyeok', 1.2]],
    lag: [0, 0],
    language: 'en',
    knowledge: 'direct',
    nameScripts: [
      ['passport', 40],
      ['hangul-south', 30],
      ['dprk', 30],
    ],
    placeForms: [
      ['en', 50],
      ['ko', 50],
    ],
    crossingSide: 'dprk',
    upperCase: 0.4,
    givenJoin: [
      ['', 50],
      [' ', 50],
    ],
    birthDate: 0.3,
    idNumber: 0.3,
    otherNames: 0.2,
    typo: 0.04,
    swapGiven: 0.01,
    yearOffOne: 0.08,
    yearOffTwo: 0.03,
    missing: LOW_MISSING,
    eventDrop: 0.1,
  },
];

export const MAX_SOURCES = ORGANISATIONS.length;

/** Logit of capture in the years the border was sealed: fieldwork and arrivals both stopped. */
export const SEALED_YEARS_LOGIT = -2.0;

/** Share of documented people recorded twice by the same organisation (a second interview). */
export const WITHIN_LIST_DUPLICATES = { default: 0.02, heavy: 0.05 } as const;

export type NoiseLevel = 'default' | 'heavy';

/** How much more often each error happens under heavy noise. */
export const HEAVY_FACTOR = 2.5;
