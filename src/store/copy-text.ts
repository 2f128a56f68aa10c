/**
 * Encoding of rows in PostgreSQL's COPY text format, shared by both Db implementations so that
 * a row loads identically into PGlite and a PostgreSQL server.
 */

/** Escapes the characters COPY text format treats specially (backslash, tab, newline, CR). */
function escapeText(text: string): string {
  // Most values contain none of these; the test avoids allocating on the hot path.
  if (!/[\\\t\n\r]/.test(text)) return text;
  return text.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** One value as a COPY text field. */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escapeText(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`COPY: cannot encode the number ${value}`);
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 't' : 'f';
    default:
      break;
  }
  if (value instanceof Uint8Array) {
    // bytea hex input is `\x0102...`; the backslash itself is escaped for COPY text format.
    return '\\\\x' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escapeText(pgArrayLiteral(value));
  if (typeof value === 'object') return escapeText(JSON.stringify(value));
  throw new Error(`COPY: cannot encode a value of type ${typeof value}`);
}

/** A one-dimensional PostgreSQL array literal of text/number/boolean/null elements. */
function pgArrayLiteral(items: unknown[]): string {
  const parts = items.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    const s = typeof item === 'string' ? item : String(item);
    return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  });
  return `{${parts.join(',')}}`;
}

/** One row as a COPY text line, newline included. */
export function copyLine(row: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    line += copyField(row[i]);
  }
  return line + '\n';
}

/** A quoted SQL identifier, possibly schema-qualified (`a.b`), for COPY statements. */
export function quoteIdent(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}

export function copyStatement(table: string, columns: string[], source: string): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${source}`;
}

/**
 * Groups rows into COPY text chunks of about `chunkBytes`, so that neither driver has to hold
 * a whole million-row file in one string.
 */
export function* copyChunks(
  rows: Iterable<readonly unknown[]>,
  chunkBytes = 4 << 20,
): Generator<{ text: string; rows: number }> {
  let parts: string[] = [];
  let size = 0;
  let count = 0;
  for (const row of rows) {
    const line = copyLine(row);
    parts.push(line);
    size += line.length;
    count++;
    if (size >= chunkBytes) {
      yield { text: parts.join(''), rows: count };
      parts = [];
      size = 0;
      count = 0;
    }
  }
  if (count > 0) yield { text: parts.join(''), rows: count };
}
