/**
 * The CPU-bound half of a person-list import: read and validate every row, resolve places, seal
 * what identifies, and write the rows in binary COPY format, in batches, to be loaded by the
 * store half (import-persons.ts). It never touches the database itself, so it runs either on the
 * importing thread or on a worker thread (import-worker.ts) while the main thread loads.
 *
 * Rows are routed by whether their (source, record_id) is already stored: new rows go straight
 * into persons, stored ones into a staging table that is merged into persons (an update). The
 * store half says, the first time a source is seen, which of its records exist.
 */
import type { RecordSealer } from '../protect/contracts';
import { BinaryCopyWriter } from '../store/copy-binary';
import { newRowId } from '../store/ids';
import { vaultRecordKey } from '../store/vault';
import type { CsvRow } from './csv';
import { InvalidInputError, MalformedFileError, type InputIssue } from './issues';
import {
  personListLayout,
  PersonListValidator,
  PLACE_COLUMNS,
  type PersonListRecord,
} from './person-list';
import { sealPerson, writePersonRow } from './person-rows';
import type { PlaceLookup } from './places';
import type { TabularInput } from './tabular';

export interface ImportProgress {
  file: string;
  rowsRead: number;
  done: number;
  total: number;
}

export interface UnknownPlace {
  column: (typeof PLACE_COLUMNS)[number];
  text: string;
  rows: number;
}

/** What the store half knows about a source, the first time a row names it. */
export interface SourceClaim {
  /** The source belongs to another organisation: its rows must not be imported. */
  foreign: boolean;
  /** Record ids of the source already stored (null: none, the source is new or empty). */
  existing: ReadonlySet<string> | null;
}

/** Where a batch goes: straight into persons (new records) or through the merge (stored ones). */
export type BatchTarget = 'new' | 'existing';

export interface PersonBatch {
  target: BatchTarget;
  /** Rows of [id, ...PERSON_IMPORT_COLUMNS] in binary COPY format, without header. */
  chunks: Uint8Array[];
  rows: number;
  /** Record keys (source/record_id) whose vault was sealed, when the sealer must be told. */
  sealedKeys?: string[];
}

export interface ProducerHooks {
  claimSource(source: string): Promise<SourceClaim>;
  /** Takes a batch; resolves when the next one may be sent. */
  batch(batch: PersonBatch): Promise<void>;
  progress?(progress: ImportProgress): void;
}

export interface ProducerOptions {
  /** Source for rows that do not name one. */
  source?: string;
  skipInvalid?: boolean;
  lookupPlace: PlaceLookup;
  /** Rows per batch. */
  batchRows: number;
  /** Collect PersonBatch.sealedKeys (the sealer is a bare one standing in for an auditing one). */
  collectSealedKeys?: boolean;
}

export interface ProducerResult {
  rowsRead: number;
  invalidRows: number;
  issues: InputIssue[];
  unknownPlaces: UnknownPlace[];
  /** Sources of the valid rows (the foreign ones included). */
  sources: string[];
  /** Sources held by another organisation. */
  foreignSources: string[];
}

/** Reads, validates, seals and encodes every row of `inputs`, handing batches to `hooks`. */
export async function producePersonRows(
  inputs: readonly TabularInput[],
  sealer: RecordSealer,
  options: ProducerOptions,
  hooks: ProducerHooks,
): Promise<ProducerResult> {
  const issues: InputIssue[] = [];
  /** Where each (source, record_id) was first seen: input index * 2^32 + line (no object a row). */
  const firstSeen = new Map<string, number>();
  const FILE_STRIDE = 2 ** 32;
  let fileIndex = -1;
  const unknown = new Map<string, UnknownPlace>();
  const claims = new Map<string, SourceClaim>();
  const sources = new Set<string>();
  const foreign: string[] = [];
  let rowsRead = 0;
  let invalidRows = 0;

  const writers: Record<BatchTarget, BinaryCopyWriter> = {
    new: new BinaryCopyWriter(),
    existing: new BinaryCopyWriter(),
  };
  const sealedKeys: Record<BatchTarget, string[]> = { new: [], existing: [] };
  const flush = async (target: BatchTarget) => {
    const writer = writers[target];
    if (writer.rows === 0) return;
    const { chunks, rows } = writer.take();
    const batch: PersonBatch = { target, chunks, rows };
    if (options.collectSealedKeys) {
      batch.sealedKeys = sealedKeys[target];
      sealedKeys[target] = [];
    }
    await hooks.batch(batch);
  };

  const accept = (file: string, record: PersonListRecord): boolean => {
    const key = `${record.source}\u0000${record.recordId}`;
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) {
      const line = earlier % FILE_STRIDE;
      const earlierFile = inputs[Math.floor(earlier / FILE_STRIDE)].file;
      issues.push({
        file,
        line: record.line,
        field: 'record_id',
        value: record.recordId,
        reason: `the same record of source ${record.source} is already on line ${line}${earlierFile !== file ? ` of ${earlierFile}` : ''}`,
      });
      return false;
    }
    firstSeen.set(key, fileIndex * FILE_STRIDE + record.line);
    return true;
  };

  const countUnknown = (column: UnknownPlace['column'], place: PersonListRecord['homeCounty']) => {
    if (place?.text === undefined || place.id !== undefined) return;
    const key = `${column}\u0000${place.text}`;
    const entry = unknown.get(key);
    if (entry) entry.rows++;
    else unknown.set(key, { column, text: place.text, rows: 1 });
  };

  for (const input of inputs) {
    fileIndex++;
    const file = input.file;
    let validator: PersonListValidator | undefined;
    let width = 0;
    // Synchronous unless it must wait (a source's claim, a full batch): no promise per row.
    const handle = (row: CsvRow): Promise<void> | undefined => {
      rowsRead++;
      const { record, issues: rowIssues } = validator!.validate(row.line, row.fields);
      if (!record || !accept(file, record)) {
        invalidRows++;
        for (const issue of rowIssues) issues.push({ file, ...issue });
        return;
      }
      countUnknown('home_province', record.homeProvince);
      countUnknown('home_county', record.homeCounty);
      countUnknown('crossing_place', record.crossingPlace);
      countUnknown('place_in_china', record.placeInChina);
      sources.add(record.source);
      // Once the import is bound to fail, sealing and loading more rows is wasted work.
      if (issues.length > 0 && !options.skipInvalid) return;
      const claim = claims.get(record.source);
      if (claim) return load(record, claim);
      return hooks.claimSource(record.source).then((fresh) => {
        claims.set(record.source, fresh);
        if (fresh.foreign) foreign.push(record.source);
        return load(record, fresh);
      });
    };
    const load = (record: PersonListRecord, claim: SourceClaim): Promise<void> | undefined => {
      if (foreign.length > 0) return;
      const target: BatchTarget = claim.existing?.has(record.recordId) ? 'existing' : 'new';
      const sealed = sealPerson(record, sealer);
      writePersonRow(writers[target], newRowId(), record, sealed);
      if (options.collectSealedKeys && sealed.vault) {
        sealedKeys[target].push(vaultRecordKey.person(record.source, record.recordId));
      }
      if (writers[target].rows >= options.batchRows) return flush(target);
    };

    // One row of look-ahead: only the last row of a file can show that the file is truncated.
    let held: CsvRow | undefined;
    for await (const batch of input.rows) {
      for (const row of batch) {
        if (!validator) {
          const { layout, issues: headerIssues } = personListLayout(row.fields, options);
          if (!layout) throw new InvalidInputError(headerIssues.map((i) => ({ file, ...i })));
          validator = new PersonListValidator(layout, options.lookupPlace, options);
          width = layout.width;
          continue;
        }
        if (held) {
          const waiting = handle(held);
          if (waiting) await waiting;
        }
        held = row;
      }
      hooks.progress?.({ file, rowsRead, ...input.progress() });
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
      const waiting = handle(held);
      if (waiting) await waiting;
    }
  }
  if ((issues.length === 0 || options.skipInvalid) && foreign.length === 0) {
    await flush('new');
    await flush('existing');
  }
  return {
    rowsRead,
    invalidRows,
    issues,
    unknownPlaces: [...unknown.values()].sort((a, b) => b.rows - a.rows),
    sources: [...sources].sort(),
    foreignSources: foreign.sort(),
  };
}
