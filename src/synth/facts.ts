/**
 * The facts the synthetic population is drawn from (domain.md section 7), each with its source,
 * and the assumptions that fill the gaps, each marked as such. Tests check the generated
 * population against these numbers, so they are defined once, here.
 */

/**
 * North Korean arrivals in South Korea per year (Ministry of Unification statistics; 2009, 2019-2023
 * as quoted in domain.md). Crossing years are drawn in proportion: high in the 2000s, decline
 * after 2012, collapse when the border was sealed in 2020-2022.
 */
export const ARRIVALS_BY_YEAR: Readonly<Record<number, number>> = {
  2000: 312,
  2001: 583,
  2002: 1139,
  2003: 1281,
  2004: 1894,
  2005: 1383,
  2006: 2028,
  2007: 2554,
  2008: 2803,
  2009: 2914,
  2010: 2402,
  2011: 2706,
  2012: 1502,
  2013: 1514,
  2014: 1397,
  2015: 1275,
  2016: 1418,
  2017: 1127,
  2018: 1137,
  2019: 1047,
  2020: 229,
  2021: 63,
  2022: 67,
  2023: 196,
  2024: 236,
};

/** Weight of a crossing year; outside the table, the nearest year's figure (an assumption). */
export function crossingYearWeight(year: number): number {
  const years = Object.keys(ARRIVALS_BY_YEAR).map(Number);
  const first = Math.min(...years);
  const last = Math.max(...years);
  return ARRIVALS_BY_YEAR[Math.min(last, Math.max(first, year))];
}

/** Years in which the border was sealed (COVID-19): crossings, escapes and fieldwork collapse. */
export const BORDER_SEALED = { from: 2020, to: 2022 } as const;

/**
 * The mass forced return of 9 October 2023 (UN Special Rapporteur, 2023: 500-600 people through
 * five crossings): those arrested while the border was sealed are held in China until then.
 */
export const MASS_REPATRIATION_DATE = '2023-10-09';

/** 60-80% of women who flee are trafficked (KFI 2019; GRC 2023): the middle is used. */
export const TRAFFICKED_SHARE = 0.7;

/** Exploitation of trafficked women (KFI 2019): about 50% prostitution, 30% forced marriage, 15% cybersex; the rest forced labour (assumption). */
export const EXPLOITATION_SHARES = {
  prostitution: 0.5,
  forced_marriage: 0.3,
  cybersex: 0.15,
  forced_labour: 0.05,
} as const;
export type Exploitation = keyof typeof EXPLOITATION_SHARES;

/**
 * Number of times a trafficked woman is sold ("many are sold more than once", KFI 2019):
 * the shares are an assumption.
 */
export const SALES_COUNT_SHARES: ReadonlyArray<readonly [number, number]> = [
  [1, 0.5],
  [2, 0.3],
  [3, 0.13],
  [4, 0.07],
];

/**
 * Prices in CNY. A "wife": 1,000-10,000, commonly 3,000-10,000 (KFI 2019; Dong-A Ilbo 2009),
 * drawn 80% in the common range. Sales to brothels and cybersex dens have no published range:
 * the same floor and a higher ceiling are assumed.
 */
export const PRICE_CNY = {
  wife: { min: 1000, commonMin: 3000, max: 10000, commonShare: 0.8 },
  brothel: { min: 1000, commonMin: 3000, max: 20000, commonShare: 0.8 },
  cybersex: { min: 2000, commonMin: 5000, max: 30000, commonShare: 0.8 },
  labour: { min: 1000, commonMin: 2000, max: 8000, commonShare: 0.8 },
} as const;

/**
 * Age at crossing: mostly 12-29 (KFI 2019); cybersex victims as young as 9. The mixture is an
 * assumption that keeps 12-29 the large majority and leaves room for children and older women.
 */
export const AGE_AT_CROSSING: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[9, 11], 0.05],
  [[12, 17], 0.25],
  [[18, 29], 0.55],
  [[30, 45], 0.15],
];

/**
 * Home province: over 85% of arrivals come from Ryanggang and the Hamgyong provinces (Ministry of
 * Unification, 2015); recruitment is concentrated around Musan, Hoeryong and Hyesan. The split
 * between provinces and counties is an assumption. A county of '' means the record is of the
 * province only (no county of origin drawn).
 */
export const HOME_PROVINCES: ReadonlyArray<
  readonly [string, number, ReadonlyArray<readonly [string, number]>]
> = [
  [
    'kp-hamn',
    0.56,
    [
      ['kp-hamn-musan', 0.3],
      ['kp-hamn-hoeryong', 0.27],
      ['kp-hamn-chongjin', 0.15],
      ['kp-hamn-onsong', 0.12],
      ['kp-hamn-saeppyol', 0.06],
      ['kp-hamn-kimchaek', 0.05],
      ['kp-hamn-undok', 0.05],
    ],
  ],
  [
    'kp-ryanggang',
    0.21,
    [
      ['kp-ryanggang-hyesan', 0.6],
      ['kp-ryanggang-pochon', 0.07],
      ['kp-ryanggang-kapsan', 0.07],
      ['kp-ryanggang-taehongdan', 0.06],
      ['kp-ryanggang-samjiyon', 0.05],
      ['kp-ryanggang-kimjongsuk', 0.05],
      ['kp-ryanggang-kimhyongjik', 0.04],
      ['kp-ryanggang-samsu', 0.03],
      ['kp-ryanggang-paegam', 0.03],
    ],
  ],
  [
    'kp-hams',
    0.1,
    [
      ['kp-hams-hamhung', 0.55],
      ['kp-hams-tanchon', 0.3],
      ['', 0.15],
    ],
  ],
  [
    'kp-pyan',
    0.03,
    [
      ['kp-pyan-sinuiju', 0.6],
      ['kp-pyan-uiju', 0.15],
      ['', 0.25],
    ],
  ],
  [
    'kp-chagang',
    0.02,
    [
      ['kp-chagang-manpo', 0.4],
      ['kp-chagang-kanggye', 0.4],
      ['', 0.2],
    ],
  ],
  [
    'kp-pyas',
    0.02,
    [
      ['kp-pyas-pyongsong', 0.5],
      ['', 0.5],
    ],
  ],
  ['kp-pyongyang', 0.02, [['', 1]]],
  [
    'kp-kangwon',
    0.015,
    [
      ['kp-kangwon-wonsan', 0.6],
      ['', 0.4],
    ],
  ],
  [
    'kp-hwan',
    0.01,
    [
      ['kp-hwan-sariwon', 0.6],
      ['', 0.4],
    ],
  ],
  [
    'kp-hwas',
    0.01,
    [
      ['kp-hwas-haeju', 0.6],
      ['', 0.4],
    ],
  ],
  ['kp-rason', 0.005, [['', 1]]],
];

/** Provinces counted as "Ryanggang and the Hamgyongs" by the origin fact above. */
export const NORTHERN_BORDER_PROVINCES: readonly string[] = ['kp-hamn', 'kp-ryanggang', 'kp-hams'];

/**
 * Which crossing a woman from a place uses (ids of the gazetteer's crossing pairs): the nearest
 * one mostly (an assumption following the geography).
 */
export const CROSSING_BY_ORIGIN: Readonly<
  Record<string, ReadonlyArray<readonly [string, number]>>
> = {
  'kp-hamn-musan': [
    ['musan-nanping', 0.85],
    ['hoeryong-sanhe', 0.15],
  ],
  'kp-hamn-hoeryong': [
    ['hoeryong-sanhe', 0.8],
    ['musan-nanping', 0.1],
    ['onsong-tumen', 0.1],
  ],
  'kp-hamn-onsong': [
    ['onsong-tumen', 0.85],
    ['hoeryong-sanhe', 0.15],
  ],
  'kp-hamn-saeppyol': [
    ['kyongwon-hunchun', 0.85],
    ['onsong-tumen', 0.15],
  ],
  'kp-rason': [
    ['rason-hunchun', 0.7],
    ['kyongwon-hunchun', 0.3],
  ],
  'kp-hamn': [
    ['musan-nanping', 0.35],
    ['hoeryong-sanhe', 0.3],
    ['onsong-tumen', 0.2],
    ['kyongwon-hunchun', 0.15],
  ],
  'kp-ryanggang': [
    ['hyesan-changbai', 0.85],
    ['musan-nanping', 0.15],
  ],
  'kp-hams': [
    ['hyesan-changbai', 0.4],
    ['musan-nanping', 0.3],
    ['hoeryong-sanhe', 0.3],
  ],
  'kp-chagang': [
    ['manpo-jian', 0.5],
    ['junggang-linjiang', 0.3],
    ['hyesan-changbai', 0.2],
  ],
  'kp-pyan': [
    ['sinuiju-dandong', 0.8],
    ['manpo-jian', 0.2],
  ],
  // Everyone from further south crosses where the border is reachable.
  elsewhere: [
    ['sinuiju-dandong', 0.3],
    ['hyesan-changbai', 0.3],
    ['musan-nanping', 0.2],
    ['hoeryong-sanhe', 0.2],
  ],
};

/**
 * Where women are first sold near the border, by the Chinese side of the crossing, and where they
 * are taken later: Yanji -> Jilin city -> rural villages; Changchun -> Shenyang; rural
 * Heilongjiang; onward to Hebei, Shandong, Anhui, Jiangsu, Shanghai (domain.md section 7).
 * The weights are assumptions.
 */
export const FIRST_SALE_PLACES: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>> =
  {
    tumen: [
      ['cn-jl-yanbian-yanji', 0.4],
      ['cn-jl-yanbian-helong', 0.15],
      ['cn-jl-yanbian-longjing', 0.15],
      ['cn-jl-yanbian-tumen', 0.1],
      ['cn-jl-yanbian-hunchun', 0.1],
      ['cn-jl-yanbian-antu', 0.05],
      ['cn-jl-yanbian-wangqing', 0.05],
    ],
    yalu: [
      ['cn-jl-baishan-changbai', 0.35],
      ['cn-jl-baishan', 0.15],
      ['cn-ln-dandong', 0.3],
      ['cn-jl-tonghua', 0.2],
    ],
  };

export const ONWARD_PLACES: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>> = {
  wife: [
    ['cn-jl-jilin', 0.16],
    ['cn-hl-mudanjiang', 0.08],
    ['cn-hl-jiamusi', 0.06],
    ['cn-hl-jixi', 0.05],
    ['cn-hl-suihua', 0.05],
    ['cn-hl-qiqihar', 0.05],
    ['cn-hl-shuangyashan', 0.04],
    ['cn-jl-changchun', 0.06],
    ['cn-jl-siping', 0.04],
    ['cn-jl-yanbian-dunhua', 0.05],
    ['cn-ln-tieling', 0.03],
    ['cn-he', 0.08],
    ['cn-sd', 0.09],
    ['cn-ah', 0.05],
    ['cn-js', 0.05],
    ['cn-nm', 0.02],
  ],
  brothel: [
    ['cn-jl-yanbian-yanji', 0.2],
    ['cn-ln-shenyang', 0.2],
    ['cn-jl-changchun', 0.12],
    ['cn-jl-jilin', 0.08],
    ['cn-hl-harbin', 0.1],
    ['cn-ln-dandong', 0.08],
    ['cn-ln-dalian', 0.07],
    ['cn-sd', 0.05],
    ['cn-sh', 0.05],
    ['cn-js', 0.05],
  ],
  cybersex: [
    ['cn-ln-shenyang', 0.4],
    ['cn-jl-yanbian-yanji', 0.3],
    ['cn-ln-dalian', 0.1],
    ['cn-jl-changchun', 0.1],
    ['cn-sh', 0.05],
    ['cn-js', 0.05],
  ],
  labour: [
    ['cn-jl-yanbian-yanji', 0.2],
    ['cn-hl-mudanjiang', 0.15],
    ['cn-ln-shenyang', 0.15],
    ['cn-jl-changchun', 0.1],
    ['cn-he', 0.1],
    ['cn-sd', 0.1],
    ['cn-js', 0.1],
    ['cn-sh', 0.1],
  ],
};

/**
 * How a woman's time in China ends. The shares are assumptions, set so that arrivals in South
 * Korea, forced returns (NKDB has recorded more than 8,000, 98% from China) and women still in
 * China all appear in numbers an estimate can work with.
 */
export const OUTCOME_SHARES = {
  escape_to_south_korea: 0.3,
  arrested: 0.25,
  remains_in_china: 0.42,
  died_in_china: 0.03,
} as const;
export type Outcome = keyof typeof OUTCOME_SHARES;

/** Years in China before the outcome: geometric with this mean (assumption). */
export const MEAN_YEARS_IN_CHINA = 4;

/** Routes out of China to South Korea (transit countries as ids of the gazetteer). */
export const ESCAPE_ROUTES: ReadonlyArray<readonly [string, number]> = [
  ['la', 0.35],
  ['th', 0.3],
  ['mn', 0.1],
  ['vn', 0.1],
  ['kh', 0.05],
  ['mm', 0.05],
  // Direct: documents bought in China, or a flight via a third country not recorded.
  ['', 0.05],
];

/** What follows a forced return (assumptions, in the order events happen). */
export const AFTER_RETURN = {
  /** Strip and cavity searches, beatings during interrogation (widely testified). */
  torturedInInterrogation: 0.85,
  /** Pregnant women returned from China made to abort (assumption: of those with a Chinese partner, recently). */
  forcedAbortionIfRecentChild: 0.3,
  detained: 0.9,
  /** Of those detained: sent to a political prison camp, family not told (enforced disappearance). */
  disappeared: 0.05,
  /** Of those detained: died in custody (beating, starvation, disease). */
  diedInCustody: 0.03,
  /** Of those detained: executed after a sentence without trial. */
  executed: 0.01,
} as const;

/** Children born to women sold as wives (assumption): share with any, and with two. */
export const CHILDREN = { anyIfWife: 0.45, twoIfAny: 0.3, anyOtherwise: 0.05 } as const;
