/**
 * The records being linked, held column by column: each person-list column is an Int32Array of
 * codes into that column's distinct values (code 0 is the empty value). A million records with a
 * few thousand distinct surnames then cost a few megabytes, and every later step compares
 * integers before it compares strings.
 */
import type { PersonListColumn } from '../model/types';

export interface Column {
  codes: Int32Array;
  /** Distinct values; values[0] is ''. */
  values: string[];
}

export interface RecordTable {
  size: number;
  /** Names of the lists (sources), and the list each record belongs to. */
  sources: string[];
  sourceOf: Int32Array;
  recordIds: string[];
  columns: Map<PersonListColumn, Column>;
}

/** Interns the values of one column as records are added. */
export class ColumnBuilder {
  private codes: Int32Array;
  private readonly index = new Map<string, number>([['', 0]]);
  readonly values: string[] = [''];
  private count = 0;

  constructor(capacity = 1024) {
    this.codes = new Int32Array(capacity);
  }

  add(value: string): void {
    if (this.count === this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    this.codes[this.count++] = code;
  }

  /** Forgets records from `size` on (their values stay interned, harmlessly). */
  truncate(size: number): void {
    this.count = Math.min(this.count, size);
  }

  /** Pads with empty values up to `size` records (a column absent from some files). */
  padTo(size: number): void {
    while (this.count < size) this.add('');
  }

  build(): Column {
    return { codes: this.codes.slice(0, this.count), values: this.values };
  }
}

/** Builds a RecordTable from plain rows; used by tests and by callers that already hold rows. */
export function tableFromRows(
  rows: ReadonlyArray<
    Partial<Record<PersonListColumn, string>> & { source: string; record_id: string }
  >,
): RecordTable {
  const sources: string[] = [];
  const sourceIndex = new Map<string, number>();
  const sourceOf = new Int32Array(rows.length);
  const recordIds: string[] = [];
  const builders = new Map<PersonListColumn, ColumnBuilder>();
  rows.forEach((row, i) => {
    let s = sourceIndex.get(row.source);
    if (s === undefined) {
      s = sources.length;
      sources.push(row.source);
      sourceIndex.set(row.source, s);
    }
    sourceOf[i] = s;
    recordIds.push(row.record_id);
    for (const [column, value] of Object.entries(row) as Array<[PersonListColumn, string]>) {
      if (column === 'source' || column === 'record_id') continue;
      let builder = builders.get(column);
      if (!builder) {
        builder = new ColumnBuilder(rows.length);
        builder.padTo(i);
        builders.set(column, builder);
      }
      builder.padTo(i);
      builder.add((value ?? '').trim());
    }
  });
  const columns = new Map<PersonListColumn, Column>();
  for (const [column, builder] of builders) {
    builder.padTo(rows.length);
    columns.set(column, builder.build());
  }
  return { size: rows.length, sources, sourceOf, recordIds, columns };
}

/** The raw value of a column for one record ('' when the column is absent). */
export function valueOf(table: RecordTable, column: PersonListColumn, record: number): string {
  const c = table.columns.get(column);
  return c ? c.values[c.codes[record]] : '';
}

/**
 * The table with its records in another order: record i of the result is record order[i] of
 * `table` (the values are shared, only the codes move).
 */
export function permuteTable(table: RecordTable, order: Int32Array): RecordTable {
  const n = table.size;
  if (order.length !== n) throw new Error('a record order must name every record once');
  const sourceOf = new Int32Array(n);
  const recordIds: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    sourceOf[i] = table.sourceOf[order[i]];
    recordIds[i] = table.recordIds[order[i]];
  }
  const columns = new Map<PersonListColumn, Column>();
  for (const [name, column] of table.columns) {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = column.codes[order[i]];
    columns.set(name, { codes, values: column.values });
  }
  return { size: n, sources: table.sources, sourceOf, recordIds, columns };
}
