/**
 * Atomic import of person lists (CSV or XLSX): every row is validated; if any is invalid nothing
 * is imported (unless skipInvalid) and every invalid row is reported. Valid rows are sealed and
 * bulk-loaded with COPY into a staging table, then merged into persons with one
 * INSERT ... ON CONFLICT (source_id, record_id) DO UPDATE, all in one transaction: a re-imported
 * record updates its row, and a failure at any point leaves the store as it was.
 */
import type { RecordSealer } from '../protect/contracts';
import type { Db, Queryable } from '../store/db';
import { newRowId } from '../store/ids';
import type { CsvRow } from './csv';
import { InvalidInputError, MalformedFileError, type InputIssue } from './issues';
import {
  personListLayout,
  PersonListValidator,
  PLACE_COLUMNS,
  type PersonListRecord,
} from './person-list';
import { CASE_ONLY_PERSON_COLUMNS, PERSON_IMPORT_COLUMNS, personRow } from './person-rows';
import { gazetteerLookup, type PlaceLookup } from './places';
import { ensureSources } from './sources';
import type { TabularInput } from './tabular';

export interface ImportProgress {
  file: string;
  rowsRead: number;
  done: number;
  total: number;
}

export interface PersonListImportOptions {
  /** Source for rows that do not name one. */
  source?: string;
  /** Import the valid rows and report the invalid ones instead of importing nothing. */
  skipInvalid?: boolean;
  lookupPlace?: PlaceLookup;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per COPY batch. */
  batchRows?: number;
}

export interface UnknownPlace {
  column: (typeof PLACE_COLUMNS)[number];
  text: string;
  rows: number;
}

export interface ImportReport {
  importRunId: string;
  files: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  /** Invalid rows left out (only with skipInvalid). */
  skippedInvalid: number;
  /** Every invalid row (with skipInvalid; otherwise the import throws InvalidInputError). */
  issues: InputIssue[];
  /** Place names the gazetteer does not know, kept verbatim. */
  unknownPlaces: UnknownPlace[];
  sources: string[];
}

const STAGING = 'person_import';
/** A new row's id comes with it (time-ordered, see store/ids.ts); an updated row keeps its own. */
const STAGING_COLUMNS = ['id', ...PERSON_IMPORT_COLUMNS];

async function createStaging(tx: Queryable): Promise<void> {
  // Same column types as persons, no constraints or indexes: COPY into it runs at full speed,
  // and the merge below checks every constraint.
  await tx.exec(
    `CREATE TEMP TABLE ${STAGING} ON COMMIT DROP AS
       SELECT ${STAGING_COLUMNS.join(', ')} FROM persons WITH NO DATA`,
  );
}

async function mergeStaging(tx: Queryable): Promise<{ inserted: number; updated: number }> {
  const existing = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${STAGING} s
       JOIN persons p ON p.source_id = s.source_id AND p.record_id = s.record_id`,
  );
  const cols = STAGING_COLUMNS.join(', ');
  const updates = PERSON_IMPORT_COLUMNS.filter((c) => c !== 'source_id' && c !== 'record_id')
    .map((c) =>
      CASE_ONLY_PERSON_COLUMNS.has(c)
        ? `${c} = COALESCE(EXCLUDED.${c}, persons.${c})`
        : `${c} = EXCLUDED.${c}`,
    )
    .join(', ');
  const res = await tx.query(
    `INSERT INTO persons (${cols}) SELECT ${cols} FROM ${STAGING}
       ON CONFLICT (source_id, record_id) DO UPDATE SET ${updates}, updated_at = now()`,
  );
  const updated = existing.rows[0].n;
  const total = res.affectedRows ?? 0;
  return { inserted: total - updated, updated };
}

/** Imports person-list files in one transaction. Throws InvalidInputError when nothing was imported. */
export function importPersonLists(
  db: Db,
  sealer: RecordSealer,
  inputs: TabularInput[],
  options: PersonListImportOptions = {},
): Promise<ImportReport> {
  return db.transaction((tx) => importPersonListsIn(tx, sealer, inputs, options));
}

/** importPersonLists inside a transaction the caller holds (to import other files with it). */
export async function importPersonListsIn(
  tx: Queryable,
  sealer: RecordSealer,
  inputs: TabularInput[],
  options: PersonListImportOptions = {},
): Promise<ImportReport> {
  const startedAt = new Date();
  const lookupPlace = options.lookupPlace ?? gazetteerLookup;
  const batchRows = options.batchRows ?? 20_000;
  const issues: InputIssue[] = [];
  const firstSeen = new Map<string, { file: string; line: number }>();
  const unknown = new Map<string, UnknownPlace>();
  const sources = new Set<string>();
  let rowsRead = 0;
  let invalidRows = 0;

  await createStaging(tx);
  let pending: unknown[][] = [];
  // One COPY in flight while the next batch is parsed and sealed: a PostgreSQL server loads the
  // batch in its own process meanwhile. Its outcome is awaited before the next one starts.
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    await inFlight;
    inFlight = tx.copyFrom(STAGING, STAGING_COLUMNS, rows);
    // Observed by the next flush or at the end; never an unhandled rejection.
    inFlight.catch(() => undefined);
  };

  const accept = (file: string, record: PersonListRecord): boolean => {
    const key = `${record.source}\u0000${record.recordId}`;
    const earlier = firstSeen.get(key);
    if (earlier) {
      issues.push({
        file,
        line: record.line,
        field: 'record_id',
        value: record.recordId,
        reason: `the same record of source ${record.source} is already on line ${earlier.line}${earlier.file !== file ? ` of ${earlier.file}` : ''}`,
      });
      return false;
    }
    firstSeen.set(key, { file, line: record.line });
    return true;
  };

  try {
    await readAll();
  } finally {
    // Nothing may still be writing when the transaction ends (commit or rollback).
    await inFlight.catch(() => undefined);
  }
  if (issues.length > 0 && !options.skipInvalid) throw new InvalidInputError(issues);
  await flush();
  await inFlight;
  await ensureSources(tx, sealer.organisationId, sources);
  const { inserted, updated } = await mergeStaging(tx);
  const unknownPlaces = [...unknown.values()].sort((a, b) => b.rows - a.rows);
  const formats = [...new Set(inputs.map((i) => i.format))];
  const run = await tx.query<{ id: string }>(
    `INSERT INTO import_runs (formats, files, source_ids, rows_read, inserted, updated,
         skipped_invalid, unknown_places, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      formats,
      inputs.length,
      [...sources].sort(),
      rowsRead,
      inserted,
      updated,
      invalidRows,
      unknownPlaces.length,
      startedAt,
    ],
  );
  return {
    importRunId: run.rows[0].id,
    files: inputs.length,
    rowsRead,
    inserted,
    updated,
    skippedInvalid: invalidRows,
    issues,
    unknownPlaces,
    sources: [...sources].sort(),
  };

  async function readAll(): Promise<void> {
    for (const input of inputs) {
      const file = input.file;
      let validator: PersonListValidator | undefined;
      let width = 0;
      // One row of look-ahead: only the last row of a file can show that the file is truncated.
      let held: CsvRow | undefined;
      const handle = async (row: CsvRow) => {
        rowsRead++;
        const { record, issues: rowIssues } = validator!.validate(row.line, row.fields);
        if (!record || !accept(file, record)) {
          invalidRows++;
          for (const issue of rowIssues) issues.push({ file, ...issue });
          return;
        }
        sources.add(record.source);
        for (const column of PLACE_COLUMNS) {
          const place =
            column === 'home_province'
              ? record.homeProvince
              : column === 'home_county'
                ? record.homeCounty
                : column === 'crossing_place'
                  ? record.crossingPlace
                  : record.placeInChina;
          if (place?.text !== undefined && place.id === undefined) {
            const key = `${column}\u0000${place.text}`;
            const entry = unknown.get(key);
            if (entry) entry.rows++;
            else unknown.set(key, { column, text: place.text, rows: 1 });
          }
        }
        // Once the import is bound to fail, sealing and loading more rows is wasted work.
        if (issues.length > 0 && !options.skipInvalid) return;
        const stored = personRow(record, sealer);
        stored.unshift(newRowId());
        pending.push(stored);
        if (pending.length >= batchRows) await flush();
      };

      for await (const batch of input.rows) {
        for (const row of batch) {
          if (!validator) {
            const { layout, issues: headerIssues } = personListLayout(row.fields, options);
            if (!layout) {
              throw new InvalidInputError(headerIssues.map((i) => ({ file, ...i })));
            }
            validator = new PersonListValidator(layout, lookupPlace, options);
            width = layout.width;
            continue;
          }
          if (held) await handle(held);
          held = row;
        }
        if (options.onProgress) {
          options.onProgress({ file, rowsRead, ...input.progress() });
        }
      }
      if (!validator) {
        throw new InvalidInputError([{ file, reason: 'the file is empty (no header row)' }]);
      }
      if (held) {
        if (held.fields.length < width) {
          throw new MalformedFileError({
            file,
            line: held.line,
            reason: `the last row has ${held.fields.length} of ${width} fields: the file is truncated`,
          });
        }
        await handle(held);
      }
    }
  }
}
