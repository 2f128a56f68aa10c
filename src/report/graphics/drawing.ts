/**
 * A drawing: a few vector shapes in a box, rendered the same way to SVG (HTML report) and to PDF
 * (pdf.ts). Charts and maps produce drawings; they never know which output they go to, so the
 * HTML and PDF reports show the same figures.
 */
import { escapeXml } from '../../estimate/plots';

export type Shape =
  | {
      kind: 'rect';
      x: number;
      y: number;
      w: number;
      h: number;
      fill?: string;
      stroke?: string;
      strokeWidth?: number;
      /** Diagonal hatching: the mark of a value not shown. */
      hatch?: string;
    }
  | {
      kind: 'line';
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      stroke: string;
      width?: number;
      dash?: number;
    }
  | {
      kind: 'path';
      /** SVG path data using only M, L and Z, in drawing coordinates. */
      d: string;
      fill?: string;
      stroke?: string;
      strokeWidth?: number;
      hatch?: string;
    }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: string; stroke?: string }
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      anchor?: 'start' | 'middle' | 'end';
      color?: string;
      bold?: boolean;
      /** Degrees, counter-clockwise positive as read (e.g. -90 for a vertical axis title). */
      rotate?: number;
    };

export interface Drawing {
  width: number;
  height: number;
  shapes: Shape[];
  /** For screen readers and the PDF's text layer. */
  title: string;
  description: string;
}

export const PALETTE = {
  ink: '#1f2430',
  muted: '#6b7280',
  grid: '#d9dde3',
  documented: '#3b5b8c',
  estimate: '#b5402a',
  band: '#f4d58d',
  hidden: '#9aa3ad',
  blackHole: '#e9e4f2',
  sequential: ['#fde0c5', '#f9b28a', '#f0825a', '#d1553b', '#9c2f23'],
  empty: '#ffffff',
  context: '#eef0f3',
} as const;

/** CSS font stacks for the SVG text, by report language. */
export const SVG_FONTS: Record<'ko' | 'en' | 'zh', string> = {
  ko: "'Noto Sans CJK KR', 'Noto Sans KR', sans-serif",
  en: "'Noto Sans', 'Noto Sans CJK KR', sans-serif",
  zh: "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
};

function num(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

/** The drawing as an SVG element (inline in HTML), with a title and description. */
export function toSvg(d: Drawing, font: string, idPrefix = 'fig'): string {
  const hatchIds = new Map<string, string>();
  const defs: string[] = [];
  const hatchOf = (color: string) => {
    let id = hatchIds.get(color);
    if (!id) {
      id = `${idPrefix}-hatch-${hatchIds.size}`;
      hatchIds.set(color, id);
      defs.push(
        `<pattern id="${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
          `<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${color}" stroke-width="2"/></pattern>`,
      );
    }
    return `url(#${id})`;
  };
  const body = d.shapes.map((s) => {
    switch (s.kind) {
      case 'rect': {
        const fill = s.hatch ? hatchOf(s.hatch) : (s.fill ?? 'none');
        const stroke = s.stroke ? ` stroke="${s.stroke}" stroke-width="${s.strokeWidth ?? 1}"` : '';
        return `<rect x="${num(s.x)}" y="${num(s.y)}" width="${num(s.w)}" height="${num(s.h)}" fill="${fill}"${stroke}/>`;
      }
      case 'line':
        return `<line x1="${num(s.x1)}" y1="${num(s.y1)}" x2="${num(s.x2)}" y2="${num(s.y2)}" stroke="${s.stroke}" stroke-width="${s.width ?? 1}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`;
      case 'path': {
        const fill = s.hatch ? hatchOf(s.hatch) : (s.fill ?? 'none');
        const stroke = s.stroke
          ? ` stroke="${s.stroke}" stroke-width="${s.strokeWidth ?? 1}" stroke-linejoin="round"`
          : '';
        return `<path d="${s.d}" fill="${fill}" fill-rule="evenodd"${stroke}/>`;
      }
      case 'circle':
        return `<circle cx="${num(s.cx)}" cy="${num(s.cy)}" r="${num(s.r)}" fill="${s.fill}"${s.stroke ? ` stroke="${s.stroke}"` : ''}/>`;
      case 'text': {
        const anchor = s.anchor ?? 'start';
        const rot = s.rotate ? ` transform="rotate(${-s.rotate} ${num(s.x)} ${num(s.y)})"` : '';
        return `<text x="${num(s.x)}" y="${num(s.y)}" font-size="${s.size}" text-anchor="${anchor}" fill="${s.color ?? PALETTE.ink}"${s.bold ? ' font-weight="bold"' : ''}${rot}>${escapeXml(s.text)}</text>`;
      }
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${d.width} ${d.height}" width="${d.width}" height="${d.height}" role="img" aria-labelledby="${idPrefix}-t ${idPrefix}-d" font-family="${escapeXml(font)}">` +
    `<title id="${idPrefix}-t">${escapeXml(d.title)}</title><desc id="${idPrefix}-d">${escapeXml(d.description)}</desc>` +
    (defs.length ? `<defs>${defs.join('')}</defs>` : '') +
    body.join('') +
    `</svg>`
  );
}
