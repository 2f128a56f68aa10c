/**
 * What linkage derives from each record, once: the multi-script keys of each name, birth year and
 * date, normalised identifiers, resolved places and addresses. Every feature is a typed array of
 * codes over the records plus a small dictionary, so blocking and comparison work on integers.
 * Features are computed on first use: a run only pays for the fields its settings name.
 */
import type { PersonListColumn } from '../model/types';
import {
  givenNameKeys,
  isEmptyKeys,
  mergeKeys,
  scriptOf,
  splitFullName,
  surnameKeys,
  type NamePartKeys,
} from './names/keys';
import { isKnownSurname } from './names/surname-table';
import {
  cachedResolver,
  crossingOf,
  gazetteerPlaceResolver,
  normaliseText,
  type PlaceResolver,
} from './places';
import type { RecordTable } from './records';
import type { BlockKey } from './settings';

/** Interns strings to dense codes; code 0 is reserved for "missing". */
export class Interner {
  readonly values: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);
  code(value: string): number {
    let c = this.index.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.index.set(value, c);
    }
    return c;
  }
}

export interface NameFeature {
  /** Per record: index into `keys` (0: no name). */
  ids: Int32Array;
  keys: NamePartKeys[];
  /** Per record: code of the primary key (blocking, frequencies). */
  primary: Int32Array;
  primaryValues: string[];
}

export interface BirthFeature {
  /** Per record: birth year, 0 when unknown. */
  year: Int32Array;
  /** Per record: code of the full date YYYYMMDD, 0 when not known to the day. */
  date: Int32Array;
  dates: string[];
}

export interface CodedFeature {
  codes: Int32Array;
  values: string[];
}

export interface PlaceFeature {
  place: Int32Array;
  province: Int32Array;
  /** Normalised text of the place as written, for fuzzy comparison. */
  places: string[];
}

export type PlaceWhich = 'home' | 'place_in_china' | 'crossing_place';

/** Parses a birth date written YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD (separators -, /, .). */
export function parseBirthDate(text: string): { year: number; full: string } | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(t);
  if (!m) return undefined;
  const year = Number(m[1]);
  const full = m[2] && m[3] ? `${m[1]}${m[2].padStart(2, '0')}${m[3].padStart(2, '0')}` : '';
  return { year, full };
}

/**
 * Identity numbers and phone numbers, as `kind:characters`: a South Korean resident number
 * (YYMMDD-NNNNNNN), a Chinese or a South Korean phone number (with or without country code), or
 * any other identifier (letters and digits, upper case). Comparisons only compare numbers of one
 * kind: a phone number and a resident number of the same woman say nothing about each other.
 */
export function normaliseIdentifier(text: string): string {
  const raw = text.normalize('NFKC').trim();
  if (raw === '') return '';
  const digits = raw.replace(/[\s().-]/g, '');
  if (/^\d{6}[1-8]\d{6}$/.test(digits)) return `rrn:${digits}`;
  let m = /^(?:\+?86|0086)?(1\d{10})$/.exec(digits);
  if (m && (raw.startsWith('+86') || raw.startsWith('0086') || digits.length === 11))
    return `cn-phone:${m[1]}`;
  m = /^(?:\+?82|0082)0?(1\d{8,9})$/.exec(digits) ?? /^0(1\d{8,9})$/.exec(digits);
  if (m) return `kr-phone:0${m[1]}`;
  const other = raw.toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return other ? `id:${other}` : '';
}

/** The kind of a normalised identifier (rrn, cn-phone, kr-phone, id). */
export function identifierKind(normalised: string): string {
  return normalised.slice(0, normalised.indexOf(':'));
}

const SEX_CODES: Record<string, string> = {
  f: 'F',
  female: 'F',
  w: 'F',
  woman: 'F',
  girl: 'F',
  여: 'F',
  여성: 'F',
  女: 'F',
  m: 'M',
  male: 'M',
  man: 'M',
  boy: 'M',
  남: 'M',
  남성: 'M',
  男: 'M',
  other: 'O',
  o: 'O',
};

export function normaliseSex(text: string): string {
  return SEX_CODES[text.trim().toLowerCase()] ?? '';
}

function withPrimary(ids: Int32Array, keys: NamePartKeys[]): NameFeature {
  const primaries = new Interner();
  const primaryOfId = new Int32Array(keys.length);
  for (let id = 1; id < keys.length; id++) primaryOfId[id] = primaries.code(keys[id].primary);
  const primary = ids.map((id) => primaryOfId[id]);
  return { ids, keys, primary, primaryValues: primaries.values };
}

function isSurname(text: string): boolean {
  return surnameKeys(text).hangul.length > 0 && scriptOf(text) !== 'none';
}

/**
 * Names written in the wrong columns, put right: the whole name in given_name with family_name
 * empty (|김정애), or family and given swapped (Hyeon-ok|Gim, OK-HUI|AN). Only when the evidence
 * is plain: the swapped-in surname is a known one and the other part looks like a given name.
 */
export function orderNameParts(
  family: string,
  given: string,
  koreanList = false,
): { family: string; given: string } {
  const f = family.trim();
  const g = given.trim();
  if (f === '' && g !== '') {
    const script = scriptOf(g);
    if ((script === 'hangul' || script === 'han') && [...g.replace(/\s+/g, '')].length >= 3) {
      const split = splitFullName(g);
      if (split.family && isKnownSurname(split.family)) return split;
    }
    return { family: f, given: g };
  }
  if (f === '' || g === '') return { family: f, given: g };
  const words = g.split(/[\s-]+/).filter(Boolean);
  const givenIsOneSyllable =
    scriptOf(g) === 'latin' ? words.length === 1 : [...g.replace(/\s+/g, '')].length === 1;
  // A romanised given name in the family column shows its syllables (Hyeon-ok, OK-HUI), or the
  // list is one of Korean names; elsewhere an unknown word (Waller) is a surname of its own.
  const familyLooksGiven =
    scriptOf(f) === 'latin'
      ? (koreanList || /[\s-]/.test(f)) && !isSurname(f)
      : [...f].length >= 2 && !isKnownSurname(f);
  if (givenIsOneSyllable && familyLooksGiven && isSurname(g)) return { family: g, given: f };
  return { family: f, given: g };
}

export class Features {
  private readonly cache = new Map<string, unknown>();
  private readonly resolver: PlaceResolver;

  constructor(
    readonly table: RecordTable,
    resolver: PlaceResolver = gazetteerPlaceResolver,
  ) {
    this.resolver = cachedResolver(resolver);
  }

  private memo<T>(key: string, make: () => T): T {
    let v = this.cache.get(key) as T | undefined;
    if (v === undefined) {
      v = make();
      this.cache.set(key, v);
    }
    return v;
  }

  private column(name: PersonListColumn): { codes: Int32Array; values: string[] } {
    return this.table.columns.get(name) ?? { codes: new Int32Array(this.table.size), values: [''] };
  }

  family(): NameFeature {
    return this.nameParts().family;
  }

  given(): NameFeature {
    return this.nameParts().given;
  }

  /**
   * Keys of both name parts, each merged with the same part of every alias in other_names
   * (separated by ; or |), after putting names written in the wrong columns right (see
   * orderNameParts). Computed once per distinct (family, given, aliases) combination.
   */
  private nameParts(): { family: NameFeature; given: NameFeature } {
    return this.memo('names', () => {
      const fam = this.column('family_name');
      const giv = this.column('given_name');
      const other = this.column('other_names');
      const n = this.table.size;
      const familyIds = new Int32Array(n);
      const givenIds = new Int32Array(n);
      const familyKeys: NamePartKeys[] = [surnameKeys('')];
      const givenKeys: NamePartKeys[] = [givenNameKeys('')];
      const familyIndex = new Map<string, number>();
      const givenIndex = new Map<string, number>();
      const intern = (
        text: string,
        otherCode: number,
        part: 'family' | 'given',
        index: Map<string, number>,
        list: NamePartKeys[],
      ): number => {
        const key = `${text}\u0001${otherCode}`;
        let id = index.get(key);
        if (id !== undefined) return id;
        const k = part === 'family' ? surnameKeys(text) : givenNameKeys(text);
        if (otherCode !== 0) {
          for (const alias of other.values[otherCode].split(/[;|]/)) {
            if (!alias.trim()) continue;
            const split = splitFullName(alias);
            mergeKeys(
              k,
              part === 'family' ? surnameKeys(split.family) : givenNameKeys(split.given),
            );
          }
        }
        if (isEmptyKeys(k)) id = 0;
        else {
          list.push(k);
          id = list.length - 1;
        }
        index.set(key, id);
        return id;
      };
      // Swapped romanised columns are only put right in lists of Korean names (Sulhye|Lee), not
      // in English ones where Ann, Lee and Han are given names or surnames of their own.
      let korean = 0;
      let named = 0;
      const isKoreanFamily = fam.values.map((v) =>
        v.trim() ? surnameKeys(v).hangul.length > 0 : false,
      );
      for (let i = 0; i < n; i++) {
        if (fam.codes[i] === 0) continue;
        named++;
        if (isKoreanFamily[fam.codes[i]]) korean++;
      }
      const koreanList = named > 0 && korean / named >= 0.5;
      const byCombination = new Map<string, [number, number]>();
      for (let i = 0; i < n; i++) {
        const fc = fam.codes[i];
        const gc = giv.codes[i];
        const oc = other.codes[i];
        const key = `${fc},${gc},${oc}`;
        let ids = byCombination.get(key);
        if (!ids) {
          const ordered = orderNameParts(fam.values[fc], giv.values[gc], koreanList);
          ids = [
            intern(ordered.family, oc, 'family', familyIndex, familyKeys),
            intern(ordered.given, oc, 'given', givenIndex, givenKeys),
          ];
          byCombination.set(key, ids);
        }
        familyIds[i] = ids[0];
        givenIds[i] = ids[1];
      }
      return {
        family: withPrimary(familyIds, familyKeys),
        given: withPrimary(givenIds, givenKeys),
      };
    });
  }

  birth(): BirthFeature {
    return this.memo('birth', () => {
      const yearColumn = this.column('birth_year');
      const dateColumn = this.column('birth_date');
      const n = this.table.size;
      const year = new Int32Array(n);
      const date = new Int32Array(n);
      const dates = new Interner();
      const yearOfValue = yearColumn.values.map((v) => (/^\d{4}$/.test(v.trim()) ? Number(v) : 0));
      const parsed = dateColumn.values.map((v) => parseBirthDate(v));
      const dateCode = parsed.map((p) => (p && p.full ? dates.code(p.full) : 0));
      for (let i = 0; i < n; i++) {
        const p = parsed[dateColumn.codes[i]];
        year[i] = yearOfValue[yearColumn.codes[i]] || (p ? p.year : 0);
        date[i] = dateCode[dateColumn.codes[i]];
      }
      return { year, date, dates: dates.values };
    });
  }

  /** A year column (event_year) as numbers, 0 when absent or not a year. */
  year(column: 'event_year'): Int32Array {
    return this.memo(`year:${column}`, () => {
      const c = this.column(column);
      const byValue = c.values.map((v) => (/^\d{4}$/.test(v.trim()) ? Number(v) : 0));
      return c.codes.map((code) => byValue[code]);
    });
  }

  identifier(column: 'id_number' | 'sex'): CodedFeature {
    return this.memo(`id:${column}`, () =>
      this.coded(column, column === 'sex' ? normaliseSex : normaliseIdentifier),
    );
  }

  text(column: 'address' | 'notes'): CodedFeature {
    return this.memo(`text:${column}`, () => this.coded(column, normaliseText));
  }

  private coded(columnName: PersonListColumn, normalise: (s: string) => string): CodedFeature {
    const column = this.column(columnName);
    const interner = new Interner();
    const map = column.values.map((v) => interner.code(normalise(v)));
    const codes = new Int32Array(this.table.size);
    for (let i = 0; i < codes.length; i++) codes[i] = map[column.codes[i]];
    return { codes, values: interner.values };
  }

  place(which: PlaceWhich): PlaceFeature {
    return this.memo(`place:${which}`, () => {
      const n = this.table.size;
      const placeCodes = new Int32Array(n);
      const provinceCodes = new Int32Array(n);
      const places = new Interner();
      const provinces = new Interner();
      const primaryColumn = this.column(which === 'home' ? 'home_county' : which);
      const provinceColumn = which === 'home' ? this.column('home_province') : undefined;
      const resolve = (v: string) => {
        const r = this.resolver.resolve(v);
        // A crossing is one place whichever bank names it (Musan, or Nanping across the Tumen).
        return which === 'crossing_place' ? { ...r, place: crossingOf(r.place) ?? r.place } : r;
      };
      const resolvedPrimary = primaryColumn.values.map((v) => (v.trim() ? resolve(v) : undefined));
      const resolvedProvince = provinceColumn?.values.map((v) =>
        v.trim() ? this.resolver.resolve(v) : undefined,
      );
      for (let i = 0; i < n; i++) {
        const p = resolvedPrimary[primaryColumn.codes[i]];
        const q =
          provinceColumn && resolvedProvince
            ? resolvedProvince[provinceColumn.codes[i]]
            : undefined;
        if (p) {
          placeCodes[i] = places.code(p.place);
          provinceCodes[i] = provinces.code(p.province || (q ? q.province || q.place : ''));
        } else if (q) {
          // Only the province is known: it is the place as far as the record says.
          provinceCodes[i] = provinces.code(q.province || q.place);
        }
      }
      return { place: placeCodes, province: provinceCodes, places: places.values };
    });
  }

  /** Frequency of each code among the records that have one (for term-frequency adjustment). */
  frequencies(codes: Int32Array, distinct: number): Float64Array {
    const counts = new Float64Array(distinct);
    let total = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] !== 0) {
        counts[codes[i]]++;
        total++;
      }
    }
    if (total > 0) for (let c = 0; c < distinct; c++) counts[c] /= total;
    return counts;
  }

  /** Per-record code of a blocking key (0: missing, the record is not blocked on this key). */
  blockKey(key: BlockKey): Int32Array {
    return this.memo(`block:${key}`, () => {
      switch (key) {
        case 'family':
          return this.family().primary;
        case 'given':
          return this.given().primary;
        case 'given_initial': {
          const g = this.given();
          const interner = new Interner();
          const byPrimary = g.primaryValues.map((v) => interner.code(v.slice(0, 1)));
          return g.primary.map((p) => byPrimary[p]);
        }
        case 'birth_year':
          return this.birth().year;
        case 'birth_decade':
          return this.birth().year.map((y) => (y ? Math.floor(y / 10) : 0));
        case 'birth_date':
          return this.birth().date;
        case 'id_number':
          return this.identifier('id_number').codes;
        case 'sex':
          return this.identifier('sex').codes;
        case 'home':
          return this.place('home').place;
        case 'home_province':
          return this.place('home').province;
        case 'place_in_china':
          return this.place('place_in_china').place;
        case 'crossing_place':
          return this.place('crossing_place').place;
        case 'address':
          return this.text('address').codes;
        case 'event_year':
          return this.year('event_year');
      }
    });
  }

  /** The features a blocking key is made from, to tell which comparisons it biases. */
  static blockKeyFeature(key: BlockKey): string {
    switch (key) {
      case 'family':
        return 'family';
      case 'given':
      case 'given_initial':
        return 'given';
      case 'birth_year':
      case 'birth_decade':
      case 'birth_date':
        return 'birth';
      case 'home':
      case 'home_province':
        return 'home';
      default:
        return key;
    }
  }
}
