/**
 * Strict UTF-8 decoding of an input file. Person lists arrive from many offices and tools; a file
 * in another encoding must be refused with a clear message, never imported as mojibake.
 */
import { MalformedFileError } from './issues';

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * Detects UTF-16 with or without a byte order mark: text in UTF-16 has a NUL byte in every other
 * position for ASCII characters, which UTF-8 text never has.
 */
function utf16Kind(head: Uint8Array): string | undefined {
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]))
    return 'UTF-16 (with a byte order mark)';
  const n = Math.min(head.length, 4096);
  if (n < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.3 || evenNul > pairs * 0.3) return 'UTF-16 without a byte order mark';
  return undefined;
}

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      // A sequence cut by the end of the chunk continues in the next one.
      if (c === undefined) return -1;
      if ((c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

/**
 * Decodes byte chunks as UTF-8, dropping a leading BOM. Throws MalformedFileError naming the line
 * of the first byte that is not UTF-8, or saying the file is UTF-16.
 */
export async function* decodeUtf8(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file?: string,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let first = true;
  let linesBefore = 0;
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      const kind = utf16Kind(chunk);
      if (kind) {
        throw new MalformedFileError({
          file,
          reason: `the file is ${kind}; save it as UTF-8 and import it again`,
        });
      }
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const at = firstInvalidUtf8(chunk);
      const line = linesBefore + countNewlines(chunk, at < 0 ? chunk.length : at) + 1;
      throw new MalformedFileError({
        file,
        line,
        reason:
          'the file is not valid UTF-8 (another encoding such as EUC-KR, GBK or Latin-1?); save it as UTF-8 and import it again',
      });
    }
    if (text.includes('\u0000')) {
      throw new MalformedFileError({
        file,
        reason: 'the file contains NUL bytes: it is not a UTF-8 text file',
      });
    }
    linesBefore += countNewlines(chunk, chunk.length);
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new MalformedFileError({
      file,
      line: linesBefore + 1,
      reason: 'the file ends in the middle of a UTF-8 character: it is truncated or not UTF-8',
    });
  }
}
