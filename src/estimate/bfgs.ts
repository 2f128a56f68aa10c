/**
 * Quasi-Newton minimisation as R's optim(method = "BFGS") does it (the variable-metric method of
 * Nash's Compact Numerical Methods, "vmmin"), with optim's central finite-difference gradient
 * (step 1e-3) and its finite-difference Hessian (optimhess). Following the same steps matters:
 * Rcapture's normal-heterogeneity model reports the point where this search stops.
 */

export interface BfgsOptions {
  maxit?: number;
  reltol?: number;
  abstol?: number;
  /** Finite-difference step for the gradient (optim's ndeps). */
  ndeps?: number;
}

export interface BfgsResult {
  par: Float64Array;
  value: number;
  /** 0 converged, 1 iteration limit reached (optim's convergence code). */
  convergence: number;
  fnCount: number;
  grCount: number;
}

export function numericGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  ndeps: number,
  out: Float64Array,
): void {
  const p = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    p[i] = x[i] + ndeps;
    const v1 = f(p);
    p[i] = x[i] - ndeps;
    const v2 = f(p);
    const d = (v1 - v2) / (2 * ndeps);
    if (!Number.isFinite(d)) throw new Error(`non-finite finite-difference value [${i + 1}]`);
    out[i] = d;
    p[i] = x[i];
  }
}

export function bfgsMinimize(
  f: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: BfgsOptions = {},
): BfgsResult {
  const maxit = options.maxit ?? 100;
  const reltol = options.reltol ?? Math.sqrt(2.220446049250313e-16);
  const abstol = options.abstol ?? -Infinity;
  const ndeps = options.ndeps ?? 1e-3;
  const stepredn = 0.2;
  const acctol = 0.0001;
  const reltest = 10.0;
  const n = start.length;
  const b = Float64Array.from(start);
  const g = new Float64Array(n);
  const t = new Float64Array(n);
  const X = new Float64Array(n);
  const c = new Float64Array(n);
  const B = new Float64Array(n * n); // lower triangle, B[i*n+j] with j <= i
  const grad = (x: Float64Array, out: Float64Array) => numericGradient(f, x, ndeps, out);
  let fval = f(b);
  if (!Number.isFinite(fval)) throw new Error("initial value in 'vmmin' is not finite");
  let fmin = fval;
  let funcount = 1;
  let gradcount = 1;
  grad(b, g);
  let iter = 1;
  let ilast = gradcount;
  let count = 0;
  do {
    if (ilast === gradcount) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) B[i * n + j] = 0;
        B[i * n + i] = 1;
      }
    }
    for (let i = 0; i < n; i++) {
      X[i] = b[i];
      c[i] = g[i];
    }
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s -= B[i * n + j] * g[j];
      for (let j = i + 1; j < n; j++) s -= B[j * n + i] * g[j];
      t[i] = s;
      gradproj += s * g[i];
    }
    if (gradproj < 0) {
      let steplength = 1.0;
      let accpoint = false;
      do {
        count = 0;
        for (let i = 0; i < n; i++) {
          b[i] = X[i] + steplength * t[i];
          if (reltest + X[i] === reltest + b[i]) count++;
        }
        if (count < n) {
          fval = f(b);
          funcount++;
          accpoint = Number.isFinite(fval) && fval <= fmin + gradproj * steplength * acctol;
          if (!accpoint) steplength *= stepredn;
        }
      } while (!(count === n || accpoint));
      const enough = fval > abstol && Math.abs(fval - fmin) > reltol * (Math.abs(fmin) + reltol);
      if (!enough) {
        count = n;
        fmin = fval;
      }
      if (count < n) {
        fmin = fval;
        grad(b, g);
        gradcount++;
        iter++;
        let D1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] = steplength * t[i];
          c[i] = g[i] - c[i];
          D1 += t[i] * c[i];
        }
        if (D1 > 0) {
          let D2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j <= i; j++) s += B[i * n + j] * c[j];
            for (let j = i + 1; j < n; j++) s += B[j * n + i] * c[j];
            X[i] = s;
            D2 += s * c[i];
          }
          D2 = 1 + D2 / D1;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++)
              B[i * n + j] += (D2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / D1;
          }
        } else {
          ilast = gradcount;
        }
      } else if (ilast < gradcount) {
        count = 0;
        ilast = gradcount;
      }
    } else {
      count = 0;
      if (ilast === gradcount) count = n;
      else ilast = gradcount;
    }
    if (iter >= maxit) break;
    if (gradcount - ilast > 2 * n) ilast = gradcount;
  } while (count !== n || ilast !== gradcount);
  return {
    par: b,
    value: fmin,
    convergence: iter < maxit ? 0 : 1,
    fnCount: funcount,
    grCount: gradcount,
  };
}

/** optim's Hessian: central differences of the finite-difference gradient, then symmetrised. */
export function numericHessian(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  ndeps = 1e-3,
): Float64Array {
  const n = x.length;
  const p = Float64Array.from(x);
  const df1 = new Float64Array(n);
  const df2 = new Float64Array(n);
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    p[i] = p[i] + ndeps;
    numericGradient(f, p, ndeps, df1);
    p[i] = p[i] - 2 * ndeps;
    numericGradient(f, p, ndeps, df2);
    for (let j = 0; j < n; j++) H[i * n + j] = (df1[j] - df2[j]) / (2 * ndeps);
    p[i] = p[i] + ndeps;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const tmp = 0.5 * (H[i * n + j] + H[j * n + i]);
      H[i * n + j] = tmp;
      H[j * n + i] = tmp;
    }
  }
  return H;
}

/** Inverse of a small dense symmetric matrix by Gauss-Jordan with partial pivoting. */
export function invertMatrix(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r * n + col]) > Math.abs(m[piv * n + col])) piv = r;
    if (m[piv * n + col] === 0) throw new Error('matrix is singular');
    if (piv !== col) {
      for (let k = 0; k < n; k++) {
        [m[col * n + k], m[piv * n + k]] = [m[piv * n + k], m[col * n + k]];
        [inv[col * n + k], inv[piv * n + k]] = [inv[piv * n + k], inv[col * n + k]];
      }
    }
    const d = m[col * n + col];
    for (let k = 0; k < n; k++) {
      m[col * n + k] /= d;
      inv[col * n + k] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r * n + col];
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        m[r * n + k] -= f * m[col * n + k];
        inv[r * n + k] -= f * inv[col * n + k];
      }
    }
  }
  return inv;
}
