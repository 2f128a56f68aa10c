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
  nearName,
  sameName,
  scriptOf,
  splitFullName,
  surnameKeys,
  type NamePartKeys,
} from './names/keys';
import { skeletonSyllables } from './names/skeleton';
import { isKnownSurname } from './names/surname-table';
import {
  cachedResolver,
  crossingOf,
  gazetteerPlaceResolver,
  normaliseText,
  type PlaceResolver,
} from './places';
import { permuteTable, type RecordTable } from './records';
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

/**
 * One name part of every record as a list of distinct values: the name in its column, then the
 * same part of each alias in other_names. Values are interned by their text, so the keys of
 * "Younghee" are computed once however many records (with whatever aliases) carry it, and
 * comparisons are cached per pair of values.
 */
export interface NameFeature {
  /**
   * Record i's compared values are valueIds[start[i]..start[i+1]): its own name, or its aliases
   * when the column is empty. Aliases are compared on their own (see aliases()): a Chinese name
   * given in China is shared by many women.
   */
  start: Int32Array;
  valueIds: Int32Array;
  /** Values for blocking: the name and every alias's same part. */
  blockStart: Int32Array;
  blockIds: Int32Array;
  /** Keys per value id (id 0 unused). */
  keys: NamePartKeys[];
  /** Per record: code of the primary key of its first value (blocking, frequencies; 0: none). */
  primary: Int32Array;
  primaryValues: string[];
}

export interface BirthFeature {
  /** Per record: birth year, 0 when unknown. */
  year: Int32Array;
  /** Per record: code of the full date YYYYMMDD, 0 when not known to the day. */
  date: Int32Array;
  dates: string[];
  /** Per record: month and day as MMDD, 0 when not known to the day. */
  monthDay: Int32Array;
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

export interface FeatureSnapshot {
  size: number;
  sourceOf: Int32Array;
  entries: Array<[string, unknown]>;
}

/** The values a record has for a blocking key (a view valid until the next call). */
export interface KeyValues {
  of(record: number): ArrayLike<number> & { length: number };
}

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
 * The birth date (YYYYMMDD) a South Korean resident number (YYMMDD-SNNNNNN) carries, its century
 * from the digit after the dash (9, 0: 1800s; 1, 2, 5, 6: 1900s; 3, 4, 7, 8: 2000s); undefined
 * for anything else or an impossible date.
 */
export function birthDateOfResidentNumber(text: string): string | undefined {
  const normalised = normaliseIdentifier(text);
  if (!normalised.startsWith('rrn:')) return undefined;
  const d = normalised.slice(4);
  const century =
    ({ 9: 1800, 0: 1800, 1: 1900, 2: 1900, 5: 1900, 6: 1900 } as Record<string, number>)[d[6]] ??
    2000;
  const year = century + Number(d.slice(0, 2));
  const month = Number(d.slice(2, 4));
  const day = Number(d.slice(4, 6));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > days) return undefined;
  return `${year}${d.slice(2, 6)}`;
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

export interface AliasFeature {
  start: Int32Array;
  codes: Int32Array;
  distinct: number;
}

/** Builds a NameFeature record by record, interning values by their text. */
class NameValues {
  private readonly index = new Map<string, number>();
  private readonly bySignature = new Map<string, number>();
  private readonly keys: NamePartKeys[];
  private readonly compared = new CsrBuilder();
  private readonly blocking = new CsrBuilder();

  constructor(private readonly part: 'family' | 'given') {
    this.keys = [part === 'family' ? surnameKeys('') : givenNameKeys('')];
  }

  /**
   * Adds the value id of `text` to `list` (nothing for an empty name or a repeat). Spellings
   * with the same keys (Younghee, YOUNGHEE, Young-hee) are one value, compared once.
   */
  addTo(list: number[], text: string): void {
    const t = text.trim();
    if (!t) return;
    let id = this.index.get(t);
    if (id === undefined) {
      const k = this.part === 'family' ? surnameKeys(t) : givenNameKeys(t);
      if (isEmptyKeys(k)) id = 0;
      else {
        const signature = [
          k.hangul,
          k.literal,
          k.skeleton,
          k.guessHangul,
          k.guessSkeleton,
          k.swapped,
          k.jamo,
        ]
          .map((field) => field.join('\u0001'))
          .join('\u0002');
        id = this.bySignature.get(signature);
        if (id === undefined) {
          id = this.keys.push(k) - 1;
          this.bySignature.set(signature, id);
        }
      }
      this.index.set(t, id);
    }
    if (id !== 0 && !list.includes(id)) list.push(id);
  }

  primaryOf(id: number | undefined): string {
    return id === undefined ? '' : this.keys[id].primary;
  }

  /**
   * Whether some value of `xs` and some of `ys` are the same name (any script, any order), or,
   * with `near`, the same name but for one typing error.
   */
  agree(xs: readonly number[], ys: readonly number[], near = false): boolean {
    const test = near ? nearName : sameName;
    for (const x of xs)
      for (const y of ys) if (x === y || test(this.keys[x], this.keys[y])) return true;
    return false;
  }

  record(compared: readonly number[], blocking: readonly number[]): void {
    this.compared.add(compared);
    this.blocking.add(blocking);
  }

  build(): NameFeature {
    const { start, ids: valueIds } = this.compared.build();
    const { start: blockStart, ids: blockIds } = this.blocking.build();
    const primaries = new Interner();
    const primaryOfId = new Int32Array(this.keys.length);
    for (let id = 1; id < this.keys.length; id++)
      primaryOfId[id] = primaries.code(this.keys[id].primary);
    const n = start.length - 1;
    const primary = new Int32Array(n);
    for (let i = 0; i < n; i++)
      if (start[i + 1] > start[i]) primary[i] = primaryOfId[valueIds[start[i]]];
    return {
      start,
      valueIds,
      blockStart,
      blockIds,
      keys: this.keys,
      primary,
      primaryValues: primaries.values,
    };
  }
}

/** Lists of ids per record, compressed (CSR). */
class CsrBuilder {
  private ids = new Int32Array(1024);
  private count = 0;
  private readonly starts: number[] = [0];

  add(list: readonly number[]): void {
    if (this.count + list.length > this.ids.length) {
      const grown = new Int32Array(Math.max(this.ids.length * 2, this.count + list.length));
      grown.set(this.ids);
      this.ids = grown;
    }
    for (const id of list) this.ids[this.count++] = id;
    this.starts.push(this.count);
  }

  build(): { start: Int32Array; ids: Int32Array } {
    return { start: Int32Array.from(this.starts), ids: this.ids.slice(0, this.count) };
  }
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
  surnameTest: (text: string) => boolean = isSurname,
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
      ? (koreanList || /[\s-]/.test(f)) && !surnameTest(f)
      : [...f].length >= 2 && !isKnownSurname(f);
  if (givenIsOneSyllable && familyLooksGiven && surnameTest(g)) return { family: g, given: f };
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

  /**
   * The features computed so far, as plain data a worker thread can receive (structured clone):
   * everything but the blocking views, which hold functions.
   */
  snapshot(): FeatureSnapshot {
    return {
      size: this.table.size,
      sourceOf: this.table.sourceOf,
      entries: [...this.cache.entries()].filter(([key]) => !key.startsWith('values:')),
    };
  }

  /**
   * The same features over the records in another order (record i is record order[i] here),
   * keeping the name features already computed: linkage renumbers records so that those that
   * share a name sit together in memory. Other features are computed again when asked for.
   */
  permuted(order: Int32Array): Features {
    const out = new Features(permuteTable(this.table, order), this.resolver);
    const names = this.cache.get('names') as
      { family: NameFeature; given: NameFeature; aliases: AliasFeature } | undefined;
    if (names) {
      const csr = (start: Int32Array, ids: Int32Array) => {
        const nextStart = new Int32Array(start.length);
        for (let i = 0; i < order.length; i++)
          nextStart[i + 1] = nextStart[i] + start[order[i] + 1] - start[order[i]];
        const nextIds = new Int32Array(ids.length);
        for (let i = 0; i < order.length; i++) {
          let at = nextStart[i];
          for (let k = start[order[i]], end = start[order[i] + 1]; k < end; k++)
            nextIds[at++] = ids[k];
        }
        return { start: nextStart, ids: nextIds };
      };
      const part = (f: NameFeature): NameFeature => {
        const compared = csr(f.start, f.valueIds);
        const blocking = csr(f.blockStart, f.blockIds);
        return {
          ...f,
          start: compared.start,
          valueIds: compared.ids,
          blockStart: blocking.start,
          blockIds: blocking.ids,
          primary: Int32Array.from(order, (i) => f.primary[i]),
        };
      };
      const aliases = csr(names.aliases.start, names.aliases.codes);
      out.cache.set('names', {
        family: part(names.family),
        given: part(names.given),
        aliases: { start: aliases.start, codes: aliases.ids, distinct: names.aliases.distinct },
      });
    }
    return out;
  }

  /**
   * An order of the records that puts those with the same given name, then the same surname,
   * next to each other (their keys, in any script): the order linkage works in.
   */
  nameOrder(): Int32Array {
    const n = this.table.size;
    const given = this.given();
    const family = this.family();
    // By given name (its key, then its spelling: records of one spelling compare alike), then
    // surname; the record breaks ties. Each step is a sort of numbers below 2^53.
    const byKey = (key: (i: number) => number): Int32Array => {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = key(i) * 2 ** 22 + i;
      keys.sort();
      const rank = new Int32Array(n);
      let r = -1;
      let previous = -1;
      for (let p = 0; p < n; p++) {
        const k = Math.floor(keys[p] / 2 ** 22);
        if (k !== previous) {
          r++;
          previous = k;
        }
        rank[keys[p] % 2 ** 22] = r;
      }
      return rank;
    };
    const firstGiven = (i: number) =>
      given.start[i + 1] > given.start[i] ? given.valueIds[given.start[i]] : 0;
    // Keys stay below 2^31 (a key times 2^22 below 2^53); a part that would not fit is left out.
    const spellings = given.keys.length;
    const bySpelling = given.primaryValues.length * spellings < 2 ** 31;
    const byGiven = byKey(
      (i) => given.primary[i] * (bySpelling ? spellings : 1) + (bySpelling ? firstGiven(i) : 0),
    );
    let families = 1;
    for (let i = 0; i < n; i++) if (family.primary[i] >= families) families = family.primary[i] + 1;
    const byFamily = n * families < 2 ** 31;
    const rank = byKey(
      (i) => byGiven[i] * (byFamily ? families : 1) + (byFamily ? family.primary[i] : 0),
    );
    const order = new Int32Array(n);
    const seen = new Int32Array(n);
    // Ranks may tie (same name): place records in rank order, ties by record.
    const firstAt = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) firstAt[rank[i] + 1]++;
    for (let r = 0; r < n; r++) firstAt[r + 1] += firstAt[r];
    for (let i = 0; i < n; i++) order[firstAt[rank[i]] + seen[rank[i]]++] = i;
    return order;
  }

  /** Features rebuilt from a snapshot (in a worker): only what was computed is available. */
  static fromSnapshot(snapshot: FeatureSnapshot): Features {
    const table: RecordTable = {
      size: snapshot.size,
      sources: [],
      sourceOf: snapshot.sourceOf,
      recordIds: [],
      columns: new Map(),
    };
    const features = new Features(table, {
      resolve: () => {
        throw new Error('places are resolved before features are handed to a worker');
      },
    });
    for (const [key, value] of snapshot.entries) features.cache.set(key, value);
    return features;
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
   * Values of both name parts, after putting names written in the wrong columns right (see
   * orderNameParts): the record's own name first, then the same part of each alias in
   * other_names (separated by ; or |).
   */
  /**
   * Other names of each record (other_names, one full name per alias), as codes of
   * canonical surname + given-name skeleton; aliases that only spell the record's own name again
   * are left out.
   */
  aliases(): AliasFeature {
    return this.nameParts().aliases;
  }

  private nameParts(): { family: NameFeature; given: NameFeature; aliases: AliasFeature } {
    return this.memo('names', () => {
      const fam = this.column('family_name');
      const giv = this.column('given_name');
      const other = this.column('other_names');
      const n = this.table.size;
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
      const family = new NameValues('family');
      const given = new NameValues('given');
      const aliasKeys = new Interner();
      // Every distinct value, pair of values and name is worked out once: a million records
      // hold a few thousand names.
      const surnameMemo = new Map<string, boolean>();
      const surnameTest = (text: string) => {
        let known = surnameMemo.get(text);
        if (known === undefined) surnameMemo.set(text, (known = isSurname(text)));
        return known;
      };
      interface Own {
        family: number[];
        given: number[];
        /** Primary keys of her name, to tell an alias that only repeats it. */
        key: string;
      }
      const ownOf = new Map<number, Own>();
      const givenCount = giv.values.length;
      const own = (fc: number, gc: number): Own => {
        const at = fc * givenCount + gc;
        let o = ownOf.get(at);
        if (!o) {
          const ordered = orderNameParts(fam.values[fc], giv.values[gc], koreanList, surnameTest);
          o = { family: [], given: [], key: '' };
          family.addTo(o.family, ordered.family);
          given.addTo(o.given, ordered.given);
          o.key = `${family.primaryOf(o.family[0])}|${given.primaryOf(o.given[0])}`;
          ownOf.set(at, o);
        }
        return o;
      };
      interface Alias {
        family: number[];
        given: number[];
        key: string;
      }
      const aliasesOf: Array<Alias[] | undefined> = new Array(other.values.length);
      const aliases = (oc: number): Alias[] => {
        let list = aliasesOf[oc];
        if (!list) {
          list = other.values[oc]
            .split(/[;|]/)
            .map((alias) => alias.trim())
            .filter(Boolean)
            .map((alias) => {
              const split = splitFullName(alias);
              const a: Alias = { family: [], given: [], key: '' };
              family.addTo(a.family, split.family);
              given.addTo(a.given, split.given);
              a.key = `${family.primaryOf(a.family[0])}|${given.primaryOf(a.given[0])}`;
              return a;
            });
          aliasesOf[oc] = list;
        }
        return list;
      };
      const agreeMemo = new Map<number, boolean>();
      const agree = (part: NameValues, xs: number[], ys: number[], near: boolean): boolean => {
        // Single values (nearly all) are remembered by their pair.
        if (xs.length !== 1 || ys.length !== 1 || xs[0] >= 2 ** 20 || ys[0] >= 2 ** 20)
          return part.agree(xs, ys, near);
        const key =
          ((xs[0] * 2 ** 20 + ys[0]) * 2 + (near ? 1 : 0)) * 2 + (part === family ? 1 : 0);
        let v = agreeMemo.get(key);
        if (v === undefined) agreeMemo.set(key, (v = part.agree(xs, ys, near)));
        return v;
      };
      interface Lists {
        family: number[];
        given: number[];
        familyBlock: number[];
        givenBlock: number[];
        aliases: number[];
      }
      const listsOf = (o: Own, oc: number): Lists => {
        const lists: Lists = {
          family: [...o.family],
          given: [...o.given],
          familyBlock: [...o.family],
          givenBlock: [...o.given],
          aliases: [],
        };
        const renderedFamily: number[] = [];
        const renderedGiven: number[] = [];
        for (const alias of oc === 0 ? [] : aliases(oc)) {
          const f = alias.family;
          const g = alias.given;
          for (const id of f) if (!lists.familyBlock.includes(id)) lists.familyBlock.push(id);
          for (const id of g) if (!lists.givenBlock.includes(id)) lists.givenBlock.push(id);
          // Her own name in another script (Kim Yong-hui beside 김영희): when one part is her
          // name and the other her name or one typing error away from it, the part that differs
          // is compared with the other record's name too, so that a typo in one spelling (Lim
          // typed Kim, beside 任順京) is met by the other. It is not an alias of its own: a list
          // that writes her name twice says nothing against one that writes it once.
          if (o.family.length > 0 && o.given.length > 0 && f.length > 0 && g.length > 0) {
            const sameFamily = agree(family, f, o.family, false);
            const sameGiven = agree(given, g, o.given, false);
            if (
              (sameFamily && (sameGiven || agree(given, g, o.given, true))) ||
              (sameGiven && agree(family, f, o.family, true))
            ) {
              if (!sameFamily) renderedFamily.push(...f);
              if (!sameGiven) renderedGiven.push(...g);
              continue;
            }
          }
          // Any other name (one given in China, which keeps at most her surname: 李金花 beside
          // 이영경) is compared with the other record's other names only.
          if (alias.key !== o.key && alias.key !== '|') {
            const code = aliasKeys.code(alias.key);
            if (!lists.aliases.includes(code)) lists.aliases.push(code);
          }
        }
        for (const id of renderedFamily) if (!lists.family.includes(id)) lists.family.push(id);
        for (const id of renderedGiven) if (!lists.given.includes(id)) lists.given.push(id);
        // A name known only from aliases is compared through them.
        if (lists.family.length === 0) lists.family.push(...lists.familyBlock);
        if (lists.given.length === 0) lists.given.push(...lists.givenBlock);
        return lists;
      };
      const aliasStarts = new Int32Array(n + 1);
      let aliasCodes = new Int32Array(1024);
      const byOwn = new Map<Own, Lists>();
      for (let i = 0; i < n; i++) {
        const o = own(fam.codes[i], giv.codes[i]);
        const oc = other.codes[i];
        let lists: Lists;
        if (oc === 0) {
          let l = byOwn.get(o);
          if (!l) byOwn.set(o, (l = listsOf(o, 0)));
          lists = l;
        } else lists = listsOf(o, oc);
        family.record(lists.family, lists.familyBlock);
        given.record(lists.given, lists.givenBlock);
        const at = aliasStarts[i];
        if (at + lists.aliases.length > aliasCodes.length) {
          const grown = new Int32Array(aliasCodes.length * 2 + lists.aliases.length);
          grown.set(aliasCodes);
          aliasCodes = grown;
        }
        for (let k = 0; k < lists.aliases.length; k++) aliasCodes[at + k] = lists.aliases[k];
        aliasStarts[i + 1] = at + lists.aliases.length;
      }
      return {
        family: family.build(),
        given: given.build(),
        aliases: {
          start: aliasStarts,
          codes: aliasCodes.slice(0, aliasStarts[n]),
          distinct: aliasKeys.values.length,
        },
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
      const monthDay = new Int32Array(n);
      const dates = new Interner();
      const yearOfValue = yearColumn.values.map((v) => (/^\d{4}$/.test(v.trim()) ? Number(v) : 0));
      const parsed = dateColumn.values.map((v) => parseBirthDate(v));
      const dateCode = parsed.map((p) => (p && p.full ? dates.code(p.full) : 0));
      // A South Korean resident number begins with the birth date: the date of a record that
      // does not write one.
      const idColumn = this.column('id_number');
      const idDate = idColumn.values.map((v) => birthDateOfResidentNumber(v));
      const idDateCode = idDate.map((full) => (full ? dates.code(full) : 0));
      for (let i = 0; i < n; i++) {
        const p = parsed[dateColumn.codes[i]];
        let code = dateCode[dateColumn.codes[i]];
        let fromId = 0;
        if (code === 0) {
          code = idDateCode[idColumn.codes[i]];
          if (code !== 0) fromId = Number(dates.values[code].slice(0, 4));
        }
        year[i] = yearOfValue[yearColumn.codes[i]] || (p ? p.year : 0) || fromId;
        date[i] = code;
        monthDay[i] = code === 0 ? 0 : Number(dates.values[code].slice(4));
      }
      return { year, date, dates: dates.values, monthDay };
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
        case 'given_initial':
        case 'given_first':
        case 'given_last': {
          // First letter, or first or last syllable of the given name's skeleton: a typo in the
          // rest of the name (Komhye, Komhyek) leaves it alone.
          const g = this.given();
          const interner = new Interner();
          const part = (v: string) => {
            if (key === 'given_initial') return v.slice(0, 1);
            const syllables = skeletonSyllables(v);
            return (key === 'given_first' ? syllables[0] : syllables[syllables.length - 1]) ?? '';
          };
          const byPrimary = g.primaryValues.map((v) => (v ? interner.code(part(v)) : 0));
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
        case 'no_given_name': {
          // 1 for records without a given name: rules meant for lists of one name only.
          const { start } = this.given();
          return Int32Array.from({ length: this.table.size }, (_, i) =>
            start[i + 1] === start[i] ? 1 : 0,
          );
        }
      }
    });
  }

  /**
   * Every value a record has for a blocking key: for names, each form (all canonical Hangul
   * forms of the surname, aliases included; every skeleton of the given name, its syllables
   * swapped, and the likeliest Korean readings of a pinyin spelling); for other keys, the one
   * code of blockKey. Empty when the record lacks the key.
   */
  blockKeyValues(key: BlockKey): KeyValues {
    return this.memo(`values:${key}`, () => {
      const EMPTY = new Int32Array(0);
      const nameKeys: readonly BlockKey[] = [
        'family',
        'given',
        'given_initial',
        'given_first',
        'given_last',
      ];
      if (nameKeys.includes(key)) {
        const feature = key === 'family' ? this.family() : this.given();
        const interner = new Interner();
        const forms = (k: NamePartKeys): string[] => {
          if (key === 'family') {
            const hangul = [...k.hangul, ...k.guessHangul];
            return hangul.length > 0 ? hangul : k.skeleton;
          }
          const all = [...k.skeleton, ...k.guessSkeleton.slice(0, 2)];
          // The name with its syllables in sorted order: 영희 and 희영 share one block (a block
          // of their own for swapped forms would repeat every 영희 block). The swapped form is
          // sorted too, since a skeleton does not always split back into the syllables it came
          // from: 경은 is KYONKON (KYON-KON), 은경 is ONKYOG (ON-KYOG).
          const sorted = (v: string) => skeletonSyllables(v).sort().join('');
          if (key === 'given') return [...all, ...k.swapped].map(sorted);
          return all.map((v) => {
            if (key === 'given_initial') return v.slice(0, 1);
            const syllables = skeletonSyllables(v);
            return (key === 'given_first' ? syllables[0] : syllables[syllables.length - 1]) ?? '';
          });
        };
        const codesOfValue = feature.keys.map((k, id) =>
          id === 0
            ? EMPTY
            : Int32Array.from(
                new Set(
                  forms(k)
                    .filter(Boolean)
                    .map((v) => interner.code(v)),
                ),
              ),
        );
        // Most records have one value: its list is shared. Several values (aliases): the union,
        // shared by records with the same values.
        const lists = new Map<string, Int32Array>();
        const { blockStart: start, blockIds: valueIds } = feature;
        const perRecord: Int32Array[] = new Array(start.length - 1);
        for (let i = 0; i + 1 < start.length; i++) {
          const from = start[i];
          const to = start[i + 1];
          if (from === to) perRecord[i] = EMPTY;
          else if (to - from === 1) perRecord[i] = codesOfValue[valueIds[from]];
          else {
            const signature = Array.from(valueIds.subarray(from, to)).join(',');
            let list = lists.get(signature);
            if (!list) {
              const codes = new Set<number>();
              for (let v = from; v < to; v++)
                for (const c of codesOfValue[valueIds[v]]) codes.add(c);
              list = Int32Array.from(codes);
              lists.set(signature, list);
            }
            perRecord[i] = list;
          }
        }
        return { of: (i: number) => perRecord[i] };
      }
      const codes = this.blockKey(key);
      const one = new Int32Array(1);
      return {
        of: (i: number) => {
          if (codes[i] === 0) return EMPTY;
          one[0] = codes[i];
          return one;
        },
      };
    });
  }

  /** The features a blocking key is made from, to tell which comparisons it biases. */
  static blockKeyFeature(key: BlockKey): string {
    switch (key) {
      case 'family':
        return 'family';
      case 'given':
      case 'given_initial':
      case 'given_first':
      case 'given_last':
        return 'given';
      case 'birth_year':
      case 'birth_decade':
      case 'birth_date':
        return 'birth';
      case 'home':
      case 'home_province':
        return 'home';
      case 'no_given_name':
        return 'given';
      default:
        return key;
    }
  }
}
