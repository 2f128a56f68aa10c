/** Level of a place in the administrative hierarchy (county -> prefecture -> province -> country). */
export type PlaceKind = 'country' | 'province' | 'prefecture' | 'county' | 'town';

/** What kind of administrative division a place is, finer than its level. */
export type Division =
  | 'country'
  // level 1: CN 省 / 自治区 / 直辖市; KP 도 / 직할시 / 특별시
  | 'province'
  | 'autonomous_region'
  | 'municipality'
  | 'special_city'
  // level 2 (China only): 地级市 / 自治州 / 地区
  | 'prefecture_city'
  | 'autonomous_prefecture'
  | 'prefecture'
  // level 3: CN 县级市 / 县 / 自治县 / 区; KP 시 / 군 / 구역
  | 'city'
  | 'county'
  | 'autonomous_county'
  | 'district'
  // below: CN 镇; KP 노동자구 / 읍
  | 'town';

export interface PlaceNames {
  /** Korean, South Korean spelling (Sino-Korean reading for Chinese places: 연길시, 용정시). */
  readonly ko: string;
  /** Korean, North Korean spelling, where it differs (량강도, 라선특별시, 룡정시). */
  readonly koNorth?: string;
  /** Simplified Chinese. For DPRK places, the Chinese characters of the Korean name. */
  readonly zh: string;
  readonly en: string;
}

export interface Place {
  /** Stable id, lowercase ASCII: country, then each level (`cn-jl-yanbian-yanji`, `kp-hamn-musan`). */
  readonly id: string;
  readonly kind: PlaceKind;
  readonly division: Division;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** Id of the enclosing place; absent for a country. */
  readonly parent?: string;
  readonly names: PlaceNames;
  /** Other spellings: romanisations (RR, McCune-Reischauer, DPRK, pinyin, older), traditional characters, ROK transcriptions of Chinese names, former names. */
  readonly aliases: readonly string[];
  /** ISO 3166-2 (ISO 3166-1 for a country), where one exists. */
  readonly iso?: string;
  /** Approximate seat or centroid, WGS 84 degrees. */
  readonly lat: number;
  readonly lon: number;
}

/** A border crossing: a DPRK place and the PRC place facing it across the river. */
export interface CrossingPair {
  readonly id: string;
  readonly dprk: string;
  readonly prc: string;
  readonly river: 'tumen' | 'yalu';
}
