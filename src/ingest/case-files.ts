/** Reading full cases from JSON (one case or an array) and JSONL (one case a line) files. */
import { createReadStream } from 'node:fs';
import { MalformedFileError } from './issues';
import { decodeUtf8 } from './utf8';

export interface CaseDocument {
  /** Line of a JSONL file, or the line an array element starts on is not known (undefined). */
  line?: number;
  /** Position in the file (0-based). */
  index: number;
  value: unknown;
}

export interface CaseInput {
  file: string;
  documents: AsyncIterable<CaseDocument[]>;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

async function* jsonDocuments(
  text: AsyncIterable<string>,
  file: string,
): AsyncGenerator<CaseDocument[]> {
  let all = '';
  for await (const chunk of text) all += chunk;
  let value: unknown;
  try {
    value = JSON.parse(all);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const line = at ? lineOfOffset(all, Number(at[1])) : undefined;
    // An error at the very end of the text means the document stops before it is complete.
    const end = all.trimEnd().length;
    const truncated =
      /end of (JSON|data) input/i.test((err as Error).message) ||
      (at !== null && Number(at[1]) >= end - 1) ||
      /Unterminated string/i.test((err as Error).message);
    throw new MalformedFileError({
      file,
      line,
      reason: truncated
        ? 'the JSON ends before it is complete: the file is truncated'
        : 'the file is not valid JSON',
    });
  }
  const list = Array.isArray(value) ? value : [value];
  yield list.map((v, index) => ({ index, value: v }));
}

async function* jsonlDocuments(
  text: AsyncIterable<string>,
  file: string,
): AsyncGenerator<CaseDocument[]> {
  let rest = '';
  let line = 0;
  let index = 0;
  const parseLine = (raw: string, last: boolean): CaseDocument | undefined => {
    line++;
    const trimmed = raw.trim();
    if (trimmed === '') return undefined;
    try {
      return { line, index: index++, value: JSON.parse(trimmed) };
    } catch {
      if (last) {
        throw new MalformedFileError({
          file,
          line,
          reason: 'the last line is not complete JSON: the file is truncated',
        });
      }
      // A bad line in the middle is that line's problem; the rest of the file is still readable.
      return { line, index: index++, value: new InvalidJsonLine() };
    }
  };
  for await (const chunk of text) {
    rest += chunk;
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    const batch: CaseDocument[] = [];
    for (const part of parts) {
      const doc = parseLine(part, false);
      if (doc) batch.push(doc);
    }
    if (batch.length > 0) yield batch;
  }
  const doc = parseLine(rest, true);
  if (doc) yield [doc];
}

/** Stands for a JSONL line that is not JSON (reported by validation with its line). */
export class InvalidJsonLine {}

export function isJsonLines(file: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(file);
}

function fileChunks(file: string): AsyncIterable<Uint8Array> {
  return createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
}

export function readCaseFile(file: string): CaseInput {
  const text = decodeUtf8(fileChunks(file), file);
  return {
    file,
    documents: isJsonLines(file) ? jsonlDocuments(text, file) : jsonDocuments(text, file),
  };
}

/** Cases from text in memory; `jsonl` picks the one-case-a-line form. */
export function caseTextInput(file: string, text: string, jsonl = isJsonLines(file)): CaseInput {
  const decoded = decodeUtf8([new TextEncoder().encode(text)], file);
  return { file, documents: jsonl ? jsonlDocuments(decoded, file) : jsonDocuments(decoded, file) };
}
