/**
 * The report's charts as drawings: bars of published counts (a hidden count is drawn as a
 * hatched stub marked "x", never as a number), documented against estimated per year with the
 * 2020-2022 closure shaded, and the posterior of the total.
 */
import { niceTicks } from '../../estimate/plots';
import { PALETTE, type Drawing, type Shape } from './drawing';

/** Rough width of a text in a sans font: CJK and Hangul full width, the rest about half. */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch) ? 1 : 0.56;
  return w * size;
}

/** Axis ticks for counts: whole numbers from 0, the last at or above `max`. */
export function countTicks(max: number, target = 4): number[] {
  const ticks = niceTicks(0, Math.max(1, max), target).filter((t) => Number.isInteger(t) && t >= 0);
  if (ticks.length < 2) return [0, Math.max(1, Math.ceil(max))];
  const step = ticks[1] - ticks[0];
  while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

export function formatCount(v: number, locale: string): string {
  return Math.round(v).toLocaleString(locale);
}

export interface BarInput {
  label: string;
  /** Null: not shown (suppressed). */
  value: number | null;
}

export interface BarChartInput {
  title: string;
  description: string;
  bars: readonly BarInput[];
  hiddenMark: string;
  locale: string;
  width?: number;
  color?: string;
}

/** Horizontal bars, one per category, with the value at the end of each bar. */
export function barChart(input: BarChartInput): Drawing {
  const width = input.width ?? 520;
  const size = 10;
  const rowH = 18;
  const labelW = Math.min(
    width * 0.45,
    Math.max(60, ...input.bars.map((b) => textWidth(b.label, size))) + 8,
  );
  const top = 8;
  const height = top + rowH * input.bars.length + 24;
  const plotW = width - labelW - 50;
  const max = Math.max(1, ...input.bars.map((b) => b.value ?? 0));
  const ticks = countTicks(max, 4);
  const xmax = ticks[ticks.length - 1];
  const sx = (v: number) => labelW + (v / xmax) * plotW;
  const shapes: Shape[] = [];
  for (const t of ticks) {
    shapes.push({
      kind: 'line',
      x1: sx(t),
      y1: top,
      x2: sx(t),
      y2: top + rowH * input.bars.length,
      stroke: PALETTE.grid,
    });
    shapes.push({
      kind: 'text',
      x: sx(t),
      y: height - 8,
      text: formatCount(t, input.locale),
      size: 8,
      anchor: 'middle',
      color: PALETTE.muted,
    });
  }
  input.bars.forEach((b, i) => {
    const y = top + i * rowH;
    shapes.push({ kind: 'text', x: labelW - 6, y: y + 12.5, text: b.label, size, anchor: 'end' });
    if (b.value === null) {
      shapes.push({
        kind: 'rect',
        x: labelW,
        y: y + 3,
        w: 14,
        h: rowH - 6,
        hatch: PALETTE.hidden,
        stroke: PALETTE.hidden,
        strokeWidth: 0.5,
      });
      shapes.push({
        kind: 'text',
        x: labelW + 18,
        y: y + 12.5,
        text: input.hiddenMark,
        size: 9,
        color: PALETTE.muted,
      });
    } else {
      const w = Math.max(0, sx(b.value) - labelW);
      shapes.push({
        kind: 'rect',
        x: labelW,
        y: y + 3,
        w,
        h: rowH - 6,
        fill: input.color ?? PALETTE.documented,
      });
      shapes.push({
        kind: 'text',
        x: labelW + w + 4,
        y: y + 12.5,
        text: formatCount(b.value, input.locale),
        size: 9,
      });
    }
  });
  shapes.push({
    kind: 'line',
    x1: labelW,
    y1: top,
    x2: labelW,
    y2: top + rowH * input.bars.length,
    stroke: PALETTE.ink,
  });
  return { width, height, shapes, title: input.title, description: input.description };
}

export interface TimelinePoint {
  label: string;
  documented: number | null;
  estimate: { estimate: number; lower: number; upper: number | null } | null;
}

export interface TimelineInput {
  title: string;
  description: string;
  points: readonly TimelinePoint[];
  /** Labels of the points to shade (the border closure). */
  shaded: readonly string[];
  legend: {
    documented: string;
    estimated: string;
    hidden: string;
    shaded: string;
    unbounded: string;
  };
  hiddenMark: string;
  locale: string;
  width?: number;
  height?: number;
}

/** Documented (bars) and estimated (dot with 95% interval) per year. */
export function timelineChart(input: TimelineInput): Drawing {
  const width = input.width ?? 520;
  const height = input.height ?? 260;
  const m = { left: 48, right: 12, top: 30, bottom: 34 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const pts = input.points;
  const values = pts.flatMap((p) => [
    p.documented ?? 0,
    p.estimate?.estimate ?? 0,
    p.estimate?.upper ?? 0,
  ]);
  const ymaxRaw = Math.max(1, ...values);
  const ticks = countTicks(ymaxRaw, 5);
  const ymax = ticks[ticks.length - 1];
  const sy = (v: number) => m.top + ph - (Math.min(v, ymax) / ymax) * ph;
  const step = pw / Math.max(1, pts.length);
  const cx = (i: number) => m.left + step * (i + 0.5);
  const shapes: Shape[] = [];
  pts.forEach((p, i) => {
    if (input.shaded.includes(p.label)) {
      shapes.push({
        kind: 'rect',
        x: m.left + step * i,
        y: m.top,
        w: step,
        h: ph,
        fill: PALETTE.blackHole,
      });
    }
  });
  for (const t of ticks) {
    shapes.push({
      kind: 'line',
      x1: m.left,
      y1: sy(t),
      x2: m.left + pw,
      y2: sy(t),
      stroke: PALETTE.grid,
    });
    shapes.push({
      kind: 'text',
      x: m.left - 4,
      y: sy(t) + 3,
      text: formatCount(t, input.locale),
      size: 8,
      anchor: 'end',
      color: PALETTE.muted,
    });
  }
  const bw = Math.min(22, step * 0.55);
  pts.forEach((p, i) => {
    const x = cx(i);
    if (p.documented === null) {
      shapes.push({
        kind: 'rect',
        x: x - bw / 2,
        y: sy(0) - 10,
        w: bw,
        h: 10,
        hatch: PALETTE.hidden,
        stroke: PALETTE.hidden,
        strokeWidth: 0.5,
      });
      shapes.push({
        kind: 'text',
        x,
        y: sy(0) - 13,
        text: input.hiddenMark,
        size: 8,
        anchor: 'middle',
        color: PALETTE.muted,
      });
    } else {
      shapes.push({
        kind: 'rect',
        x: x - bw / 2,
        y: sy(p.documented),
        w: bw,
        h: sy(0) - sy(p.documented),
        fill: PALETTE.documented,
      });
    }
    if (p.estimate) {
      const hi = p.estimate.upper ?? ymax;
      shapes.push({
        kind: 'line',
        x1: x,
        y1: sy(p.estimate.lower),
        x2: x,
        y2: sy(hi),
        stroke: PALETTE.estimate,
        width: 1.5,
        dash: p.estimate.upper === null ? 2 : undefined,
      });
      shapes.push({
        kind: 'line',
        x1: x - 4,
        y1: sy(p.estimate.lower),
        x2: x + 4,
        y2: sy(p.estimate.lower),
        stroke: PALETTE.estimate,
        width: 1.5,
      });
      if (p.estimate.upper !== null)
        shapes.push({
          kind: 'line',
          x1: x - 4,
          y1: sy(hi),
          x2: x + 4,
          y2: sy(hi),
          stroke: PALETTE.estimate,
          width: 1.5,
        });
      shapes.push({
        kind: 'circle',
        cx: x,
        cy: sy(p.estimate.estimate),
        r: 3,
        fill: PALETTE.estimate,
      });
    }
    shapes.push({ kind: 'text', x, y: m.top + ph + 12, text: p.label, size: 8, anchor: 'middle' });
  });
  shapes.push({
    kind: 'line',
    x1: m.left,
    y1: m.top + ph,
    x2: m.left + pw,
    y2: m.top + ph,
    stroke: PALETTE.ink,
  });
  // Legend along the top.
  let lx = m.left;
  const ly = 12;
  const item = (draw: Shape[], label: string) => {
    shapes.push(...draw);
    shapes.push({ kind: 'text', x: lx + 14, y: ly + 4, text: label, size: 8 });
    lx += 22 + textWidth(label, 8);
  };
  item(
    [{ kind: 'rect', x: lx, y: ly - 4, w: 10, h: 8, fill: PALETTE.documented }],
    input.legend.documented,
  );
  item(
    [
      {
        kind: 'line',
        x1: lx + 5,
        y1: ly - 5,
        x2: lx + 5,
        y2: ly + 5,
        stroke: PALETTE.estimate,
        width: 1.5,
      },
      { kind: 'circle', cx: lx + 5, cy: ly, r: 3, fill: PALETTE.estimate },
    ],
    input.legend.estimated,
  );
  item(
    [
      {
        kind: 'rect',
        x: lx,
        y: ly - 4,
        w: 10,
        h: 8,
        hatch: PALETTE.hidden,
        stroke: PALETTE.hidden,
        strokeWidth: 0.5,
      },
    ],
    input.legend.hidden,
  );
  if (input.shaded.length)
    item(
      [{ kind: 'rect', x: lx, y: ly - 4, w: 10, h: 8, fill: PALETTE.blackHole }],
      input.legend.shaded,
    );
  return { width, height, shapes, title: input.title, description: input.description };
}

export interface HistogramInput {
  title: string;
  description: string;
  draws: ArrayLike<number>;
  observed: number;
  median: number;
  ci95: [number, number];
  legend: { documented: string; median: string; interval: string };
  locale: string;
  width?: number;
  height?: number;
}

/** Histogram of posterior draws of the total, with the documented number, median and 95% interval. */
export function posteriorHistogram(input: HistogramInput): Drawing {
  const width = input.width ?? 520;
  const height = input.height ?? 220;
  const m = { left: 40, right: 12, top: 28, bottom: 30 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const d = Array.from(input.draws)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const lo = Math.min(input.observed, d[0] ?? input.observed);
  const hi = Math.max(d[Math.floor(d.length * 0.995)] ?? input.observed, input.ci95[1]);
  const ticks = niceTicks(lo, hi, 5);
  const x0 = Math.min(lo, ticks[0]);
  const x1 = Math.max(hi, ticks[ticks.length - 1]);
  const sx = (v: number) => m.left + ((v - x0) / (x1 - x0 || 1)) * pw;
  const bins = 40;
  const counts = new Array<number>(bins).fill(0);
  for (const v of d) {
    if (v > x1) continue;
    counts[Math.min(bins - 1, Math.floor(((v - x0) / (x1 - x0 || 1)) * bins))]++;
  }
  const cmax = Math.max(1, ...counts);
  const shapes: Shape[] = [];
  shapes.push({
    kind: 'rect',
    x: sx(input.ci95[0]),
    y: m.top,
    w: sx(input.ci95[1]) - sx(input.ci95[0]),
    h: ph,
    fill: PALETTE.band,
  });
  counts.forEach((c, i) => {
    const bx = m.left + (pw * i) / bins;
    const h = (c / cmax) * ph;
    shapes.push({
      kind: 'rect',
      x: bx + 0.5,
      y: m.top + ph - h,
      w: pw / bins - 1,
      h,
      fill: PALETTE.documented,
    });
  });
  shapes.push({
    kind: 'line',
    x1: sx(input.median),
    y1: m.top,
    x2: sx(input.median),
    y2: m.top + ph,
    stroke: PALETTE.estimate,
    width: 1.5,
  });
  shapes.push({
    kind: 'line',
    x1: sx(input.observed),
    y1: m.top,
    x2: sx(input.observed),
    y2: m.top + ph,
    stroke: PALETTE.ink,
    width: 1.5,
    dash: 3,
  });
  for (const t of ticks) {
    shapes.push({
      kind: 'text',
      x: sx(t),
      y: m.top + ph + 12,
      text: formatCount(t, input.locale),
      size: 8,
      anchor: 'middle',
      color: PALETTE.muted,
    });
  }
  shapes.push({
    kind: 'line',
    x1: m.left,
    y1: m.top + ph,
    x2: m.left + pw,
    y2: m.top + ph,
    stroke: PALETTE.ink,
  });
  let lx = m.left;
  const ly = 12;
  const item = (draw: Shape, label: string) => {
    shapes.push(draw);
    shapes.push({ kind: 'text', x: lx + 14, y: ly + 4, text: label, size: 8 });
    lx += 22 + textWidth(label, 8);
  };
  item(
    { kind: 'line', x1: lx, y1: ly, x2: lx + 10, y2: ly, stroke: PALETTE.ink, width: 1.5, dash: 3 },
    input.legend.documented,
  );
  item(
    { kind: 'line', x1: lx, y1: ly, x2: lx + 10, y2: ly, stroke: PALETTE.estimate, width: 1.5 },
    input.legend.median,
  );
  item({ kind: 'rect', x: lx, y: ly - 4, w: 10, h: 8, fill: PALETTE.band }, input.legend.interval);
  return { width, height, shapes, title: input.title, description: input.description };
}
