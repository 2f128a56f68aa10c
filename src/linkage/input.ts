/**
 * Reading person-list CSVs for linkage: columns in any order (PERSON_LIST_COLUMNS; others
 * ignored), renamed with a column map (FEBRL's surname -> family_name, ...), values trimmed (FEBRL
 * writes a space after each comma). A file without a `source` column is one list named after the
 * file. Errors name the file, the line and the column, never the value.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
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

export interface ReadOptions {
  map?: ColumnMap;
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

/** Reads person-list CSVs into one table; records keep the order of the files and their rows. */
export async function readPersonLists(
  files: readonly string[],
  options: ReadOptions = {},
): Promise<RecordTable> {
  const map = options.map ?? {};
  const builders = new Map<PersonListColumn, ColumnBuilder>();
  const sources: string[] = [];
  const sourceIndex = new Map<string, number>();
  let sourceOf = new Int32Array(1024);
  const recordIds: string[] = [];
  const seenIds = new Map<number, Set<string>>();
  let size = 0;

  for (const file of files) {
    const label = path.basename(file);
    const fileSource = path.basename(file).replace(/\.[^.]*$/, '');
    const parser = createReadStream(file).pipe(
      parse({
        bom: true,
        trim: true,
        skip_empty_lines: true,
        relax_column_count: false,
        info: true,
      }),
    );
    let columns: Array<PersonListColumn | null> | undefined;
    let recordIdAt = -1;
    let sourceAt = -1;
    let rowNumber = 0;
    try {
      for await (const item of parser as AsyncIterable<{
        record: string[];
        info: { lines: number };
      }>) {
        const { record, info } = item;
        if (!columns) {
          columns = headerColumns(record, label, map);
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
          for (const c of columns) {
            if (c && c !== 'record_id' && c !== 'source' && !builders.has(c)) {
              const b = new ColumnBuilder(Math.max(1024, size * 2));
              b.padTo(size);
              builders.set(c, b);
            }
          }
          continue;
        }
        rowNumber++;
        const line = info.lines;
        const source = sourceAt >= 0 && record[sourceAt] ? record[sourceAt] : fileSource;
        let s = sourceIndex.get(source);
        if (s === undefined) {
          s = sources.length;
          sources.push(source);
          sourceIndex.set(source, s);
          seenIds.set(s, new Set());
        }
        const recordId = recordIdAt >= 0 ? record[recordIdAt] : String(rowNumber);
        if (!recordId)
          throw new InputError(
            `${label} line ${line}: column record_id is empty`,
            label,
            line,
            'record_id',
          );
        const ids = seenIds.get(s) as Set<string>;
        if (ids.has(recordId)) {
          throw new InputError(
            `${label} line ${line}: column record_id repeats an earlier record of the same list`,
            label,
            line,
            'record_id',
          );
        }
        ids.add(recordId);
        if (size === sourceOf.length) {
          const grown = new Int32Array(sourceOf.length * 2);
          grown.set(sourceOf);
          sourceOf = grown;
        }
        sourceOf[size] = s;
        recordIds.push(recordId);
        for (let k = 0; k < columns.length; k++) {
          const c = columns[k];
          if (!c || c === 'record_id' || c === 'source') continue;
          const value = record[k] ?? '';
          const problem = validateValue(c, value);
          if (problem)
            throw new InputError(`${label} line ${line}: column ${c} ${problem}`, label, line, c);
          (builders.get(c) as ColumnBuilder).add(value);
        }
        size++;
        for (const b of builders.values()) b.padTo(size);
        if (size % 10000 === 0) options.onProgress?.(size);
      }
    } catch (err) {
      if (err instanceof InputError) throw err;
      const e = err as { code?: string; lines?: number; message?: string };
      if (e.code === 'ENOENT') throw new InputError(`${label}: file not found`, label);
      if (e.code?.startsWith('CSV_')) {
        // csv-parse's own message can quote the data; say only where and what kind.
        const where = e.lines ? ` line ${e.lines}` : '';
        throw new InputError(`${label}${where}: malformed CSV (${e.code})`, label, e.lines);
      }
      throw err;
    }
    if (!columns) throw new InputError(`${label}: the file is empty (no header)`, label, 1);
  }
  const built = new Map<PersonListColumn, Column>();
  for (const [c, b] of builders) {
    b.padTo(size);
    built.set(c, b.build());
  }
  return { size, sources, sourceOf: sourceOf.slice(0, size), recordIds, columns: built };
}
