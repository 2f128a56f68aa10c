/**
 * Renders a Drawing (drawing.ts) into a pdfkit document as vector paths and text.
 */
import type PDFDocument from 'pdfkit';
import type { Drawing } from './drawing';

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfFonts {
  regular: string;
  bold: string;
}

function rectPath(x: number, y: number, w: number, h: number): string {
  return `M ${x} ${y} L ${x + w} ${y} L ${x + w} ${y + h} L ${x} ${y + h} Z`;
}

/** Fills `d` with white and diagonal lines of `color`, clipped to the shape. */
function hatch(
  doc: Doc,
  d: string,
  color: string,
  box: { x: number; y: number; w: number; h: number },
): void {
  doc.save();
  doc.path(d).fillColor('#ffffff').fill('even-odd');
  doc.path(d).clip('even-odd');
  doc.lineWidth(1).strokeColor(color);
  const span = box.w + box.h;
  for (let t = -box.h; t < span; t += 4) {
    doc
      .moveTo(box.x + t, box.y + box.h)
      .lineTo(box.x + t + box.h, box.y)
      .stroke();
  }
  doc.restore();
}

/** The bounding box of a path made of M/L/Z commands. */
function pathBox(d: string): { x: number; y: number; w: number; h: number } {
  const nums = d.match(/-?\d+(?:\.\d+)?/g)?.map(Number) ?? [];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 1 < nums.length; i += 2) {
    x0 = Math.min(x0, nums[i]);
    x1 = Math.max(x1, nums[i]);
    y0 = Math.min(y0, nums[i + 1]);
    y1 = Math.max(y1, nums[i + 1]);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Draws `drawing` with its top-left corner at (x, y), scaled by `scale`. */
export function drawOnPdf(
  doc: Doc,
  drawing: Drawing,
  x: number,
  y: number,
  scale: number,
  fonts: PdfFonts,
): void {
  doc.save();
  doc.translate(x, y);
  doc.scale(scale);
  for (const s of drawing.shapes) {
    switch (s.kind) {
      case 'rect': {
        const d = rectPath(s.x, s.y, s.w, s.h);
        if (s.hatch) hatch(doc, d, s.hatch, s);
        else if (s.fill && s.fill !== 'none') doc.rect(s.x, s.y, s.w, s.h).fillColor(s.fill).fill();
        if (s.stroke)
          doc
            .rect(s.x, s.y, s.w, s.h)
            .lineWidth(s.strokeWidth ?? 1)
            .strokeColor(s.stroke)
            .stroke();
        break;
      }
      case 'line':
        doc.save();
        if (s.dash) doc.dash(s.dash, { space: s.dash });
        doc
          .moveTo(s.x1, s.y1)
          .lineTo(s.x2, s.y2)
          .lineWidth(s.width ?? 1)
          .strokeColor(s.stroke)
          .stroke();
        doc.restore();
        break;
      case 'path':
        if (s.hatch) hatch(doc, s.d, s.hatch, pathBox(s.d));
        else if (s.fill && s.fill !== 'none') doc.path(s.d).fillColor(s.fill).fill('even-odd');
        if (s.stroke)
          doc
            .path(s.d)
            .lineWidth(s.strokeWidth ?? 1)
            .lineJoin('round')
            .strokeColor(s.stroke)
            .stroke();
        break;
      case 'circle':
        doc.circle(s.cx, s.cy, s.r).fillColor(s.fill).fill();
        if (s.stroke) doc.circle(s.cx, s.cy, s.r).strokeColor(s.stroke).stroke();
        break;
      case 'text': {
        doc
          .font(s.bold ? fonts.bold : fonts.regular)
          .fontSize(s.size)
          .fillColor(s.color ?? '#1f2430');
        const w = doc.widthOfString(s.text);
        const dx = s.anchor === 'middle' ? -w / 2 : s.anchor === 'end' ? -w : 0;
        doc.save();
        if (s.rotate) doc.rotate(-s.rotate, { origin: [s.x, s.y] });
        doc.text(s.text, s.x + dx, s.y, { lineBreak: false, baseline: 'alphabetic' });
        doc.restore();
        break;
      }
    }
  }
  doc.restore();
}
