/**
 * A small exact simplex solver for the one kind of linear programme disclosure auditing needs:
 * the set { y >= 0 : A y = b } (the values a set of suppressed cells can take given every published
 * total), and the largest and smallest value one variable can take in it.
 *
 * Why our own: no LP package is a dependency, and the problems are small (hundreds of variables per
 * connected block of suppressed cells) with +-1 coefficients and integer totals.
 *
 * Why exact: a floating-point tableau drifts after a few thousand pivots on these degenerate
 * problems (we saw phase 1 declare a feasible table infeasible, and phase 2 cycle on noise). Here
 * every tableau row holds integers (stored in doubles, checked to stay below 2^53) with the row's
 * basic variable carrying a positive integer coefficient instead of 1 (fraction-free pivoting,
 * each row divided by the gcd of its entries). Nothing is rounded, degeneracy is detected exactly,
 * and Bland's rule, used after a run of degenerate pivots, guarantees termination.
 *
 * Phase 1 runs once; each maximise/minimise starts from the last optimal basis (still feasible,
 * since only the objective changes), so bounding every cell costs a few pivots each.
 */

/** After this many pivots that do not move the objective, switch to Bland's rule. */
const DEGENERATE_BEFORE_BLAND = 30;

export interface SparseRow {
  /** [column index, integer coefficient] pairs. */
  coefs: ReadonlyArray<readonly [number, number]>;
  /** Integer right-hand side. */
  rhs: number;
}

export interface BoundResult {
  /** The optimum, or +/-Infinity when unbounded; with `stopAt`, possibly just a value past it. */
  value: number;
  /** False when the search stopped early because `stopAt` was reached. */
  exact: boolean;
}

export class InfeasibleError extends Error {
  constructor() {
    super('the published values are inconsistent: no table of counts satisfies them');
    this.name = 'InfeasibleError';
  }
}

/** The polytope { y >= 0 : A y = b } with warm-started bound queries on single variables. */
export class Polytope {
  private rows: Float64Array[] = [];
  private basis: number[] = [];
  /** Width of each tableau row: variables then the right-hand side. */
  private readonly width: number;
  pivots = 0;

  constructor(
    readonly variables: number,
    constraints: readonly SparseRow[],
  ) {
    this.width = variables + 1;
    this.phaseOne(constraints);
  }

  /** Largest value of variable `col`; stops as soon as it reaches `stopAt` (if given). */
  maximise(col: number, stopAt = Infinity): BoundResult {
    return this.optimise(col, 1, stopAt);
  }

  /** Smallest value of variable `col`; stops as soon as it reaches `stopAt` or below (if given). */
  minimise(col: number, stopAt = -Infinity): BoundResult {
    const r = this.optimise(col, -1, -stopAt);
    return { value: 0 - r.value, exact: r.exact };
  }

  /**
   * Phase 1 from an all-artificial basis. Artificial columns are not stored: an artificial that
   * leaves the basis never re-enters, so each row keeps only its own artificial's coefficient (in
   * the slot after the right-hand side) while that artificial is basic.
   */
  /** The current vertex: the value of every variable (basic ones from their rows, others 0). */
  vertex(): Float64Array {
    const n = this.variables;
    const y = new Float64Array(n);
    this.rows.forEach((row, i) => (y[this.basis[i]] = row[n] / row[this.basis[i]]));
    return y;
  }

  private phaseOne(constraints: readonly SparseRow[]): void {
    const n = this.variables;
    const w = this.width; // rhs at n; own artificial coefficient at n + 1
    const rows: Float64Array[] = [];
    const artificial = -1;
    constraints.forEach(({ coefs, rhs }, i) => {
      if (!Number.isSafeInteger(rhs))
        throw new RangeError(`constraint ${i}: right-hand side must be an integer`);
      const row = new Float64Array(w + 1);
      const sign = rhs < 0 ? -1 : 1;
      for (const [c, v] of coefs) {
        if (c < 0 || c >= n) throw new RangeError(`constraint ${i} names column ${c} of ${n}`);
        if (!Number.isSafeInteger(v))
          throw new RangeError(`constraint ${i}: coefficients must be integers`);
        row[c] += sign * v;
      }
      row[n] = sign * rhs;
      row[n + 1] = 1;
      rows.push(row);
    });
    const basis = rows.map(() => artificial);
    // Phase-1 objective: maximise -(sum of artificials), in canonical form; slot n+1 is its scale.
    const obj = new Float64Array(w + 1);
    obj[n + 1] = 1;
    for (const row of rows) for (let j = 0; j <= n; j++) obj[j] -= row[j];
    this.iterate(rows, basis, obj, n);
    if (obj[n] !== 0) throw new InfeasibleError();

    // Drive artificials out of the basis; a row where that is impossible is redundant.
    for (let i = 0; i < rows.length; i++) {
      if (basis[i] !== artificial) continue;
      let col = -1;
      for (let j = 0; j < n; j++) {
        if (rows[i][j] !== 0) {
          col = j;
          break;
        }
      }
      if (col >= 0) pivot(rows, basis, null, i, col, n);
    }
    for (let i = 0; i < rows.length; i++) {
      if (basis[i] === artificial) continue;
      this.rows.push(rows[i]);
      this.basis.push(basis[i]);
    }
  }

  private optimise(col: number, sense: 1 | -1, stopAt: number): BoundResult {
    const n = this.variables;
    if (col < 0 || col >= n) throw new RangeError(`no variable ${col}`);
    // Objective row for maximise sense*y_col, in canonical form for the current basis.
    const obj = new Float64Array(n + 2);
    obj[col] = -sense;
    obj[n + 1] = 1;
    const r = this.basis.indexOf(col);
    if (r >= 0) {
      const row = this.rows[r];
      const d = row[col];
      for (let j = 0; j <= n; j++) obj[j] = obj[j] * d + sense * row[j];
      obj[n + 1] = d;
    }
    const outcome = this.iterate(this.rows, this.basis, obj, n, stopAt);
    if (outcome === 'unbounded') return { value: Infinity, exact: true };
    return { value: obj[n] / obj[n + 1] + 0, exact: outcome === 'optimal' };
  }

  /**
   * Primal simplex on the tableau `rows` (n variables, rhs at n) with objective row `obj`
   * (maximise; obj[n] / obj[n + 1] is the objective's value).
   */
  private iterate(
    rows: Float64Array[],
    basis: number[],
    obj: Float64Array,
    n: number,
    stopAt = Infinity,
  ): 'optimal' | 'unbounded' | 'stopped' {
    const w = n + 1;
    let degenerate = 0;
    for (;;) {
      if (obj[n] >= stopAt * obj[n + 1]) return 'stopped';
      const bland = degenerate > DEGENERATE_BEFORE_BLAND;
      let enter = -1;
      let best = 0;
      for (let j = 0; j < n; j++) {
        if (obj[j] < best) {
          enter = j;
          if (bland) break;
          best = obj[j];
        }
      }
      if (enter < 0) return 'optimal';
      // Ratio test rhs_i / a_i over a_i > 0, exactly by cross-multiplication; ties to the
      // smallest basic index (Bland).
      let leave = -1;
      for (let i = 0; i < rows.length; i++) {
        const a = rows[i][enter];
        if (a <= 0) continue;
        if (leave < 0) {
          leave = i;
          continue;
        }
        const lhs = rows[i][w - 1] * rows[leave][enter];
        const rhs = rows[leave][w - 1] * a;
        if (lhs < rhs || (lhs === rhs && basis[i] < basis[leave])) leave = i;
      }
      if (leave < 0) return 'unbounded';
      const before = obj[n] / obj[n + 1];
      pivot(rows, basis, obj, leave, enter, n);
      this.pivots++;
      degenerate = obj[n] / obj[n + 1] > before ? 0 : degenerate + 1;
    }
  }
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Divides a row by the gcd of all its entries. */
function normalise(row: Float64Array): void {
  let g = 0;
  for (let j = 0; j < row.length; j++) {
    if (row[j] !== 0) {
      g = gcd(g, row[j]);
      if (g === 1) return;
    }
  }
  if (g > 1) for (let j = 0; j < row.length; j++) if (row[j] !== 0) row[j] /= g;
}

/**
 * Fraction-free pivot on (r, c): every other row becomes a*row - f*pivotRow (a the pivot entry,
 * f the row's entry in column c), so column c is zero outside row r and everything stays integer.
 * Rows are [n variables, rhs, slot]; the slot (a row's own artificial coefficient, or the
 * objective's scale) is scaled with its row but is not a shared column. A row whose basic
 * coefficient is still 1 afterwards needs no gcd pass: that keeps the common case (a = 1) to the
 * pivot row's non-zeros.
 */
function pivot(
  rows: Float64Array[],
  basis: number[],
  obj: Float64Array | null,
  r: number,
  c: number,
  n: number,
): void {
  const pr = rows[r];
  const slot = n + 1;
  if (pr[c] < 0) for (let j = 0; j <= slot; j++) pr[j] = -pr[j];
  const a = pr[c];
  const nz: number[] = [];
  for (let j = 0; j <= n; j++) if (pr[j] !== 0) nz.push(j);
  const eliminate = (row: Float64Array, scaleSlot: number) => {
    const f = row[c];
    if (f === 0) return;
    if (a !== 1) for (let j = 0; j <= slot; j++) if (row[j] !== 0) row[j] *= a;
    for (const j of nz) {
      const v = row[j] - f * pr[j];
      if (!Number.isSafeInteger(v)) {
        throw new RangeError(
          'disclosure audit: exact arithmetic overflow (tables too large for one block)',
        );
      }
      row[j] = v;
    }
    row[c] = 0;
    if (row[scaleSlot] !== 1) normalise(row);
  };
  for (let i = 0; i < rows.length; i++)
    if (i !== r) eliminate(rows[i], basis[i] < 0 ? slot : basis[i]);
  if (obj) eliminate(obj, slot);
  basis[r] = c;
  pr[slot] = 0;
  if (a !== 1) normalise(pr);
}
