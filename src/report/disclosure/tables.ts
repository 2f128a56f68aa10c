/**
 * Tables of counts as Jayu publishes them, and the arithmetic that ties published numbers together.
 *
 * A table counts one unit (victims, violations, repatriations, sales) cross-classified by a few
 * dimensions, and is published with every subtotal: a total over each dimension and a subtotal for
 * each group of a hierarchical dimension (e.g. Red Zone = Liaoning + Jilin + Heilongjiang). Tables
 * of the same unit share cells: "violations in 2021" is the same number whether it is read from
 * the type x year table or from the year x province table. Disclosure control must treat all of
 * them as one system of linear equations, because an attacker will.
 *
 * Rules the builders keep (and `linkTables` checks): every record falls in exactly one leaf category
 * of every dimension (so dimensions carry an 'unknown' category where needed), and a dimension of
 * the same name has the same categories in every table of the same unit.
 */

export interface Dimension {
  name: string;
  /** Leaf categories, in display order. */
  categories: readonly string[];
  /**
   * Published subtotals: group code -> the leaf or group codes it adds up. A code belongs to at
   * most one group. Codes that belong to no group add up to the dimension's total.
   */
  groups?: Readonly<Record<string, readonly string[]>>;
}

export interface TableSpec {
  id: string;
  /** What is counted; tables of the same unit share their common margins. */
  unit: string;
  dimensions: readonly Dimension[];
}

export interface CountTable {
  spec: TableSpec;
  /** Leaf cell key -> count. Leaf cells absent from the map are 0. */
  leafCounts: Map<string, number>;
}

/** The code that stands for "all categories of this dimension" in coordinates. */
export const TOTAL = '*';

/** Coordinates of a cell: dimension name -> code; dimensions at TOTAL are omitted. */
export type Coordinates = Readonly<Record<string, string>>;

/** The key of a cell: unit plus its non-total coordinates, in dimension-name order. */
export function cellKey(unit: string, coords: Coordinates): string {
  const parts = Object.keys(coords)
    .filter((d) => coords[d] !== TOTAL)
    .sort()
    .map((d) => `${d}=${coords[d]}`);
  return `${unit}|${parts.join(';')}`;
}

export function parseCellKey(key: string): { unit: string; coords: Record<string, string> } {
  const bar = key.indexOf('|');
  const unit = key.slice(0, bar);
  const coords: Record<string, string> = {};
  const rest = key.slice(bar + 1);
  if (rest) {
    for (const part of rest.split(';')) {
      const eq = part.indexOf('=');
      coords[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return { unit, coords };
}

/** Counts classified rows into a table; a row with a code the table does not know is an error. */
export function tabulate(
  spec: TableSpec,
  rows: Iterable<Readonly<Record<string, string>>>,
): CountTable {
  validateSpec(spec);
  const known = spec.dimensions.map((d) => new Set(d.categories));
  const leafCounts = new Map<string, number>();
  let n = 0;
  for (const row of rows) {
    n++;
    const coords: Record<string, string> = {};
    spec.dimensions.forEach((d, i) => {
      const code = row[d.name];
      if (code === undefined || !known[i].has(code)) {
        throw new Error(
          `table ${spec.id}: row ${n} has ${code === undefined ? 'no value' : `unknown code '${code}'`} ` +
            `for dimension '${d.name}' (expected one of its ${d.categories.length} categories)`,
        );
      }
      coords[d.name] = code;
    });
    const key = cellKey(spec.unit, coords);
    leafCounts.set(key, (leafCounts.get(key) ?? 0) + 1);
  }
  return { spec, leafCounts };
}

function validateSpec(spec: TableSpec): void {
  if (spec.unit.includes('|')) throw new Error(`table ${spec.id}: unit may not contain '|'`);
  const names = new Set<string>();
  for (const d of spec.dimensions) {
    if (names.has(d.name)) throw new Error(`table ${spec.id}: dimension '${d.name}' appears twice`);
    names.add(d.name);
    const codes = new Set<string>();
    for (const c of d.categories) {
      if (c === TOTAL || /[;=|]/.test(c)) {
        throw new Error(
          `table ${spec.id}: category '${c}' of '${d.name}' uses a reserved character`,
        );
      }
      if (codes.has(c)) throw new Error(`table ${spec.id}: category '${c}' of '${d.name}' repeats`);
      codes.add(c);
    }
    const member = new Map<string, string>();
    for (const [g, children] of Object.entries(d.groups ?? {})) {
      if (codes.has(g) || g === TOTAL) {
        throw new Error(`table ${spec.id}: group '${g}' of '${d.name}' clashes with a category`);
      }
      for (const ch of children) {
        if (member.has(ch)) {
          throw new Error(`table ${spec.id}: '${ch}' of '${d.name}' is in two groups`);
        }
        member.set(ch, g);
      }
    }
    for (const ch of member.keys()) {
      if (!codes.has(ch) && !(d.groups && ch in d.groups)) {
        throw new Error(`table ${spec.id}: group member '${ch}' of '${d.name}' is not a category`);
      }
    }
  }
}

/** Every code of a dimension that a published cell can carry: leaves, groups, and the total. */
export function dimensionCodes(d: Dimension): string[] {
  return [...d.categories, ...Object.keys(d.groups ?? {}), TOTAL];
}

/** The codes that a subtotal code adds up (TOTAL adds the codes that belong to no group). */
export function childrenOf(d: Dimension, code: string): readonly string[] {
  if (code === TOTAL) {
    const grouped = new Set(Object.values(d.groups ?? {}).flat());
    return [...d.categories, ...Object.keys(d.groups ?? {})].filter((c) => !grouped.has(c));
  }
  return d.groups?.[code] ?? [];
}

/** The chain of codes a leaf counts towards: itself, its groups upward, and TOTAL. */
function ancestry(d: Dimension, leaf: string): string[] {
  const parentOf = new Map<string, string>();
  for (const [g, ch] of Object.entries(d.groups ?? {})) for (const c of ch) parentOf.set(c, g);
  const chain = [leaf];
  let cur = leaf;
  while (parentOf.has(cur)) {
    cur = parentOf.get(cur)!;
    chain.push(cur);
  }
  chain.push(TOTAL);
  return chain;
}

/** A published cell in the linked system. */
export interface LinkedCell {
  key: string;
  unit: string;
  coords: Record<string, string>;
  value: number;
  /** Tables that publish this cell. */
  tables: string[];
  /** How many of its coordinates are subtotals (0 for an inner cell): margins cost more to lose. */
  marginDepth: number;
}

/** parent = sum(parts): one additive identity among published cells. */
export interface Relation {
  parent: string;
  parts: string[];
}

export interface LinkedTables {
  tables: CountTable[];
  cells: Map<string, LinkedCell>;
  relations: Relation[];
  /** Relation indices per cell key. */
  relationsOf: Map<string, number[]>;
}

/**
 * Builds the whole system of published cells and additive relations for a set of tables,
 * merging the cells that tables of one unit share. Throws if two tables disagree on a shared cell
 * (they were counted from different records) or define a shared dimension differently.
 */
export function linkTables(tables: readonly CountTable[]): LinkedTables {
  const cells = new Map<string, LinkedCell>();
  const relationSet = new Map<string, Relation>();
  const dimsByUnit = new Map<string, Map<string, Dimension>>();
  const ids = new Set<string>();

  for (const table of tables) {
    const { spec } = table;
    validateSpec(spec);
    if (ids.has(spec.id)) throw new Error(`two tables have the id '${spec.id}'`);
    ids.add(spec.id);
    const known = dimsByUnit.get(spec.unit) ?? new Map<string, Dimension>();
    dimsByUnit.set(spec.unit, known);
    for (const d of spec.dimensions) {
      const other = known.get(d.name);
      if (other && !sameDimension(other, d)) {
        throw new Error(
          `table ${spec.id}: dimension '${d.name}' differs from another '${spec.unit}' table's; ` +
            `shared margins would not add up`,
        );
      }
      known.set(d.name, d);
    }

    // Values of every cell (leaves, subtotals, totals) from the leaf counts.
    const values = new Map<string, number>();
    for (const [leafKey, count] of table.leafCounts) {
      const { coords } = parseCellKey(leafKey);
      const perDim = spec.dimensions.map((d) => ancestry(d, coords[d.name]));
      forEachCombination(perDim, (codes) => {
        const c: Record<string, string> = {};
        spec.dimensions.forEach((d, i) => (c[d.name] = codes[i]));
        const k = cellKey(spec.unit, c);
        values.set(k, (values.get(k) ?? 0) + count);
      });
    }

    for (const cell of publishedCells(spec)) {
      const value = values.get(cell.key) ?? 0;
      const existing = cells.get(cell.key);
      if (existing) {
        if (existing.value !== value) {
          throw new Error(
            `tables ${existing.tables[0]} and ${spec.id} disagree on a shared cell (${existing.value} vs ` +
              `${value}): they were not counted from the same records`,
          );
        }
        existing.tables.push(spec.id);
      } else {
        cells.set(cell.key, { ...cell, unit: spec.unit, value, tables: [spec.id] });
      }
    }
    for (const r of tableRelations(spec)) {
      const id = `${r.parent}<=${[...r.parts].sort().join(',')}`;
      if (!relationSet.has(id)) relationSet.set(id, r);
    }
  }

  const relations = [...relationSet.values()];
  const relationsOf = new Map<string, number[]>();
  relations.forEach((r, i) => {
    for (const k of [r.parent, ...r.parts]) {
      const list = relationsOf.get(k);
      if (list) list.push(i);
      else relationsOf.set(k, [i]);
    }
  });
  return { tables: [...tables], cells, relations, relationsOf };
}

/** Every cell a table publishes (leaves, subtotals, totals), in row-major display order. */
export function publishedCells(
  spec: TableSpec,
): { key: string; coords: Record<string, string>; marginDepth: number }[] {
  const out: { key: string; coords: Record<string, string>; marginDepth: number }[] = [];
  forEachCombination(spec.dimensions.map(dimensionCodes), (codes) => {
    const coords: Record<string, string> = {};
    let marginDepth = 0;
    spec.dimensions.forEach((d, i) => {
      if (codes[i] === TOTAL || (d.groups && codes[i] in d.groups)) marginDepth++;
      if (codes[i] !== TOTAL) coords[d.name] = codes[i];
    });
    out.push({ key: cellKey(spec.unit, coords), coords, marginDepth });
  });
  return out;
}

/** The additive relations inside one table: along each dimension, every subtotal = its parts. */
export function tableRelations(spec: TableSpec): Relation[] {
  const out: Relation[] = [];
  const allCodes = spec.dimensions.map(dimensionCodes);
  spec.dimensions.forEach((d, di) => {
    const parents = [TOTAL, ...Object.keys(d.groups ?? {})];
    const others = spec.dimensions.map((_, i) => (i === di ? [''] : allCodes[i]));
    forEachCombination(others, (codes) => {
      const base: Record<string, string> = {};
      spec.dimensions.forEach((e, i) => (base[e.name] = codes[i]));
      for (const p of parents) {
        out.push({
          parent: cellKey(spec.unit, { ...base, [d.name]: p }),
          parts: childrenOf(d, p).map((ch) => cellKey(spec.unit, { ...base, [d.name]: ch })),
        });
      }
    });
  });
  return out;
}

function sameDimension(a: Dimension, b: Dimension): boolean {
  const norm = (d: Dimension) =>
    JSON.stringify([
      [...d.categories].sort(),
      Object.entries(d.groups ?? {})
        .map(([g, ch]) => [g, [...ch].sort()])
        .sort(),
    ]);
  return norm(a) === norm(b);
}

function forEachCombination(
  lists: readonly (readonly string[])[],
  fn: (codes: string[]) => void,
): void {
  const idx = lists.map(() => 0);
  if (lists.some((l) => l.length === 0)) return;
  for (;;) {
    fn(idx.map((i, d) => lists[d][i]));
    let d = lists.length - 1;
    while (d >= 0) {
      idx[d]++;
      if (idx[d] < lists[d].length) break;
      idx[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

/** Why a cell is or is not shown. */
export type CellStatus = 'published' | 'primary' | 'secondary';

/** A table as released: every cell with its value, or null where it is suppressed. */
export interface PublishedTable {
  spec: TableSpec;
  cells: PublishedCell[];
}

export interface PublishedCell {
  key: string;
  coords: Record<string, string>;
  /** The released number (possibly rounded or noised), or null when suppressed. */
  value: number | null;
  status: CellStatus;
}
