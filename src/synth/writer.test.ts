import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decompose, isHangulWord } from '../model/names';
import { jitterYear, typo } from './noise';
import { Categorical, Rng } from './rng';
import { LineWriter, ShuffleBuffer } from './writer';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('ShuffleBuffer', () => {
  it('emits every item exactly once, not in the order given', () => {
    const out: number[] = [];
    const buffer = new ShuffleBuffer<number>(64, new Rng(1, 'test'), (n) => out.push(n));
    for (let i = 0; i < 1000; i++) buffer.push(i);
    buffer.drain();
    expect([...out].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(out).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});

describe('LineWriter', () => {
  it('writes lines across flushes in order', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jayu-writer-'));
    dirs.push(dir);
    const file = path.join(dir, 'out.txt');
    const writer = new LineWriter(file);
    const long = 'x'.repeat(5000);
    for (let i = 0; i < 1000; i++) writer.write(`${i} ${long}`);
    writer.writeText('last\n');
    writer.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.length).toBe(1002);
    expect(lines[999]).toBe(`999 ${long}`);
    expect(lines[1000]).toBe('last');
  });
});

describe('Rng and Categorical', () => {
  it('samples a categorical distribution in proportion to its weights', () => {
    const rng = new Rng(5, 'test');
    const dist = new Categorical<string>([
      ['a', 1],
      ['b', 3],
      ['never', 0],
    ]);
    let b = 0;
    const n = 40000;
    for (let i = 0; i < n; i++) {
      const v = dist.sample(rng);
      expect(v).not.toBe('never');
      if (v === 'b') b++;
    }
    expect(b / n).toBeCloseTo(0.75, 2);
  });

  it('gives independent streams for different indices and equal ones for equal arguments', () => {
    const a = Array.from({ length: 5 }, () => new Rng(1, 's', 7).float());
    expect(new Set(a).size).toBe(1);
    expect(new Rng(1, 's', 7).float()).not.toBe(new Rng(1, 's', 8).float());
    expect(new Rng(1, 's', 7).float()).not.toBe(new Rng(2, 's', 7).float());
  });
});

describe('noise', () => {
  it('mistypes Hangul into other valid Hangul, one jamo at a time', () => {
    const rng = new Rng(3, 'test');
    let changed = 0;
    for (let i = 0; i < 500; i++) {
      const out = typo('김영희', rng);
      expect(isHangulWord(out)).toBe(true);
      expect(out.length).toBe(3);
      if (out !== '김영희') changed++;
      const differing = Array.from(out).filter((ch, k) => ch !== '김영희'[k]);
      expect(differing.length).toBeLessThanOrEqual(1);
      for (const ch of differing) expect(decompose(ch)).toBeDefined();
    }
    expect(changed).toBeGreaterThan(400);
  });

  it('mistypes romanised names by one letter and never empties them', () => {
    const rng = new Rng(4, 'test');
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const out = typo('Younghee', rng);
      expect(out.length).toBeGreaterThanOrEqual(7);
      expect(Math.abs(out.length - 8)).toBeLessThanOrEqual(1);
      seen.add(out);
    }
    expect(seen.size).toBeGreaterThan(20);
    expect(typo('金英姬', rng)).toBe('金英姬');
  });

  it('moves years by one or two at the given rates', () => {
    const rng = new Rng(6, 'test');
    const n = 20000;
    let one = 0;
    let two = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.abs(jitterYear(1990, rng, 0.1, 0.05) - 1990);
      if (d === 1) one++;
      if (d === 2) two++;
      expect(d).toBeLessThanOrEqual(2);
    }
    expect(one / n).toBeCloseTo(0.1, 1);
    expect(two / n).toBeCloseTo(0.05, 1);
  });
});
