/**
 * The case list's facet index: each organisation's cases as bitsets over the values they are
 * browsed by (violation, event or home province, year, source, status), held in the server's
 * memory, so that a search narrowed by those alone is matched, counted and paged without reading
 * its matches from PostgreSQL. There, 6,036 matches of a million-case store cost 8-10 ms of GIN
 * lookups, 29 ms of heap fetches and 20 ms of counting per search (p95 ~190 ms under load); here
 * a few bitset operations over the organisation's cases and a pass over the matches' values.
 *
 * It holds no identity: case ids, last change, source, status and `cases.facets` (migration
 * 0402). It stays in step with cases through `case_changes` (migration 0406), written by
 * triggers in the same transaction as every change of cases: before each search it reads the
 * changes its last snapshot did not see, so a search sees every case committed before it began,
 * whoever wrote it (this server, another process, `jayu import`, SQL by hand).
 */
import type { Queryable } from '../store/db';
import type { Facet } from './api-constants';

/** What a facet search narrows by: within a dimension any value, across dimensions all. */
export interface FacetFilter {
  violation?: string[];
  province?: string[];
  year?: number[];
  source?: string[];
  status?: string[];
}

export interface FacetSearchResult {
  /** Every match, exactly. */
  total: number;
  /** The page's case ids, most recently changed first (then by id). */
  page: string[];
  /** The 50 commonest values of each facet over the matches, by count then value. */
  facets: Record<Facet, { value: string; count: number }[]>;
}

/**
 * A filter's violations, provinces and years as `cases.facets` elements (migration 0402), one
 * array per dimension given: a province is an event's place in it ('e:') or the home province
 * ('h:'). What both the facet index and a search by name narrow by.
 */
export function facetTerms(filter: FacetFilter): string[][] {
  return [
    filter.violation?.map((v) => `v:${v}`),
    filter.province?.flatMap((v) => [`e:${v}`, `h:${v}`]),
    filter.year?.map((y) => `y:${y}`),
  ].filter((values): values is string[] => Boolean(values?.length));
}

/** The values shown per facet (as the whole list's kept counts: KEPT_COUNTS in case-search.ts). */
const TOP_VALUES = 50;
/** An index that has not read its changes for this long reads its organisation again. */
const RELOAD_AFTER_MS = 12 * 3600_000;
/** How often an index prunes case_changes, and what it keeps (RELOAD_AFTER_MS, twice over). */
const PRUNE_EVERY_MS = 3600_000;
const KEEP_CHANGES = '1 day';
/** The keys of changed cases an index remembers (see `touch`) before it starts anew. */
const TOUCHED_KEYS = 100_000;

/**
 * The facet an element of `cases.facets` counts for: an event's province ('e:') and the home
 * province ('h:') are one key, so a case counts once for a province either way.
 */
const FACET_OF_PREFIX: Record<string, Facet> = {
  v: 'violation',
  y: 'year',
  e: 'province',
  h: 'province',
};

/** A case as read from cases. */
interface CaseRow {
  id: string;
  /** hashtext(id): the case's key, as a search by name gets its matches (see KeyView). */
  key: number;
  /** updated_at in microseconds since 1970 (exact in a double), for the list's order. */
  at: number;
  source_id: string;
  status: string;
  facets: string[] | null;
}

/** Code points, as PostgreSQL orders text under the C collation. */
export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A search's working bitsets (match, any, among: a bit a slot) and its matches' slots. */
interface Scratch {
  match: Int32Array;
  any: Int32Array;
  among: Int32Array;
  found: Int32Array;
}

/**
 * One organisation's cases. Each case has a slot; each value shown (a facet and a value: a
 * violation, a province, a year, a source, a status) a code and a bitset over slots. The
 * `cases.facets` elements of an event province and the same home province ('e:kp-hamn',
 * 'h:kp-hamn') share a code, as a search narrows by either and counts a case once for both: so
 * a case's codes are distinct, and counting the matches is a count of their codes. A slot's
 * codes sit in one shared pool (a slot rewritten appends anew; the pool is compacted when half
 * of it is stale).
 */
class OrganisationFacets {
  private capacity = 0;
  /** Slots in use or freed: the high-water mark. */
  private slots = 0;
  private ids: (string | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly free: number[] = [];
  private at = new Float64Array(0);
  private codeStart = new Int32Array(0);
  private codeCount = new Uint16Array(0);
  private pool = new Uint16Array(1024);
  private poolUsed = 0;
  private poolStale = 0;
  /**
   * Bitsets are Int32Array, not Uint32Array: a word with its top bit set read from a Uint32Array
   * is a double, from an Int32Array an integer, as the bit operations want it.
   */
  private live = new Int32Array(0);
  /**
   * Live slots in the list's order (last change, then id) as of when it was last sorted, and
   * the slots written since (not where the order has them): a page is taken by walking the order
   * (a few thousand steps for a page of a sparse search), not by ordering the matches (their ids
   * compared: most cases of an import share their last change).
   */
  private order: Int32Array | null = null;
  private unordered = new Int32Array(0);
  private unorderedCount = 0;
  private bits: Int32Array[] = [];
  /**
   * Each slot's key (hashtext of its id), and the slot of each key held by one case; the keys
   * held by several (hashtext collides: about a dozen pairs in 322,741 cases) with their slots.
   */
  private keyOfSlot = new Int32Array(0);
  private readonly slotOfKey = new Map<number, number>();
  private readonly slotsOfSharedKey = new Map<number, number[]>();
  /**
   * Changes applied since the organisation was read, and the number of the last change of each
   * key changed since the `touchedFrom`-th (a search by keys checks its matches were not changed
   * after it asked for them: see KeyView).
   */
  changes = 0;
  private touched = new Map<number, number>();
  private touchedFrom = 0;
  private readonly codeOf = new Map<string, number>();
  /** The code of each facet and value shown ('province\0kp-hamn'), and what each code shows. */
  private readonly codeOfShown = new Map<string, number>();
  private readonly codeFacet: Facet[] = [];
  private readonly codeValue: string[] = [];

  /** The snapshot (pg_current_snapshot) the index last read cases under, and when. */
  snapshot = '';
  readAt = 0;

  constructor(private readonly touchedKeys: number) {}

  private code(value: string, facet: Facet, shown: string): number {
    let code = this.codeOf.get(value);
    if (code !== undefined) return code;
    const name = `${facet}\u0000${shown}`;
    code = this.codeOfShown.get(name);
    if (code === undefined) {
      code = this.codeFacet.length;
      if (code > 0xffff) throw new Error('facet index: more than 65,536 distinct values');
      this.codeOfShown.set(name, code);
      this.codeFacet.push(facet);
      this.codeValue.push(shown);
      this.bits.push(new Int32Array(this.capacity >>> 5));
    }
    this.codeOf.set(value, code);
    return code;
  }

  /** The distinct codes of a case: its facets' elements, then its source and its status. */
  private codesOf(row: CaseRow): number[] {
    const codes: number[] = [];
    for (const f of row.facets ?? []) {
      const facet = FACET_OF_PREFIX[f.slice(0, 1)];
      if (!facet || f[1] !== ':') continue;
      const code = this.code(f, facet, f.slice(2));
      if (!codes.includes(code)) codes.push(code);
    }
    codes.push(this.code(`source\u0000${row.source_id}`, 'source', row.source_id));
    codes.push(this.code(`status\u0000${row.status}`, 'status', row.status));
    return codes;
  }

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    const words = capacity >>> 5;
    const widen = <T extends Float64Array | Int32Array | Uint16Array>(
      old: T,
      make: (n: number) => T,
      n: number,
    ): T => {
      const next = make(n);
      next.set(old);
      return next;
    };
    this.at = widen(this.at, (n) => new Float64Array(n), capacity);
    this.codeStart = widen(this.codeStart, (n) => new Int32Array(n), capacity);
    this.codeCount = widen(this.codeCount, (n) => new Uint16Array(n), capacity);
    this.keyOfSlot = widen(this.keyOfSlot, (n) => new Int32Array(n), capacity);
    this.live = widen(this.live, (n) => new Int32Array(n), words);
    this.unordered = widen(this.unordered, (n) => new Int32Array(n), words);
    this.bits = this.bits.map((b) => widen(b, (n) => new Int32Array(n), words));
    this.capacity = capacity;
  }

  private clearSlot(slot: number): void {
    const word = slot >>> 5;
    const mask = ~(1 << (slot & 31));
    const start = this.codeStart[slot]!;
    for (let i = 0; i < this.codeCount[slot]!; i++)
      this.bits[this.pool[start + i]!]![word]! &= mask;
    this.poolStale += this.codeCount[slot]!;
    this.codeCount[slot] = 0;
  }

  /** Stores a case as it now is, or forgets it (`row` undefined: deleted or moved away). */
  put(id: string, row: CaseRow | undefined): void {
    let slot = this.slotOf.get(id);
    if (slot !== undefined) {
      this.clearSlot(slot);
      this.leaveOrder(slot);
    }
    if (!row) {
      if (slot === undefined) return;
      this.live[slot >>> 5]! &= ~(1 << (slot & 31));
      this.ids[slot] = undefined;
      this.slotOf.delete(id);
      this.dropKey(this.keyOfSlot[slot]!, slot);
      this.free.push(slot);
      return;
    }
    if (slot === undefined) {
      slot = this.free.pop() ?? this.slots++;
      if (slot >= this.capacity) this.grow();
      this.slotOf.set(id, slot);
      this.ids[slot] = id;
      this.keyOfSlot[slot] = row.key;
      this.addKey(row.key, slot);
      this.live[slot >>> 5]! |= 1 << (slot & 31);
      this.leaveOrder(slot);
    }
    const codes = this.codesOf(row);
    if (this.poolUsed + codes.length > this.pool.length) this.makeRoom(codes.length);
    this.codeStart[slot] = this.poolUsed;
    this.codeCount[slot] = codes.length;
    const word = slot >>> 5;
    const bit = 1 << (slot & 31);
    for (const code of codes) {
      this.pool[this.poolUsed++] = code;
      this.bits[code]![word]! |= bit;
    }
    this.at[slot] = row.at;
  }

  private addKey(key: number, slot: number): void {
    const shared = this.slotsOfSharedKey.get(key);
    if (shared) {
      shared.push(slot);
      return;
    }
    const other = this.slotOfKey.get(key);
    if (other === undefined) this.slotOfKey.set(key, slot);
    else {
      this.slotOfKey.delete(key);
      this.slotsOfSharedKey.set(key, [other, slot]);
    }
  }

  private dropKey(key: number, slot: number): void {
    const shared = this.slotsOfSharedKey.get(key);
    if (!shared) {
      this.slotOfKey.delete(key);
      return;
    }
    shared.splice(shared.indexOf(slot), 1);
    if (shared.length === 1) {
      this.slotsOfSharedKey.delete(key);
      this.slotOfKey.set(key, shared[0]!);
    }
  }

  /** Records a change of the case with this key (before it is applied with `put`). */
  touch(key: number): void {
    if (this.touched.size >= this.touchedKeys) {
      this.touched.clear();
      this.touchedFrom = this.changes;
    }
    this.touched.set(key, ++this.changes);
  }

  /** The keys held by more than one case. */
  sharedKeys(): number[] {
    return [...this.slotsOfSharedKey.keys()];
  }

  /** The slots of `ids` as a bitset (ids of no case here left out). */
  amongIds(ids: readonly string[]): Int32Array {
    const among = this.scratchOf().among;
    among.fill(0);
    for (const id of ids) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) among[slot >>> 5]! |= 1 << (slot & 31);
    }
    return among;
  }

  /**
   * The slots of the cases with `keys` (each held by one case when the view was taken) and of
   * `ids` (those whose keys were shared), as a bitset; undefined if a key's case may have
   * changed since the view's `changes` (added, deleted, moved: the key may no longer name the
   * case matched), so that the caller asks for ids instead.
   */
  amongKeys(
    keys: readonly number[],
    ids: readonly string[],
    since: number,
  ): Int32Array | undefined {
    if (since < this.touchedFrom) return undefined;
    const changed = this.changes !== since;
    const among = this.amongIds(ids);
    for (const key of keys) {
      if (changed && (this.touched.get(key) ?? 0) > since) return undefined;
      const slot = this.slotOfKey.get(key);
      if (slot !== undefined) among[slot >>> 5]! |= 1 << (slot & 31);
      // Shared now, though not when the view was taken: only a change could have done that.
      else if (this.slotsOfSharedKey.has(key)) return undefined;
    }
    return among;
  }

  /** Marks a slot written since the order was sorted. */
  private leaveOrder(slot: number): void {
    if (!this.order) return;
    const bit = 1 << (slot & 31);
    if (this.unordered[slot >>> 5]! & bit) return;
    this.unordered[slot >>> 5]! |= bit;
    this.unorderedCount++;
  }

  /** Whether `a` comes before `b` in the list (< 0): last change first, then by id. */
  private before(a: number, b: number): number {
    return this.at[b]! - this.at[a]! || byCodePoint(this.ids[a]!, this.ids[b]!);
  }

  /** Sorts the live slots into the list's order. */
  sortOrder(): void {
    const live: number[] = [];
    for (const slot of this.slotOf.values()) live.push(slot);
    this.order = Int32Array.from(live.sort((a, b) => this.before(a, b)));
    this.unordered.fill(0);
    this.unorderedCount = 0;
  }

  /** Room for `n` more codes: the pool compacted if half of it is stale, else doubled. */
  private makeRoom(n: number): void {
    const needed = this.poolUsed - this.poolStale + n;
    const next = new Uint16Array(Math.max(1024, needed * 2, this.pool.length));
    let used = 0;
    for (let slot = 0; slot < this.slots; slot++) {
      const count = this.codeCount[slot]!;
      const start = this.codeStart[slot]!;
      next.set(this.pool.subarray(start, start + count), used);
      this.codeStart[slot] = used;
      used += count;
    }
    this.pool = next;
    this.poolUsed = used;
    this.poolStale = 0;
  }

  /**
   * Bitsets a search works in, kept between searches (each search is synchronous) rather than
   * allocated anew: 64 kB each for 322,741 cases.
   */
  private scratch: Scratch = {
    match: new Int32Array(0),
    any: new Int32Array(0),
    among: new Int32Array(0),
    found: new Int32Array(0),
  };

  /** The scratch bitsets, and room for every slot that may match. */
  private scratchOf(): Scratch {
    const words = this.capacity >>> 5;
    if (this.scratch.match.length !== words)
      this.scratch = {
        match: new Int32Array(words),
        any: new Int32Array(words),
        among: new Int32Array(words),
        found: new Int32Array(this.capacity),
      };
    return this.scratch;
  }

  /**
   * The cases with any of `values` (an unknown value matches nothing): the bitset of their one
   * code itself where they have one (a province's 'e:' and 'h:' do), else their union in `union`.
   */
  private anyOf(values: string[], union: Int32Array): Int32Array {
    const codes: number[] = [];
    for (const v of values) {
      const code = this.codeOf.get(v);
      if (code !== undefined && !codes.includes(code)) codes.push(code);
    }
    if (codes.length === 1) return this.bits[codes[0]!]!;
    union.fill(0);
    for (const code of codes) {
      const b = this.bits[code]!;
      for (let w = 0; w < union.length; w++) union[w]! |= b[w]!;
    }
    return union;
  }

  search(
    filter: FacetFilter,
    hidden: readonly string[],
    offset: number,
    limit: number,
    among?: Int32Array,
  ): FacetSearchResult {
    const dimensions = [
      ...facetTerms(filter),
      filter.source?.map((v) => `source\u0000${v}`),
      filter.status?.map((v) => `status\u0000${v}`),
    ].filter((values): values is string[] => Boolean(values?.length));
    const scratch = this.scratchOf();
    const match = scratch.match;
    match.set(this.live);
    for (const values of dimensions) {
      const any = this.anyOf(values, scratch.any);
      for (let w = 0; w < match.length; w++) match[w]! &= any[w]!;
    }
    for (const id of hidden) {
      const slot = this.slotOf.get(id);
      if (slot !== undefined) match[slot >>> 5]! &= ~(1 << (slot & 31));
    }
    if (among) for (let w = 0; w < match.length; w++) match[w]! &= among[w]!;
    // The matches' slots, and their codes counted: a case's codes are distinct (codesOf), so
    // each counts once, with no check of the last case counted (0.8-1.1 ms for 9,053 matches,
    // against 1.55 with that check when a province's 'e:' and 'h:' had codes of their own).
    const found = scratch.found;
    let total = 0;
    const counts = new Int32Array(this.codeFacet.length);
    const { pool, codeStart, codeCount } = this;
    for (let w = 0; w < match.length; w++) {
      let word = match[w]!;
      while (word !== 0) {
        const low = word & -word;
        const slot = (w << 5) + 31 - Math.clz32(low);
        word ^= low;
        found[total++] = slot;
        const end = codeStart[slot]! + codeCount[slot]!;
        for (let i = codeStart[slot]!; i < end; i++) counts[pool[i]!]!++;
      }
    }
    const facets: FacetSearchResult['facets'] = {
      violation: [],
      province: [],
      year: [],
      source: [],
      status: [],
    };
    for (let code = 0; code < counts.length; code++)
      if (counts[code]! > 0)
        facets[this.codeFacet[code]!].push({ value: this.codeValue[code]!, count: counts[code]! });
    for (const facet of Object.keys(facets) as Facet[])
      facets[facet] = facets[facet]
        .sort((a, b) => b.count - a.count || byCodePoint(a.value, b.value))
        .slice(0, TOP_VALUES);
    const matches = found.subarray(0, total);
    return { total, page: this.pageOf(match, matches, offset, limit), facets };
  }

  /**
   * The ids of matches [offset, offset + limit) in the list's order: few matches, or a page deep
   * among them, sorted; else the order walked for the first matches it holds, merged with the
   * matches written since it was sorted (sorted again once they are many).
   */
  private pageOf(match: Int32Array, matches: Int32Array, offset: number, limit: number): string[] {
    const wanted = offset + limit;
    const before = (a: number, b: number) => this.before(a, b);
    let ordered: number[];
    if (matches.length <= 1024 || wanted * 4 >= matches.length)
      ordered = Array.from(matches).sort(before);
    else {
      if (!this.order || this.unorderedCount > Math.max(1024, this.slotOf.size >>> 4))
        this.sortOrder();
      const { order, unordered } = this;
      const loose: number[] = [];
      for (const slot of matches) if (unordered[slot >>> 5]! & (1 << (slot & 31))) loose.push(slot);
      const walked: number[] = [];
      for (let i = 0; i < order!.length && walked.length < wanted; i++) {
        const slot = order![i]!;
        const bit = 1 << (slot & 31);
        if (match[slot >>> 5]! & bit && !(unordered[slot >>> 5]! & bit)) walked.push(slot);
      }
      loose.sort(before);
      ordered = [];
      for (let i = 0, j = 0; ordered.length < wanted && (i < walked.length || j < loose.length);)
        ordered.push(
          j >= loose.length || (i < walked.length && before(walked[i]!, loose[j]!) < 0)
            ? walked[i++]!
            : loose[j++]!,
        );
    }
    return ordered.slice(offset, wanted).map((slot) => this.ids[slot]!);
  }
}

/** A case's columns as the index reads them; facets as JSON, which the driver parses natively. */
const CASE_COLUMNS = (alias: string) =>
  `${alias}.id, hashtext(${alias}.id) AS key,
   (extract(epoch FROM ${alias}.updated_at) * 1000000)::float8 AS at,
   ${alias}.source_id, ${alias}.status, array_to_json(${alias}.facets) AS facets`;

/**
 * Reads shared among callers such that each gets a read that began after its call: a read
 * already in flight may have begun before a change the caller made, so a caller arriving during
 * one waits for the next (shared by everyone who arrives meanwhile). Reads never overlap, so
 * each applies its changes over those of the one before.
 */
class FreshReads<T> {
  private running?: Promise<T>;
  private queued?: Promise<T>;
  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const after = () => {
      this.queued = undefined;
      return this.start();
    };
    this.queued = this.running.then(after, after);
    return this.queued;
  }

  private start(): Promise<T> {
    const running = this.read().finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }
}

/** See CaseFacetIndex.keyView. */
export interface KeyView {
  /** The organisation's index (read anew, it is another). */
  readonly index: object;
  /** The changes it had applied. */
  readonly changes: number;
  /** Keys held by more than one of its cases. */
  readonly shared: readonly number[];
}

/**
 * Every organisation's facet index, each read from cases when first searched and kept in step
 * with case_changes after. One per store a server serves.
 */
export class CaseFacetIndex {
  private readonly organisations = new Map<string, OrganisationFacets>();
  private readonly reads = new Map<string, FreshReads<OrganisationFacets>>();
  private prunedAt: number;

  constructor(
    private readonly db: Queryable,
    private readonly now: () => number = Date.now,
    /** How many changed cases' keys an index remembers (TOUCHED_KEYS; tests lower it). */
    private readonly touchedKeys = TOUCHED_KEYS,
  ) {
    this.prunedAt = now();
  }

  /**
   * The organisation's matches of `filter`, less the `hidden` cases (restricted to other
   * users) and, given `among`, only those of its cases (a search by name: the cases its keys
   * found), counted and paged; read after every change of cases committed before the call.
   * Ids unknown to the organisation's cases are ignored.
   */
  async search(
    organisationId: string,
    filter: FacetFilter,
    hidden: readonly string[] | Promise<readonly string[]>,
    offset: number,
    limit: number,
    among?: readonly string[],
  ): Promise<FacetSearchResult> {
    const [index, without] = await Promise.all([this.readsOf(organisationId).get(), hidden]);
    return index.search(filter, without, offset, limit, among && index.amongIds(among));
  }

  /**
   * What the organisation's index now knows, for a search by name to ask PostgreSQL for its
   * matches as keys (`hashtext(id)`; ids only for the keys in `shared`) rather than ids: looking
   * up 4,000 ids parsed from JSON in a Map of 322,741 took 1.2-1.9 ms, their keys 0.3 ms.
   * Undefined until the organisation is read.
   */
  keyView(organisationId: string): KeyView | undefined {
    const index = this.organisations.get(organisationId);
    return index && { index, changes: index.changes, shared: index.sharedKeys() };
  }

  /**
   * `search` among the cases a search by name found, given as `keys` (and as `ids` where the
   * view's keys were shared) under `view`: undefined, having found nothing, if a key may name
   * another case than the one matched (its case changed since the view, or the organisation was
   * read anew), so that the caller searches among their ids instead.
   */
  async searchByKeys(
    organisationId: string,
    filter: FacetFilter,
    offset: number,
    limit: number,
    view: KeyView,
    keys: readonly number[],
    ids: readonly string[],
  ): Promise<FacetSearchResult | undefined> {
    const index = await this.readsOf(organisationId).get();
    if (index !== view.index) return undefined;
    const among = index.amongKeys(keys, ids, view.changes);
    return among && index.search(filter, [], offset, limit, among);
  }

  /**
   * Starts reading the organisation's cases if nothing has yet (the case list's first page, shown
   * before any facet is chosen, calls it), so that its first facet search need not wait the
   * seconds a whole organisation takes. Resolves once read; never rejects: a failed read is
   * the next search's to retry and report.
   */
  warm(organisationId: string): Promise<void> {
    if (this.reads.has(organisationId)) return Promise.resolve();
    return this.readsOf(organisationId)
      .get()
      .then(
        () => undefined,
        () => undefined,
      );
  }

  /** Whether the organisation's cases have been read (by a search or by `warm`). */
  isRead(organisationId: string): boolean {
    return this.organisations.has(organisationId);
  }

  /** The last prune of case_changes begun (tests await it). */
  lastPrune: Promise<void> = Promise.resolve();

  private readsOf(organisationId: string): FreshReads<OrganisationFacets> {
    let reads = this.reads.get(organisationId);
    if (!reads) {
      reads = new FreshReads(() => this.read(organisationId));
      this.reads.set(organisationId, reads);
    }
    return reads;
  }

  /**
   * Deletes the changes no index needs (older than KEEP_CHANGES), at most every PRUNE_EVERY_MS,
   * beside the read rather than before it: a search does not wait for a scan of case_changes.
   * A failed prune is tried again at the next read.
   */
  private prune(): void {
    if (this.now() - this.prunedAt <= PRUNE_EVERY_MS) return;
    this.prunedAt = this.now();
    this.lastPrune = this.db
      .query(`DELETE FROM case_changes WHERE at < now() - interval '${KEEP_CHANGES}'`)
      .then(
        () => undefined,
        () => {
          this.prunedAt = 0;
        },
      );
  }

  /** Reads the organisation's cases (first time, or after a TRUNCATE), else its changes. */
  private async read(organisationId: string): Promise<OrganisationFacets> {
    let index = this.organisations.get(organisationId);
    this.prune();
    if (index && this.now() - index.readAt < RELOAD_AFTER_MS) {
      const { rows } = await this.db.query<
        CaseRow & {
          changed: string | null;
          changed_key: number | null;
          everything: boolean;
          snapshot: string | null;
        }
      >(
        `WITH changed AS (
           SELECT DISTINCT case_id FROM case_changes
            WHERE organisation_id IN ($1, '*') AND xid >= pg_snapshot_xmin($2::pg_snapshot)
              AND NOT pg_visible_in_snapshot(xid, $2::pg_snapshot))
         SELECT c.case_id AS changed, hashtext(c.case_id) AS changed_key,
                c.case_id IS NULL AS everything, ${CASE_COLUMNS('k')}, NULL::text AS snapshot
           FROM changed c LEFT JOIN cases k ON k.id = c.case_id AND k.organisation_id = $1
         UNION ALL
         SELECT NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, pg_current_snapshot()::text`,
        [organisationId, index.snapshot],
        // Before every facet search: planned once (its plan, two index ranges, fits any values).
        { prepare: true },
      );
      if (!rows.some((r) => r.everything)) {
        for (const r of rows) {
          if (r.snapshot !== null) index.snapshot = r.snapshot;
          else if (r.changed !== null) {
            index.touch(r.changed_key!);
            index.put(r.changed, r.id === null ? undefined : r);
          }
        }
        index.readAt = this.now();
        return index;
      }
    }
    // The whole organisation, and the snapshot it was read under (one statement: one snapshot).
    const { rows } = await this.db.query<CaseRow & { snapshot: string | null }>(
      `SELECT ${CASE_COLUMNS('k')}, NULL::text AS snapshot FROM cases k WHERE k.organisation_id = $1
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, NULL, NULL, pg_current_snapshot()::text`,
      [organisationId],
    );
    index = new OrganisationFacets(this.touchedKeys);
    for (const r of rows) {
      if (r.snapshot !== null) index.snapshot = r.snapshot;
      else index.put(r.id, r);
    }
    index.sortOrder();
    index.readAt = this.now();
    this.organisations.set(organisationId, index);
    return index;
  }
}
