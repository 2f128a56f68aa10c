/**
 * Person-list files as batches of rows (header first), whatever their format, with how far the
 * reading has got for a progress bar.
 */
import { createReadStream, statSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import { parseCsv, type CsvRow } from './csv';
import { MalformedFileError } from './issues';
import { decodeUtf8 } from './utf8';

export type TabularFormat = 'csv' | 'xlsx';

/** Where an input's rows come from, as plain data another thread can open again. */
export type TabularSpec =
  | { kind: 'csv-file'; path: string }
  | { kind: 'csv-bytes'; bytes: Uint8Array }
  | { kind: 'xlsx-file'; path: string };

export interface TabularInput {
  /** Name used in messages (the path as the user gave it). */
  file: string;
  format: TabularFormat;
  /** Read once; nothing is opened until the first row is asked for. */
  rows: AsyncIterable<CsvRow[]>;
  /** Bytes (CSV) or rows (XLSX) done so far, and the total. */
  progress(): { done: number; total: number };
  /** How to read the same rows elsewhere (a worker thread); absent for other inputs. */
  spec?: TabularSpec;
  /** Size of the input in bytes, when known (to judge whether a worker thread pays). */
  bytes?: number;
}

export function readCsvFile(file: string): TabularInput {
  const total = statSync(file).size;
  let done = 0;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    // Opened on first read: an input handed to a worker thread is never opened here.
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      done += chunk.length;
      yield chunk;
    }
  }
  return {
    file,
    format: 'csv',
    rows: parseCsv(decodeUtf8(bytes(), file), file),
    progress: () => ({ done, total }),
    spec: { kind: 'csv-file', path: file },
    bytes: total,
  };
}

/** CSV text already in memory (tests, the API). */
export function csvTextInput(file: string, text: string | Uint8Array): TabularInput {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return {
    file,
    format: 'csv',
    rows: parseCsv(decodeUtf8([bytes], file), file),
    progress: () => ({ done: bytes.length, total: bytes.length }),
    spec: { kind: 'csv-bytes', bytes },
    bytes: bytes.length,
  };
}

/** The input a spec describes (on the thread that reads it). */
export function tabularFromSpec(file: string, spec: TabularSpec): TabularInput {
  if (spec.kind === 'csv-file') return { ...readCsvFile(spec.path), file };
  if (spec.kind === 'csv-bytes') return csvTextInput(file, spec.bytes);
  return { ...readXlsxFile(spec.path), file };
}

/** A cell's value as the text a CSV would have held. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    // Spreadsheets store dates as UTC midnight; a date-only cell keeps its calendar day.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** The first worksheet of an XLSX workbook, row numbers as lines. */
export function readXlsxFile(file: string): TabularInput {
  let done = 0;
  let total = 0;
  async function* rows(): AsyncGenerator<CsvRow[]> {
    // Loaded when a workbook is read: it takes a quarter of a second, and the import worker,
    // which reads CSV far more often, would pay it at every start.
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.Workbook();
    try {
      await workbook.xlsx.readFile(file);
    } catch (err) {
      throw new MalformedFileError({
        file,
        reason: `not a readable XLSX workbook (${(err as Error).message})`,
      });
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new MalformedFileError({ file, reason: 'the workbook has no worksheet' });
    total = sheet.rowCount;
    // A row's width is the header's, or more when it has values beyond the header's last column
    // (which validation then reports); empty trailing cells are not fields.
    let width = 0;
    let batch: CsvRow[] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      done = r;
      if (!row.hasValues) continue;
      let last = 0;
      row.eachCell((cell, col) => {
        if (cellText(cell.value) !== '') last = Math.max(last, col);
      });
      if (width === 0) width = last;
      const fields: string[] = [];
      for (let c = 1; c <= Math.max(width, last); c++) fields.push(cellText(row.getCell(c).value));
      batch.push({ line: r, fields });
      if (batch.length >= 5000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return {
    file,
    format: 'xlsx',
    rows: rows(),
    progress: () => ({ done, total }),
    spec: { kind: 'xlsx-file', path: file },
  };
}
