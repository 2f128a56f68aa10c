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
/** The text of the 48-bit time, for the millisecond it was last made for. */
let timeMs = -1;
let timeText = '';

/** Offset of n fresh random bytes in `pool`. */
function random(n: number): number {
  if (poolAt + n > pool.length) {
    pool = randomBytes(64 * 1024);
    poolAt = 0;
  }
  poolAt += n;
  return poolAt - n;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A new UUIDv7 in its text form; ids made in one process are strictly increasing. */
export function newRowId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    const at = random(2);
    counter = ((pool[at] << 8) | pool[at + 1]) & 0x7ff; // random start, room to count up
  } else {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      // More than 4096 ids in one millisecond: borrow the next millisecond.
      lastMs = ms = lastMs + 1;
      counter = 0;
    }
  }
  if (ms !== timeMs) {
    const t = ms.toString(16).padStart(12, '0');
    timeText = `${t.slice(0, 8)}-${t.slice(8)}-`;
    timeMs = ms;
  }
  // Version 7 and the 12-bit counter, the variant and 62 random bits.
  const r = random(8);
  return (
    timeText +
    HEX[0x70 | (counter >> 8)] +
    HEX[counter & 0xff] +
    '-' +
    HEX[0x80 | (pool[r] & 0x3f)] +
    HEX[pool[r + 1]] +
    '-' +
    HEX[pool[r + 2]] +
    HEX[pool[r + 3]] +
    HEX[pool[r + 4]] +
    HEX[pool[r + 5]] +
    HEX[pool[r + 6]] +
    HEX[pool[r + 7]]
  );
}
