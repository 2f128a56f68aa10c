/**
 * Charts as SVG text (pure functions, no DOM): the posterior distribution of the total, and
 * documented against estimated numbers per stratum over time. Readable when embedded in reports
 * (PDF, HTML) and the web app; they carry a title and a description for screen readers.
 */

import { quantileSorted, sortedCopy } from './numeric';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const COLORS = {
  bar: '#7a9cc6',
  band: '#f2c14e',
  estimate: '#b5402a',
  documented: '#2e3440',
  axis: '#555',
};

/** Full number for descriptions and legends. */
function exact(v: number): string {
  if (!Number.isFinite(v)) return 'unbounded';
  return Math.round(v).toLocaleString('en-US');
}

/** Short number for axis ticks. */
function fmt(v: number): string {
  if (!Number.isFinite(v)) return '∞';
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  return Math.round(v).toLocaleString('en-US');
}

/** Round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function r2(v: number): string {
  return (Math.round(v * 100) / 100).toString();
}

export interface PosteriorPlotInput {
  /** Posterior draws of N, or a grid posterior via `grid`. */
  draws?: ArrayLike<number>;
  grid?: { N: ArrayLike<number>; probability: ArrayLike<number> };
  observed: number;
  median: number;
  ci95: [number, number];
  title?: string;
  width?: number;
  height?: number;
}

/** Histogram of the posterior of N with its median, 95% interval and the documented number. */
export function posteriorPlotSvg(input: PosteriorPlotInput): string {
  const width = input.width ?? 640;
  const height = input.height ?? 320;
  const m = { left: 56, right: 20, top: 40, bottom: 48 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const bins = 40;
  const counts = new Float64Array(bins);
  let lo: number;
  let hi: number;
  if (input.draws && input.draws.length) {
    const sorted = sortedCopy(input.draws);
    lo = Math.min(input.observed, quantileSorted(sorted, 0.001));
    hi = quantileSorted(sorted, 0.995);
    if (!(hi > lo)) hi = lo + 1;
    for (let i = 0; i < sorted.length; i++) {
      const b = Math.floor(((sorted[i] - lo) / (hi - lo)) * bins);
      if (b >= 0 && b < bins) counts[b]++;
    }
  } else if (input.grid) {
    const { N, probability } = input.grid;
    let c = 0;
    lo = input.observed;
    hi = N[N.length - 1];
    for (let i = 0; i < N.length; i++) {
      c += probability[i];
      if (c > 0.995) {
        hi = N[i];
        break;
      }
    }
    if (!(hi > lo)) hi = lo + 1;
    for (let i = 0; i < N.length; i++) {
      const b = Math.floor(((N[i] - lo) / (hi - lo)) * bins);
      if (b >= 0 && b < bins) counts[b] += probability[i];
    }
  } else {
    throw new RangeError('posteriorPlotSvg needs draws or a grid posterior');
  }
  const maxCount = Math.max(...counts, 1e-300);
  const x = (v: number) => m.left + ((v - lo) / (hi - lo)) * pw;
  const y = (c: number) => m.top + ph - (c / maxCount) * ph;
  const clampX = (v: number) => Math.max(m.left, Math.min(m.left + pw, x(v)));
  const title = input.title ?? 'Posterior distribution of the total number of victims';
  const desc = `Median ${exact(input.median)}; 95% interval ${exact(input.ci95[0])} to ${exact(input.ci95[1])}; documented ${exact(input.observed)}.`;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="post-title post-desc" ${FONT} font-size="12">`,
  );
  parts.push(`<title id="post-title">${escapeXml(title)}</title>`);
  parts.push(`<desc id="post-desc">${escapeXml(desc)}</desc>`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(
    `<rect class="interval" x="${r2(clampX(input.ci95[0]))}" y="${m.top}" width="${r2(Math.max(0, clampX(input.ci95[1]) - clampX(input.ci95[0])))}" height="${ph}" fill="${COLORS.band}" fill-opacity="0.25"/>`,
  );
  const bw = pw / bins;
  parts.push('<g class="bars">');
  for (let b = 0; b < bins; b++) {
    if (counts[b] <= 0) continue;
    parts.push(
      `<rect x="${r2(m.left + b * bw + 0.5)}" y="${r2(y(counts[b]))}" width="${r2(Math.max(bw - 1, 0.5))}" height="${r2(m.top + ph - y(counts[b]))}" fill="${COLORS.bar}"/>`,
    );
  }
  parts.push('</g>');
  parts.push(
    `<line class="median" x1="${r2(clampX(input.median))}" x2="${r2(clampX(input.median))}" y1="${m.top}" y2="${m.top + ph}" stroke="${COLORS.estimate}" stroke-width="2"/>`,
  );
  parts.push(
    `<line class="documented" x1="${r2(clampX(input.observed))}" x2="${r2(clampX(input.observed))}" y1="${m.top}" y2="${m.top + ph}" stroke="${COLORS.documented}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
  );
  // Axis
  parts.push(`<g class="axis" stroke="${COLORS.axis}" fill="${COLORS.axis}">`);
  parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}"/>`);
  for (const tv of niceTicks(lo, hi)) {
    const tx = r2(x(tv));
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${m.top + ph}" y2="${m.top + ph + 4}"/>`);
    parts.push(
      `<text x="${tx}" y="${m.top + ph + 17}" text-anchor="middle" stroke="none">${escapeXml(fmt(tv))}</text>`,
    );
  }
  parts.push('</g>');
  parts.push(
    `<text x="${m.left + pw / 2}" y="${height - 8}" text-anchor="middle" fill="${COLORS.axis}">Total number (documented + never recorded)</text>`,
  );
  parts.push(
    `<text x="${m.left}" y="18" font-size="14" font-weight="600" fill="#222">${escapeXml(title)}</text>`,
  );
  const legend = [
    { color: COLORS.estimate, label: `median ${fmt(input.median)}`, dash: '' },
    {
      color: COLORS.band,
      label: `95% interval ${fmt(input.ci95[0])}–${fmt(input.ci95[1])}`,
      dash: '',
    },
    {
      color: COLORS.documented,
      label: `documented ${fmt(input.observed)}`,
      dash: ' stroke-dasharray="4 3"',
    },
  ];
  parts.push('<g class="legend">');
  legend.forEach((l, i) => {
    const lx = m.left + pw - 190;
    const ly = m.top + 12 + i * 16;
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${l.color}" stroke-width="3"${l.dash}/>`,
    );
    parts.push(`<text x="${lx + 24}" y="${ly}" fill="#222">${escapeXml(l.label)}</text>`);
  });
  parts.push('</g>');
  parts.push('</svg>');
  return parts.join('\n');
}

export interface StratumPoint {
  /** Label on the time axis, e.g. "2019". */
  label: string;
  documented: number;
  /** Estimated total; null when the stratum has no estimate. */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface StrataPlotInput {
  points: readonly StratumPoint[];
  title?: string;
  width?: number;
  height?: number;
}

/**
 * Documented and estimated totals per stratum along time, with the 95% interval as a band. Gaps
 * (no estimate) break the line and band, so a period with almost no documentation (the
 * 2020-2022 border closure) shows as what it is rather than as a fall in cases.
 */
export function strataTimelineSvg(input: StrataPlotInput): string {
  const width = input.width ?? 720;
  const height = input.height ?? 360;
  const m = { left: 60, right: 20, top: 44, bottom: 52 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const pts = input.points;
  if (pts.length === 0) throw new RangeError('strataTimelineSvg needs at least one stratum');
  let ymax = 0;
  for (const p of pts)
    ymax = Math.max(
      ymax,
      p.documented,
      p.estimate ?? 0,
      Number.isFinite(p.upper ?? 0) ? (p.upper ?? 0) : 0,
    );
  if (ymax <= 0) ymax = 1;
  const ticks = niceTicks(0, ymax);
  const top = Math.max(ymax, ticks[ticks.length - 1]);
  const step = pts.length > 1 ? pw / (pts.length - 1) : 0;
  const x = (i: number) => m.left + (pts.length > 1 ? i * step : pw / 2);
  const y = (v: number) => m.top + ph - (v / top) * ph;
  const title = input.title ?? 'Documented and estimated victims per period';
  const desc = pts
    .map(
      (p) =>
        `${p.label}: documented ${exact(p.documented)}` +
        (p.estimate !== null ? `, estimated ${exact(p.estimate)}` : ', no estimate') +
        (p.lower !== null && p.upper !== null
          ? ` (95% ${exact(p.lower)} to ${exact(p.upper)})`
          : ''),
    )
    .join('; ');
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="strata-title strata-desc" ${FONT} font-size="12">`,
  );
  parts.push(`<title id="strata-title">${escapeXml(title)}</title>`);
  parts.push(`<desc id="strata-desc">${escapeXml(desc)}</desc>`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`);
  // Grid and y axis
  parts.push(`<g class="axis" stroke="${COLORS.axis}" fill="${COLORS.axis}">`);
  for (const tv of ticks) {
    parts.push(
      `<line x1="${m.left}" x2="${m.left + pw}" y1="${r2(y(tv))}" y2="${r2(y(tv))}" stroke="#e3e3e3"/>`,
    );
    parts.push(
      `<text x="${m.left - 6}" y="${r2(y(tv) + 4)}" text-anchor="end" stroke="none">${escapeXml(fmt(tv))}</text>`,
    );
  }
  pts.forEach((p, i) => {
    parts.push(
      `<text x="${r2(x(i))}" y="${m.top + ph + 18}" text-anchor="middle" stroke="none">${escapeXml(p.label)}</text>`,
    );
  });
  parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}"/>`);
  parts.push('</g>');
  // Runs of consecutive strata with intervals: one band polygon and one line per run.
  const runs: number[][] = [];
  let current: number[] = [];
  pts.forEach((p, i) => {
    if (p.estimate !== null && p.lower !== null && p.upper !== null && Number.isFinite(p.upper))
      current.push(i);
    else if (current.length) {
      runs.push(current);
      current = [];
    }
  });
  if (current.length) runs.push(current);
  for (const run of runs) {
    const upper = run.map((i) => `${r2(x(i))},${r2(y(pts[i].upper!))}`);
    const lower = [...run].reverse().map((i) => `${r2(x(i))},${r2(y(pts[i].lower!))}`);
    if (run.length === 1) {
      const i = run[0];
      parts.push(
        `<rect class="band" x="${r2(x(i) - 6)}" y="${r2(y(pts[i].upper!))}" width="12" height="${r2(y(pts[i].lower!) - y(pts[i].upper!))}" fill="${COLORS.band}" fill-opacity="0.35"/>`,
      );
    } else {
      parts.push(
        `<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${COLORS.band}" fill-opacity="0.35"/>`,
      );
    }
    parts.push(
      `<polyline class="estimate" points="${run.map((i) => `${r2(x(i))},${r2(y(pts[i].estimate!))}`).join(' ')}" fill="none" stroke="${COLORS.estimate}" stroke-width="2"/>`,
    );
  }
  pts.forEach((p, i) => {
    if (p.estimate !== null) {
      parts.push(
        `<circle class="estimate-point" cx="${r2(x(i))}" cy="${r2(y(p.estimate))}" r="3" fill="${COLORS.estimate}"/>`,
      );
    }
  });
  parts.push(
    `<polyline class="documented" points="${pts.map((p, i) => `${r2(x(i))},${r2(y(p.documented))}`).join(' ')}" fill="none" stroke="${COLORS.documented}" stroke-width="2" stroke-dasharray="5 3"/>`,
  );
  pts.forEach((p, i) => {
    parts.push(
      `<circle class="documented-point" cx="${r2(x(i))}" cy="${r2(y(p.documented))}" r="3" fill="${COLORS.documented}"/>`,
    );
  });
  parts.push(
    `<text x="${m.left}" y="20" font-size="14" font-weight="600" fill="#222">${escapeXml(title)}</text>`,
  );
  const legend = [
    { color: COLORS.estimate, label: 'estimated total', dash: '' },
    { color: COLORS.band, label: '95% interval', dash: '' },
    { color: COLORS.documented, label: 'documented', dash: ' stroke-dasharray="5 3"' },
  ];
  parts.push('<g class="legend">');
  legend.forEach((l, i) => {
    const lx = m.left + i * 150;
    const ly = height - 10;
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${l.color}" stroke-width="3"${l.dash}/>`,
    );
    parts.push(`<text x="${lx + 24}" y="${ly}" fill="#222">${escapeXml(l.label)}</text>`);
  });
  parts.push('</g>');
  parts.push('</svg>');
  return parts.join('\n');
}
