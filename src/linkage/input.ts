/**
 * Reading person-list CSVs for linkage: columns in any order (PERSON_LIST_COLUMNS; others
 * ignored), renamed with a column map (FEBRL's surname -> family_name, ...), values trimmed (FEBRL
 * writes a space after each comma). A file without a `source` column is one list named after the
 * file. Errors name the file, the line and the column, never the value.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { CsvRow } from '../ingest/csv';
import { MalformedFileError } from '../ingest/issues';
import { readCsvFile, readXlsxFile } from '../ingest/tabular';
import { PERSON_LIST_COLUMNS, type PersonListColumn } from '../model/types';
import { parseBirthDate } from './features';
import { ColumnBuilder, type Column, type RecordTable } from './records';

export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export type ColumnMap = Record<string, PersonListColumn>;

const KNOWN = new Set<string>(PERSON_LIST_COLUMNS);
const NAME_COLUMNS: PersonListColumn[] = ['family_name', 'given_name', 'other_names'];

/** Parses `SRC=DST,SRC=DST` (DST a person-list column); throws a message naming the bad part. */
export function parseColumnMap(text: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) {
      throw new Error(`--map: "${item}" is not SOURCE=TARGET`);
    }
    const source = item.slice(0, eq).trim();
    const target = item.slice(eq + 1).trim();
    if (!KNOWN.has(target)) {
      throw new Error(
        `--map: "${target}" is not a person-list column (one of ${PERSON_LIST_COLUMNS.join(', ')})`,
      );
    }
    if (source in map) throw new Error(`--map: column "${source}" is mapped twice`);
    map[source] = target as PersonListColumn;
  }
  return map;
}

/** Columns linkage does not compare, left unread (free text that identifies, and a flag). */
const DEFAULT_SKIP: readonly PersonListColumn[] = ['notes', 'repatriated'];

export interface ReadOptions {
  map?: ColumnMap;
  /** Person-list columns not to read (default: notes and repatriated). */
  skip?: readonly PersonListColumn[];
  /** Use the data row number (1, 2, ...) as record_id when a file has no record_id column. */
  rowIds?: boolean;
  /** Called every 10,000 records with the number read so far. */
  onProgress?: (records: number) => void;
}

/** Maps each header position to a person-list column (or null: ignored). */
function headerColumns(
  header: string[],
  file: string,
  map: ColumnMap,
): Array<PersonListColumn | null> {
  const seen = new Map<PersonListColumn, string>();
  const out = header.map((raw) => {
    const name = raw.trim();
    const target = map[name] ?? (KNOWN.has(name) ? (name as PersonListColumn) : null);
    if (!target) return null;
    const before = seen.get(target);
    if (before !== undefined) {
      throw new InputError(
        `${file}: columns "${before}" and "${name}" both give ${target}`,
        file,
        1,
        name,
      );
    }
    seen.set(target, name);
    return target;
  });
  const trimmed = new Set(header.map((h) => h.trim()));
  for (const source of Object.keys(map)) {
    if (!trimmed.has(source)) {
      throw new InputError(
        `${file}: --map names column "${source}", which the file does not have`,
        file,
        1,
        source,
      );
    }
  }
  return out;
}

function validateValue(column: PersonListColumn, value: string): string | undefined {
  if (value === '') return undefined;
  if (column === 'birth_year' && !/^\d{4}$/.test(value)) return 'is not a four-digit year';
  if (column === 'birth_date' && !parseBirthDate(value))
    return 'is not a date (YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD)';
  return undefined;
}

/** Rows of one input file: ingest's fast strict reader, or csv-parse where the file needs leniency. */
async function* fileRows(file: string, lenient: boolean): AsyncGenerator<CsvRow[]> {
  if (/\.xlsx$/i.test(file)) {
    yield* readXlsxFile(file).rows;
    return;
  }
  if (!lenient) {
    yield* readCsvFile(file).rows;
    return;
  }
  // Hand-made CSVs: a space after each comma, a quoted field after that space ("a", "b").
  const parser = createReadStream(file).pipe(
    parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  let batch: CsvRow[] = [];
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    batch.push({ line: item.info.lines, fields: item.record });
    if (batch.length >= 4096) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

class TableBuilder {
  readonly builders = new Map<PersonListColumn, ColumnBuilder>();
  readonly sources: string[] = [];
  private readonly sourceIndex = new Map<string, number>();
  private readonly seenIds: Array<Set<string>> = [];
  sourceOf = new Int32Array(1024);
  readonly recordIds: string[] = [];
  size = 0;

  /** Rolls back to `size` records (a file that is re-read leniently after a strict failure). */
  truncate(size: number): void {
    for (let r = size; r < this.size; r++) this.seenIds[this.sourceOf[r]].delete(this.recordIds[r]);
    this.recordIds.length = size;
    for (const b of this.builders.values()) b.truncate(size);
    this.size = size;
  }

  source(name: string): number {
    let s = this.sourceIndex.get(name);
    if (s === undefined) {
      s = this.sources.length;
      this.sources.push(name);
      this.sourceIndex.set(name, s);
      this.seenIds.push(new Set());
    }
    return s;
  }

  /** Adds a record id; false when the list already has it. */
  add(source: number, recordId: string): boolean {
    const ids = this.seenIds[source];
    if (ids.has(recordId)) return false;
    ids.add(recordId);
    if (this.size === this.sourceOf.length) {
      const grown = new Int32Array(this.sourceOf.length * 2);
      grown.set(this.sourceOf);
      this.sourceOf = grown;
    }
    this.sourceOf[this.size] = source;
    this.recordIds.push(recordId);
    return true;
  }

  column(c: PersonListColumn): ColumnBuilder {
    let b = this.builders.get(c);
    if (!b) {
      b = new ColumnBuilder(Math.max(1024, this.size * 2));
      b.padTo(this.size);
      this.builders.set(c, b);
    }
    return b;
  }

  build(): RecordTable {
    const columns = new Map<PersonListColumn, Column>();
    for (const [c, b] of this.builders) {
      b.padTo(this.size);
      columns.set(c, b.build());
    }
    return {
      size: this.size,
      sources: this.sources,
      sourceOf: this.sourceOf.slice(0, this.size),
      recordIds: this.recordIds,
      columns,
    };
  }
}

async function readOne(
  file: string,
  lenient: boolean,
  table: TableBuilder,
  options: ReadOptions,
): Promise<void> {
  const map = options.map ?? {};
  const label = path.basename(file);
  const fileSource = label.replace(/\.[^.]*$/, '');
  let columns: Array<PersonListColumn | null> | undefined;
  let recordIdAt = -1;
  let sourceAt = -1;
  let rowNumber = 0;
  const used: Array<[number, ColumnBuilder, PersonListColumn]> = [];
  for await (const rows of fileRows(file, lenient)) {
    for (const { line, fields } of rows) {
      if (!columns) {
        columns = headerColumns(fields, label, map);
        recordIdAt = columns.indexOf('record_id');
        sourceAt = columns.indexOf('source');
        if (recordIdAt < 0 && !options.rowIds) {
          throw new InputError(
            `${label}: missing column record_id (map one with --map, or use --row-ids)`,
            label,
            1,
            'record_id',
          );
        }
        if (!NAME_COLUMNS.some((c) => columns?.includes(c))) {
          throw new InputError(
            `${label}: missing a name column (${NAME_COLUMNS.join(', ')})`,
            label,
            1,
            'family_name',
          );
        }
        const skip = new Set<PersonListColumn>([
          'record_id',
          'source',
          ...(options.skip ?? DEFAULT_SKIP),
        ]);
        columns.forEach((c, k) => {
          if (c && !skip.has(c)) used.push([k, table.column(c), c]);
        });
        continue;
      }
      rowNumber++;
      const source = table.source(
        sourceAt >= 0 && fields[sourceAt]?.trim() ? fields[sourceAt].trim() : fileSource,
      );
      const recordId = recordIdAt >= 0 ? (fields[recordIdAt] ?? '').trim() : String(rowNumber);
      if (!recordId) {
        throw new InputError(
          `${label} line ${line}: column record_id is empty`,
          label,
          line,
          'record_id',
        );
      }
      if (!table.add(source, recordId)) {
        throw new InputError(
          `${label} line ${line}: column record_id repeats an earlier record of the same list`,
          label,
          line,
          'record_id',
        );
      }
      for (const [k, builder, c] of used) {
        const value = (fields[k] ?? '').trim();
        const problem = validateValue(c, value);
        if (problem)
          throw new InputError(`${label} line ${line}: column ${c} ${problem}`, label, line, c);
        builder.add(value);
      }
      table.size++;
      if (table.size % 10000 === 0) options.onProgress?.(table.size);
    }
  }
  if (!columns) throw new InputError(`${label}: the file is empty (no header)`, label, 1);
  // Columns this file lacks are empty for its records.
  for (const b of table.builders.values()) b.padTo(table.size);
}

/**
 * Reads person-list files (CSV, or XLSX) into one table; records keep the order of the files and
 * their rows. A CSV the strict reader refuses (a quote after a space) is read again leniently.
 */
export async function readPersonLists(
  files: readonly string[],
  options: ReadOptions = {},
): Promise<RecordTable> {
  const table = new TableBuilder();
  for (const file of files) {
    const label = path.basename(file);
    if (!existsSync(file)) throw new InputError(`${label}: file not found`, label);
    const before = table.size;
    try {
      await readOne(file, false, table, options);
    } catch (err) {
      if (!(err instanceof MalformedFileError) || /\.xlsx$/i.test(file)) throw rephrase(err, label);
      table.truncate(before);
      try {
        await readOne(file, true, table, options);
      } catch (again) {
        throw rephrase(again, label);
      }
    }
  }
  return table.build();
}

/** Errors as InputError naming file and line; csv-parse's own messages can quote the data. */
function rephrase(err: unknown, label: string): unknown {
  if (err instanceof InputError) return err;
  if (err instanceof MalformedFileError) return new InputError(err.message, label);
  const e = err as { code?: string; lines?: number };
  if (e.code?.startsWith('CSV_')) {
    const where = e.lines ? ` line ${e.lines}` : '';
    return new InputError(`${label}${where}: malformed CSV (${e.code})`, label, e.lines);
  }
  return err;
}
