/**
 * One-dimensional minimisation and root finding by Brent's methods, step for step as R's
 * optimize() and uniroot() do them, so that profile-likelihood intervals computed with the
 * same tolerance land on the same numbers.
 */

const DBL_EPSILON = 2.220446049250313e-16;

/** Minimises f on [ax, bx] (golden section + parabolic interpolation); returns the argmin. */
export function brentMinimize(
  f: (x: number) => number,
  ax: number,
  bx: number,
  tol: number,
): number {
  const c = (3 - Math.sqrt(5)) * 0.5;
  const eps = Math.sqrt(DBL_EPSILON);
  let a = ax;
  let b = bx;
  let v = a + c * (b - a);
  let w = v;
  let x = v;
  let d = 0;
  let e = 0;
  let fx = f(x);
  let fv = fx;
  let fw = fx;
  const tol3 = tol / 3;
  for (;;) {
    const xm = (a + b) * 0.5;
    const tol1 = eps * Math.abs(x) + tol3;
    const t2 = tol1 * 2;
    if (Math.abs(x - xm) <= t2 - (b - a) * 0.5) break;
    let p = 0;
    let q = 0;
    let r = 0;
    if (Math.abs(e) > tol1) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = (q - r) * 2;
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    let u: number;
    if (Math.abs(p) >= Math.abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x)) {
      e = x < xm ? b - x : a - x;
      d = c * e;
    } else {
      d = p / q;
      u = x + d;
      if (u - a < t2 || b - u < t2) {
        d = tol1;
        if (x >= xm) d = -d;
      }
    }
    if (Math.abs(d) >= tol1) u = x + d;
    else if (d > 0) u = x + tol1;
    else u = x - tol1;
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      w = x;
      x = u;
      fv = fw;
      fw = fx;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return x;
}

export class RootNotBracketedError extends Error {
  constructor() {
    super('f() values at end points not of opposite sign');
    this.name = 'RootNotBracketedError';
  }
}

/**
 * Finds a root of f in [lower, upper] (R's uniroot with its zeroin2 core). Throws
 * RootNotBracketedError when f has the same sign at both ends, as uniroot does.
 */
export function brentRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  tol: number,
  maxit = 1000,
): { root: number; iterations: number; converged: boolean } {
  const fLower = f(lower);
  const fUpper = f(upper);
  if (Number.isNaN(fLower) || Number.isNaN(fUpper)) throw new Error('f() is NaN at an end point');
  const clamp = (v: number) => Math.max(Math.min(v, Number.MAX_VALUE), -Number.MAX_VALUE);
  if (!(Math.sign(clamp(fLower)) * Math.sign(clamp(fUpper)) <= 0))
    throw new RootNotBracketedError();
  let a = lower;
  let b = upper;
  let fa = fLower;
  let fb = fUpper;
  let c = a;
  let fc = fa;
  if (fa === 0) return { root: a, iterations: 0, converged: true };
  if (fb === 0) return { root: b, iterations: 0, converged: true };
  let remaining = maxit + 1;
  while (remaining--) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * DBL_EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) {
      return { root: b, iterations: maxit + 1 - remaining, converged: true };
    }
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qq = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qq * (qq - t1) - (b - a) * (t1 - 1));
        q = (qq - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) {
        newStep = p / q;
      }
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return { root: b, iterations: maxit, converged: false };
}
