import { describe, expect, it } from 'vitest';
import prand from 'pure-rand';
import { InfeasibleError, Polytope, type SparseRow } from './simplex';

describe('Polytope', () => {
  it('bounds a variable in a small system', () => {
    // x0 + x1 = 10, x0 - x2 = 2  =>  x0 in [2, 10], x2 in [0, 8], x1 in [0, 8]
    const p = new Polytope(3, [
      {
        coefs: [
          [0, 1],
          [1, 1],
        ],
        rhs: 10,
      },
      {
        coefs: [
          [0, 1],
          [2, -1],
        ],
        rhs: 2,
      },
    ]);
    expect(p.maximise(0).value).toBe(10);
    expect(p.minimise(0).value).toBe(2);
    expect(p.maximise(2).value).toBe(8);
    expect(p.maximise(1).value).toBe(8);
    expect(p.minimise(1).value).toBe(0);
  });

  it('reports an unbounded variable as Infinity', () => {
    const p = new Polytope(2, [
      {
        coefs: [
          [0, 1],
          [1, -1],
        ],
        rhs: 3,
      },
    ]);
    expect(p.maximise(0).value).toBe(Infinity);
    expect(p.minimise(0).value).toBe(3);
  });

  it('refuses an inconsistent system', () => {
    expect(
      () =>
        new Polytope(2, [
          {
            coefs: [
              [0, 1],
              [1, 1],
            ],
            rhs: 3,
          },
          {
            coefs: [
              [0, 1],
              [1, 1],
            ],
            rhs: 4,
          },
        ]),
    ).toThrow(InfeasibleError);
    expect(() => new Polytope(1, [{ coefs: [[0, 1]], rhs: -1 }])).toThrow(InfeasibleError);
  });

  it('stops early once a requested value is reached', () => {
    const p = new Polytope(3, [
      {
        coefs: [
          [0, 1],
          [1, 1],
          [2, 1],
        ],
        rhs: 100,
      },
    ]);
    const r = p.maximise(0, 5);
    expect(r.value).toBeGreaterThanOrEqual(5);
    expect(p.maximise(0).value).toBe(100);
  });

  it('matches brute-force enumeration on random 3x3 tables with hidden cells', () => {
    // A 3x3 table with row, column and grand totals is totally unimodular: LP bounds are the
    // integer bounds, which enumeration finds.
    let rng = prand.xoroshiro128plus(7);
    const int = (lo: number, hi: number) => {
      const [v, r] = prand.uniformIntDistribution(lo, hi, rng);
      rng = r;
      return v;
    };
    for (let trial = 0; trial < 25; trial++) {
      const x = Array.from({ length: 9 }, () => int(0, 6));
      const hidden = [...new Set(Array.from({ length: 4 }, () => int(0, 8)))];
      const col = new Map(hidden.map((h, i) => [h, i]));
      const rows: SparseRow[] = [];
      // A published total minus its shown parts is what its hidden parts add up to.
      const addSum = (cells: number[]) => {
        const coefs: [number, number][] = [];
        let rhs = 0;
        for (const c of cells) {
          if (col.has(c)) {
            coefs.push([col.get(c)!, 1]);
            rhs += x[c];
          }
        }
        rows.push({ coefs, rhs });
      };
      for (let r = 0; r < 3; r++) addSum([3 * r, 3 * r + 1, 3 * r + 2]);
      for (let c = 0; c < 3; c++) addSum([c, c + 3, c + 6]);
      const active = rows.filter((r) => r.coefs.length > 0);
      const p = new Polytope(hidden.length, active);
      // Enumerate every assignment of the hidden cells in 0..18 that satisfies the totals.
      const lo = hidden.map(() => Infinity);
      const hi = hidden.map(() => -Infinity);
      const y = hidden.map(() => 0);
      const rec = (i: number) => {
        if (i === hidden.length) {
          if (active.every((r) => r.coefs.reduce((a, [c, v]) => a + v * y[c], 0) === r.rhs)) {
            y.forEach((v, j) => {
              lo[j] = Math.min(lo[j], v);
              hi[j] = Math.max(hi[j], v);
            });
          }
          return;
        }
        for (let v = 0; v <= 18; v++) {
          y[i] = v;
          rec(i + 1);
        }
      };
      rec(0);
      hidden.forEach((_, j) => {
        expect(p.maximise(j).value).toBe(hi[j]);
        expect(p.minimise(j).value).toBe(lo[j]);
      });
    }
  });
});
