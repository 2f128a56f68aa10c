/**
 * Atomic import of person lists (CSV or XLSX): every row is validated; if any is invalid nothing
 * is imported (unless skipInvalid) and every invalid row is reported. All in one transaction: a
 * failure at any point leaves the store as it was.
 *
 * Valid rows are sealed and bulk-loaded with binary COPY. A record not yet stored (its source is
 * new, or its record_id is not in it) goes straight into persons; a stored one (a re-import) goes
 * into a staging table that is merged into persons with one
 * INSERT ... ON CONFLICT (source_id, record_id) DO UPDATE: a re-imported record updates its row.
 * Each source is locked when first seen, so which of its records are stored cannot change under
 * the import. For large inputs the reading, validating and sealing run on a worker thread
 * (import-worker.ts) while this thread loads.
 */
import type { RecordSealer } from '../protect/contracts';
import { bulkSealingOf } from '../protect/sealer';
import type { Db, Queryable } from '../store/db';
import { produceInWorker, workerCanRead } from './import-worker';
import { InvalidInputError, type InputIssue } from './issues';
import {
  producePersonRows,
  type ImportProgress,
  type PersonBatch,
  type ProducerResult,
  type SourceClaim,
  type UnknownPlace,
} from './person-producer';
import { CASE_ONLY_PERSON_COLUMNS, PERSON_IMPORT_COLUMNS } from './person-rows';
import { gazetteerLookup, type PlaceLookup } from './places';
import type { TabularInput } from './tabular';

export type { ImportProgress, UnknownPlace } from './person-producer';

export interface PersonListImportOptions {
  /** Source for rows that do not name one. */
  source?: string;
  /** Import the valid rows and report the invalid ones instead of importing nothing. */
  skipInvalid?: boolean;
  lookupPlace?: PlaceLookup;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per COPY batch. */
  batchRows?: number;
  /**
   * Read, validate and seal on a worker thread while this thread loads: true, false, or 'auto'
   * (inputs of WORKER_FROM_BYTES or more) when the inputs, the sealer and the place lookup allow
   * it. importPersonLists and importFiles choose 'auto' on either store: with PGlite the database
   * runs on this thread; with PostgreSQL the server, this thread's sending and the worker's
   * sealing still overlap (200,000 rows on 2 cores, quiet: 7.0 s on one thread, 5.2-5.9 s with
   * the worker). importPersonListsIn's default: false.
   */
  worker?: boolean | 'auto';
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
  /** Whether the rows were read, validated and sealed on a worker thread (see options.worker). */
  worker: boolean;
}

/**
 * A worker thread takes a second or so to start (its module loading): below about 50,000 rows
 * the import is faster on one thread.
 */
export const WORKER_FROM_BYTES = 5_000_000;

const STAGING = 'person_import';
/** A new row's id comes with it (time-ordered, see store/ids.ts); an updated row keeps its own. */
const ROW_COLUMNS = ['id', ...PERSON_IMPORT_COLUMNS];

/**
 * The store half of an import, in the caller's transaction: claims each source when it is first
 * seen, and loads batches as they come, one COPY in flight at a time (a PostgreSQL server loads
 * it in its own process while the next batch is made).
 */
class PersonLoader {
  private inFlight: Promise<unknown> = Promise.resolve();
  private organisationReady = false;
  private stagingReady = false;
  inserted = 0;
  staged = 0;

  constructor(
    private readonly tx: Queryable,
    private readonly organisationId: string,
  ) {}

  /**
   * Creates the source if new, and locks it (FOR UPDATE) until the transaction ends: rows of a
   * locked source cannot be written by anyone else meanwhile (their foreign-key check waits), so
   * which of its records exist stays true. Returns those record ids.
   */
  async claimSource(source: string): Promise<SourceClaim> {
    if (!this.organisationReady) {
      await this.tx.query(
        'INSERT INTO organisations (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING',
        [this.organisationId],
      );
      this.organisationReady = true;
    }
    await this.tx.query(
      `INSERT INTO sources (id, organisation_id, name) VALUES ($1, $2, $1) ON CONFLICT (id) DO NOTHING`,
      [source, this.organisationId],
    );
    const owner = await this.tx.query<{ organisation_id: string }>(
      'SELECT organisation_id FROM sources WHERE id = $1 FOR UPDATE',
      [source],
    );
    if (owner.rows[0]?.organisation_id !== this.organisationId) {
      return { foreign: true, existing: null };
    }
    const { rows } = await this.tx.query<{ record_id: string }>(
      'SELECT record_id FROM persons WHERE source_id = $1',
      [source],
    );
    return {
      foreign: false,
      existing: rows.length > 0 ? new Set(rows.map((r) => r.record_id)) : null,
    };
  }

  async load(batch: PersonBatch): Promise<void> {
    await this.inFlight;
    if (batch.target === 'existing' && !this.stagingReady) {
      // Same column types as persons, no constraints or indexes; the merge checks them all.
      await this.tx.exec(
        `CREATE TEMP TABLE ${STAGING} ON COMMIT DROP AS
           SELECT ${ROW_COLUMNS.join(', ')} FROM persons WITH NO DATA`,
      );
      this.stagingReady = true;
    }
    if (batch.target === 'new') this.inserted += batch.rows;
    else this.staged += batch.rows;
    this.inFlight = this.tx.copyFromBinary(
      batch.target === 'new' ? 'persons' : STAGING,
      ROW_COLUMNS,
      batch.chunks,
    );
    // Observed by the next load or by settle(); never an unhandled rejection.
    this.inFlight.catch(() => undefined);
  }

  /** Waits for the COPY in flight, if any; rejects if it failed. */
  settle(): Promise<unknown> {
    return this.inFlight;
  }

  /** Merges the staged rows (records already stored) into persons. */
  async merge(): Promise<{ inserted: number; updated: number }> {
    if (!this.stagingReady) return { inserted: this.inserted, updated: 0 };
    const existing = await this.tx.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${STAGING} s
         JOIN persons p ON p.source_id = s.source_id AND p.record_id = s.record_id`,
    );
    const cols = ROW_COLUMNS.join(', ');
    const updates = PERSON_IMPORT_COLUMNS.filter((c) => c !== 'source_id' && c !== 'record_id')
      .map((c) =>
        CASE_ONLY_PERSON_COLUMNS.has(c)
          ? `${c} = COALESCE(EXCLUDED.${c}, persons.${c})`
          : `${c} = EXCLUDED.${c}`,
      )
      .join(', ');
    const res = await this.tx.query(
      `INSERT INTO persons (${cols}) SELECT ${cols} FROM ${STAGING}
         ON CONFLICT (source_id, record_id) DO UPDATE SET ${updates}, updated_at = now()`,
    );
    const updated = existing.rows[0].n;
    const merged = res.affectedRows ?? 0;
    return { inserted: this.inserted + merged - updated, updated };
  }
}

/** Imports person-list files in one transaction. Throws InvalidInputError when nothing was imported. */
export function importPersonLists(
  db: Db,
  sealer: RecordSealer,
  inputs: TabularInput[],
  options: PersonListImportOptions = {},
): Promise<ImportReport> {
  const worker = options.worker ?? 'auto';
  return db.transaction((tx) => importPersonListsIn(tx, sealer, inputs, { ...options, worker }));
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
  const loader = new PersonLoader(tx, sealer.organisationId);
  const hooks = {
    claimSource: (source: string) => loader.claimSource(source),
    batch: (batch: PersonBatch) => loader.load(batch),
    progress: options.onProgress,
  };
  const bytes = inputs.reduce((n, i) => n + (i.bytes ?? 0), 0);
  // A worker resolves places with the gazetteer: a lookup of the caller's own keeps to this thread.
  const wantWorker =
    lookupPlace === gazetteerLookup &&
    (options.worker === 'auto' ? bytes >= WORKER_FROM_BYTES : (options.worker ?? false));
  const bulk = wantWorker && workerCanRead(inputs) ? bulkSealingOf(sealer) : undefined;

  const onWorker = bulk !== undefined && workerCanRead(inputs);
  let produced: ProducerResult;
  try {
    produced = onWorker
      ? await produceInWorker(inputs, bulk, { ...options, batchRows }, hooks)
      : await producePersonRows(inputs, sealer, { ...options, lookupPlace, batchRows }, hooks);
  } finally {
    // Nothing may still be writing when the transaction ends (commit or rollback).
    await loader.settle().catch(() => undefined);
  }
  await loader.settle();
  const { issues, rowsRead, invalidRows, unknownPlaces, sources } = produced;
  if (issues.length > 0 && !options.skipInvalid) throw new InvalidInputError(issues);
  if (produced.foreignSources.length > 0) {
    throw new InvalidInputError(
      produced.foreignSources.map((id) => ({
        field: 'source',
        value: id,
        reason: 'this source belongs to another organisation',
      })),
    );
  }
  const { inserted, updated } = await loader.merge();
  const formats = [...new Set(inputs.map((i) => i.format))];
  const run = await tx.query<{ id: string }>(
    `INSERT INTO import_runs (formats, files, source_ids, rows_read, inserted, updated,
         skipped_invalid, unknown_places, started_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      formats,
      inputs.length,
      sources,
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
    sources,
    worker: onWorker,
  };
}
