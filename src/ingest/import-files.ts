/**
 * Import of files of any supported format in one transaction: person lists (CSV, XLSX) and full
 * cases (JSON, JSONL). Either everything is imported or nothing is.
 */
import path from 'node:path';
import type { RecordSealer } from '../protect/contracts';
import type { Db } from '../store/db';
import { readCaseFile, type CaseInput } from './case-files';
import { importCasesIn, type CaseImportReport } from './import-cases';
import { importPersonListsIn, type ImportProgress, type ImportReport } from './import-persons';
import type { InputIssue } from './issues';
import type { PlaceLookup } from './places';
import { readCsvFile, readXlsxFile, type TabularInput } from './tabular';

export type ImportFormat = 'csv' | 'xlsx' | 'json';

/** The format a file name says (.csv, .xlsx, .json, .jsonl, .ndjson), or undefined. */
export function formatOfFile(file: string): ImportFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return 'json';
  return undefined;
}

export interface ImportFilesOptions {
  /** Format of every file; default: each file's extension. */
  format?: ImportFormat;
  source?: string;
  skipInvalid?: boolean;
  lookupPlace?: PlaceLookup;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportFilesReport {
  personLists?: ImportReport;
  cases?: CaseImportReport;
  /** Invalid rows and cases left out (with skipInvalid). */
  issues: InputIssue[];
}

export class UnknownFormatError extends Error {
  constructor(readonly file: string) {
    super(`${file}: cannot tell the format from the name; give --format csv, xlsx or json`);
    this.name = 'UnknownFormatError';
  }
}

export async function importFiles(
  db: Db,
  sealer: RecordSealer,
  files: string[],
  options: ImportFilesOptions = {},
): Promise<ImportFilesReport> {
  const lists: TabularInput[] = [];
  const cases: CaseInput[] = [];
  for (const file of files) {
    const format = options.format ?? formatOfFile(file);
    if (!format) throw new UnknownFormatError(file);
    if (format === 'csv') lists.push(readCsvFile(file));
    else if (format === 'xlsx') lists.push(readXlsxFile(file));
    else cases.push(readCaseFile(file));
  }
  return db.transaction(async (tx) => {
    const report: ImportFilesReport = { issues: [] };
    if (lists.length > 0) {
      report.personLists = await importPersonListsIn(tx, sealer, lists, {
        ...options,
        worker: 'auto',
      });
      report.issues.push(...report.personLists.issues);
    }
    if (cases.length > 0) {
      report.cases = await importCasesIn(tx, sealer, cases, {
        skipInvalid: options.skipInvalid,
        lookupPlace: options.lookupPlace,
      });
      report.issues.push(...report.cases.issues);
    }
    return report;
  });
}
