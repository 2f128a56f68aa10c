/**
 * A small dense two-phase simplex for the Fienberg-Rinaldo existence check. Problems here have
 * at most a few dozen constraints, so a tableau with Bland's rule (no cycling on the very
 * degenerate problems sparse tables give) is fast enough and easy to trust.
 */

export interface LinearProgramResult {
  status: 'optimal' | 'infeasible' | 'unbounded';
  objective: number;
  solution: Float64Array;
}

/**
 * Maximises c'x subject to A x = b, x >= 0 (A is m x n, row-major; b may have any sign).
 */
export function maximizeStandardForm(
  A: Float64Array,
  m: number,
  n: number,
  b: Float64Array,
  c: Float64Array,
  eps = 1e-9,
): LinearProgramResult {
  // Tableau with columns: n structural, m artificial, then the right-hand side.
  const width = n + m + 1;
  const T = new Float64Array((m + 1) * width);
  const basis = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const sign = b[i] < 0 ? -1 : 1;
    for (let j = 0; j < n; j++) T[i * width + j] = sign * A[i * n + j];
    T[i * width + n + i] = 1;
    T[i * width + width - 1] = sign * b[i];
    basis[i] = n + i;
  }
  const obj = m * width;
  const pivot = (row: number, col: number) => {
    const pr = row * width;
    const pv = T[pr + col];
    for (let j = 0; j < width; j++) T[pr + j] /= pv;
    for (let i = 0; i <= m; i++) {
      if (i === row) continue;
      const f = T[i * width + col];
      if (f === 0) continue;
      const ir = i * width;
      for (let j = 0; j < width; j++) T[ir + j] -= f * T[pr + j];
    }
    basis[row] = col;
  };
  // Maximise an objective given as reduced costs in the last row (row holds -c for maximisation).
  const run = (allowed: (col: number) => boolean): 'optimal' | 'unbounded' => {
    for (let iter = 0; iter < 50_000; iter++) {
      let col = -1;
      for (let j = 0; j < width - 1; j++) {
        if (allowed(j) && T[obj + j] < -eps) {
          col = j; // Bland: smallest index
          break;
        }
      }
      if (col < 0) return 'optimal';
      let row = -1;
      let best = Infinity;
      for (let i = 0; i < m; i++) {
        const a = T[i * width + col];
        if (a > eps) {
          const ratio = T[i * width + width - 1] / a;
          if (
            ratio < best - eps ||
            (Math.abs(ratio - best) <= eps && row >= 0 && basis[i] < basis[row])
          ) {
            best = ratio;
            row = i;
          }
        }
      }
      if (row < 0) return 'unbounded';
      pivot(row, col);
    }
    throw new Error('simplex: too many iterations');
  };
  // Phase 1: maximise -(sum of artificials).
  T.fill(0, obj, obj + width);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < width; j++) if (j < n || j === width - 1) T[obj + j] -= T[i * width + j];
  }
  run(() => true);
  if (-T[obj + width - 1] > 1e-7 * Math.max(1, ...Array.from(b, Math.abs))) {
    return { status: 'infeasible', objective: NaN, solution: new Float64Array(n) };
  }
  // Drive artificials out of the basis where possible.
  for (let i = 0; i < m; i++) {
    if (basis[i] >= n) {
      for (let j = 0; j < n; j++) {
        if (Math.abs(T[i * width + j]) > eps) {
          pivot(i, j);
          break;
        }
      }
    }
  }
  // Phase 2.
  T.fill(0, obj, obj + width);
  for (let j = 0; j < n; j++) T[obj + j] = -c[j];
  for (let i = 0; i < m; i++) {
    const bj = basis[i];
    if (bj < n && c[bj] !== 0) {
      const f = T[obj + bj];
      for (let j = 0; j < width; j++) T[obj + j] -= f * T[i * width + j];
    }
  }
  const status = run((col) => col < n);
  const solution = new Float64Array(n);
  for (let i = 0; i < m; i++) if (basis[i] < n) solution[basis[i]] = T[i * width + width - 1];
  let objective = 0;
  for (let j = 0; j < n; j++) objective += c[j] * solution[j];
  return { status, objective, solution };
}
