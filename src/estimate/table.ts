import { parse as parseCsv } from 'csv-parse/sync';

/**
 * The capture-history table: how many people were seen on each combination of lists. This is
 * the only input the estimators see: counts by pattern, never a person.
 *
 * Patterns are bit masks: bit i (value 1 << i) set means "on list i", lists in the order of
 * `lists`. counts[0] is the unobserved pattern and is always 0.
 */

export const MAX_LISTS = 20;

export interface CaptureTable {
  readonly lists: readonly string[];
  /** Length 2^t; counts[mask] = number of people with that capture pattern. */
  readonly counts: Float64Array;
}

/** A rejected input, naming the row and column at fault; never quotes identifying data. */
export class CaptureTableError extends Error {
  constructor(
    message: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'CaptureTableError';
  }
}

/** Number of people observed on at least one list. */
export function observedTotal(table: CaptureTable): number {
  let n = 0;
  for (let m = 1; m < table.counts.length; m++) n += table.counts[m];
  return n;
}

/** Pattern mask as the 0/1 string used in files ("1010": on lists 1 and 3). */
export function patternString(mask: number, t: number): string {
  let s = '';
  for (let i = 0; i < t; i++) s += mask & (1 << i) ? '1' : '0';
  return s;
}

export function parsePattern(pattern: string, t: number): number {
  if (pattern.length !== t || !/^[01]+$/.test(pattern)) {
    throw new CaptureTableError(`pattern "${pattern}" must be ${t} characters of 0 and 1`);
  }
  let mask = 0;
  for (let i = 0; i < t; i++) if (pattern[i] === '1') mask |= 1 << i;
  return mask;
}

export function popcount(mask: number): number {
  let c = 0;
  while (mask) {
    mask &= mask - 1;
    c++;
  }
  return c;
}

function checkLists(lists: readonly string[]): void {
  if (lists.length < 2) {
    throw new CaptureTableError(`at least 2 lists are needed to estimate, got ${lists.length}`);
  }
  if (lists.length > MAX_LISTS) {
    throw new CaptureTableError(`at most ${MAX_LISTS} lists are supported, got ${lists.length}`);
  }
  const seen = new Set<string>();
  lists.forEach((name, i) => {
    if (!name || !name.trim())
      throw new CaptureTableError(`list ${i + 1} has an empty name`, undefined, `#${i + 1}`);
    if (seen.has(name))
      throw new CaptureTableError(`list name "${name}" appears twice`, undefined, name);
    seen.add(name);
  });
}

function checkCount(count: number, where: string, row?: number, column?: string): void {
  if (!Number.isFinite(count) || count < 0 || !Number.isInteger(count)) {
    throw new CaptureTableError(`${where}: count must be a non-negative integer`, row, column);
  }
}

/** Builds a table from {pattern, count} entries (patterns as 0/1 strings); repeated patterns add up. */
export function tableFromPatterns(
  lists: readonly string[],
  entries: Iterable<{ pattern: string; count: number }>,
): CaptureTable {
  checkLists(lists);
  const t = lists.length;
  const counts = new Float64Array(1 << t);
  let row = 0;
  for (const e of entries) {
    row++;
    let mask: number;
    try {
      mask = parsePattern(e.pattern, t);
    } catch (err) {
      throw new CaptureTableError(`entry ${row}: ${(err as Error).message}`, row, 'pattern');
    }
    checkCount(e.count, `entry ${row}`, row, 'count');
    if (mask === 0 && e.count > 0) {
      throw new CaptureTableError(
        `entry ${row}: the all-zero pattern (on no list) cannot be observed; remove it`,
        row,
        'pattern',
      );
    }
    counts[mask] += e.count;
  }
  return { lists: [...lists], counts };
}

/** Builds a table from a dense vector indexed by mask (counts[0] must be 0). */
export function tableFromCounts(lists: readonly string[], counts: ArrayLike<number>): CaptureTable {
  checkLists(lists);
  const size = 1 << lists.length;
  if (counts.length !== size)
    throw new CaptureTableError(`expected ${size} counts, got ${counts.length}`);
  const out = new Float64Array(size);
  for (let m = 1; m < size; m++) {
    checkCount(counts[m], `pattern ${patternString(m, lists.length)}`);
    out[m] = counts[m];
  }
  return { lists: [...lists], counts: out };
}

/**
 * Tabulates individual capture histories (one per person, e.g. one per linkage cluster):
 * each history is a 0/1 (or boolean) vector aligned with `lists`. People on no list are
 * rejected: they cannot have been documented.
 */
export function tableFromHistories(
  lists: readonly string[],
  histories: Iterable<ArrayLike<number | boolean>>,
): CaptureTable {
  checkLists(lists);
  const t = lists.length;
  const counts = new Float64Array(1 << t);
  let row = 0;
  for (const h of histories) {
    row++;
    if (h.length !== t) {
      throw new CaptureTableError(`history ${row} has ${h.length} entries, expected ${t}`, row);
    }
    let mask = 0;
    for (let i = 0; i < t; i++) {
      const v = h[i];
      if (v === true || v === 1) mask |= 1 << i;
      else if (!(v === false || v === 0)) {
        throw new CaptureTableError(
          `history ${row}, list "${lists[i]}": expected 0 or 1`,
          row,
          lists[i],
        );
      }
    }
    if (mask === 0) throw new CaptureTableError(`history ${row} is on no list`, row);
    counts[mask] += 1;
  }
  return { lists: [...lists], counts };
}

/**
 * Parses a capture-history CSV: a header with one column per list, then `count`; one row per
 * pattern with 0/1 in the list columns. Repeated patterns add up. Errors name row and column
 * (row 1 is the header).
 */
export function parseCaptureCsv(text: string): CaptureTable {
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (err) {
    throw new CaptureTableError(`not a readable CSV file: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new CaptureTableError('the CSV file is empty');
  const header = records[0];
  const countCol = header.findIndex(
    (h) => h.toLowerCase() === 'count' || h.toLowerCase() === 'freq',
  );
  if (countCol < 0) {
    throw new CaptureTableError(
      'row 1: the header needs a "count" column after the list columns',
      1,
      'count',
    );
  }
  if (countCol !== header.length - 1) {
    throw new CaptureTableError('row 1: "count" must be the last column', 1, 'count');
  }
  const lists = header.slice(0, countCol);
  lists.forEach((name, i) => {
    if (!name)
      throw new CaptureTableError(`row 1, column ${i + 1}: empty list name`, 1, `#${i + 1}`);
  });
  checkLists(lists);
  const t = lists.length;
  const counts = new Float64Array(1 << t);
  for (let r = 1; r < records.length; r++) {
    const rowNumber = r + 1;
    const cells = records[r];
    if (cells.length !== header.length) {
      throw new CaptureTableError(
        `row ${rowNumber}: expected ${header.length} columns, found ${cells.length}`,
        rowNumber,
      );
    }
    let mask = 0;
    for (let i = 0; i < t; i++) {
      const c = cells[i];
      if (c === '1') mask |= 1 << i;
      else if (c !== '0') {
        throw new CaptureTableError(
          `row ${rowNumber}, column "${lists[i]}": expected 0 or 1`,
          rowNumber,
          lists[i],
        );
      }
    }
    const raw = cells[countCol];
    const count = raw === '' ? NaN : Number(raw);
    checkCount(count, `row ${rowNumber}, column "count"`, rowNumber, 'count');
    if (mask === 0 && count > 0) {
      throw new CaptureTableError(
        `row ${rowNumber}: a pattern on no list cannot be observed; remove the row`,
        rowNumber,
        lists[0],
      );
    }
    counts[mask] += count;
  }
  return { lists, counts };
}

/**
 * Parses the same table as JSON: {"lists": ["A","B",...], "counts": [{"pattern":"10","count":3}, ...]}
 * (lists may also be objects with a "code" or "name").
 */
export function parseCaptureJson(text: string): CaptureTable {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CaptureTableError(`not valid JSON: ${(err as Error).message}`);
  }
  if (!data || typeof data !== 'object') throw new CaptureTableError('expected a JSON object');
  const obj = data as { lists?: unknown; counts?: unknown };
  if (!Array.isArray(obj.lists))
    throw new CaptureTableError('"lists" must be an array', undefined, 'lists');
  const lists = obj.lists.map((l, i) => {
    if (typeof l === 'string') return l;
    if (l && typeof l === 'object') {
      const o = l as { code?: unknown; name?: unknown };
      if (typeof o.code === 'string') return o.code;
      if (typeof o.name === 'string') return o.name;
    }
    throw new CaptureTableError(`lists[${i}] must be a string`, undefined, `lists[${i}]`);
  });
  if (!Array.isArray(obj.counts))
    throw new CaptureTableError('"counts" must be an array', undefined, 'counts');
  const entries = obj.counts.map((e, i) => {
    const o = (e ?? {}) as { pattern?: unknown; count?: unknown };
    if (typeof o.pattern !== 'string') {
      throw new CaptureTableError(`counts[${i}].pattern must be a 0/1 string`, i + 1, 'pattern');
    }
    if (typeof o.count !== 'number') {
      throw new CaptureTableError(`counts[${i}].count must be a number`, i + 1, 'count');
    }
    return { pattern: o.pattern, count: o.count };
  });
  return tableFromPatterns(lists, entries);
}

/** CSV text of a table (only non-zero patterns), the format parseCaptureCsv reads. */
export function tableToCsv(table: CaptureTable): string {
  const t = table.lists.length;
  const rows = [[...table.lists, 'count'].join(',')];
  for (let m = 1; m < table.counts.length; m++) {
    if (table.counts[m] > 0) rows.push([...patternString(m, t)].join(',') + ',' + table.counts[m]);
  }
  return rows.join('\n') + '\n';
}

/** Number of people on each list. */
export function listTotals(table: CaptureTable): number[] {
  const t = table.lists.length;
  const totals = new Array<number>(t).fill(0);
  for (let m = 1; m < table.counts.length; m++) {
    const c = table.counts[m];
    if (!c) continue;
    for (let i = 0; i < t; i++) if (m & (1 << i)) totals[i] += c;
  }
  return totals;
}

/** Number of people on both list i and list j (whatever else they are on). */
export function pairOverlap(table: CaptureTable, i: number, j: number): number {
  const both = (1 << i) | (1 << j);
  let s = 0;
  for (let m = 1; m < table.counts.length; m++) if ((m & both) === both) s += table.counts[m];
  return s;
}
