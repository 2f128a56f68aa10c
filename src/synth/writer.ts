import { closeSync, openSync, writeSync } from 'node:fs';
import type { Rng } from './rng';

/**
 * Output for millions of lines: text is gathered into ~1 MB chunks and written synchronously,
 * so memory stays flat and the bytes written depend only on the lines given (reproducible).
 */
export class LineWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  lines = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Writes `line` and a line break. */
  write(line: string): void {
    this.writeText(line + '\n');
  }

  /** Writes text that already ends with its line break (a CSV line from csvLine). */
  writeText(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    this.lines++;
    if (this.size >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * A bounded shuffle: holds up to `capacity` items and, once full, emits a random one for each
 * new one. Rows leave in an order unrelated to the person order across files (so that no list
 * lines up with another by position) while memory stays bounded.
 */
export class ShuffleBuffer<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly capacity: number,
    private readonly rng: Rng,
    private readonly emit: (item: T) => void,
  ) {}

  push(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    const i = this.rng.int(0, this.capacity - 1);
    const out = this.items[i];
    this.items[i] = item;
    this.emit(out);
  }

  /** Emits everything still held, in random order. */
  drain(): void {
    const items = this.items;
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    for (const item of items) this.emit(item);
    items.length = 0;
  }
}
