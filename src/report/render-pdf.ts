/**
 * Lays the report's blocks (compose.ts) out as an A4 PDF with pdfkit, in Noto Sans CJK (Debian
 * package fonts-noto-cjk) so Korean and Chinese text renders: the Korean or Simplified Chinese
 * face of the collection, whose Latin glyphs also serve English. Figures are vector paths.
 */
import { createWriteStream, existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Lang } from '../model/vocabularies';
import type { Block } from './compose';
import { drawOnPdf, type PdfFonts } from './graphics/pdf';
import { REPORT_TEXT } from './i18n';

export const CJK_FONT_DIR = '/usr/share/fonts/opentype/noto';
export const CJK_FONT_PACKAGE = 'fonts-noto-cjk';

export class MissingFontError extends Error {
  constructor(file: string) {
    super(
      `the CJK font ${file} is missing: install the Debian package ${CJK_FONT_PACKAGE} ` +
        `(apt-get install ${CJK_FONT_PACKAGE}), or set JAYU_CJK_FONT_DIR to the folder holding NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc`,
    );
    this.name = 'MissingFontError';
  }
}

/** The font files and the face inside each collection for a language. */
export function cjkFonts(lang: Lang, dir = process.env.JAYU_CJK_FONT_DIR ?? CJK_FONT_DIR) {
  const regular = `${dir}/NotoSansCJK-Regular.ttc`;
  const bold = `${dir}/NotoSansCJK-Bold.ttc`;
  for (const f of [regular, bold]) if (!existsSync(f)) throw new MissingFontError(f);
  const face = lang === 'zh' ? 'SC' : 'KR';
  return {
    regular: { file: regular, name: `NotoSansCJK${face.toLowerCase()}-Regular` },
    bold: { file: bold, name: `NotoSansCJK${face.toLowerCase()}-Bold` },
  };
}

const PAGE = { width: 595.28, height: 841.89, margin: 50 };
const CONTENT_W = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 14;
const COLORS = {
  ink: '#1f2430',
  muted: '#5b6472',
  rule: '#c8ced6',
  head: '#eef1f5',
  accent: '#7a1f2b',
};

type Doc = InstanceType<typeof PDFDocument>;

/** Renders the blocks to a PDF file; resolves when the file is completely written. */
export async function renderPdf(blocks: readonly Block[], lang: Lang, file: string): Promise<void> {
  const fontsFiles = cjkFonts(lang);
  const t = REPORT_TEXT[lang];
  const titleBlock = blocks.find((b) => b.kind === 'title');
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    lang: t.locale,
    displayTitle: true,
    info: {
      Title: titleBlock && titleBlock.kind === 'title' ? titleBlock.title : 'Jayu report',
      Creator: 'Jayu',
    },
  });
  doc.registerFont('body', fontsFiles.regular.file, fontsFiles.regular.name);
  doc.registerFont('bold', fontsFiles.bold.file, fontsFiles.bold.name);
  const fonts: PdfFonts = { regular: 'body', bold: 'bold' };
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  layout(doc, blocks, fonts);
  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('body').fontSize(7.5).fillColor(COLORS.muted);
    doc.text(`${i + 1} / ${range.count}`, PAGE.margin, PAGE.height - PAGE.margin + 8, {
      width: CONTENT_W,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) doc.addPage();
}

function layout(doc: Doc, blocks: readonly Block[], fonts: PdfFonts): void {
  doc.x = PAGE.margin;
  for (const b of blocks) {
    switch (b.kind) {
      case 'title': {
        doc.font('bold').fontSize(20).fillColor(COLORS.accent).text(b.title, { width: CONTENT_W });
        doc.moveDown(0.3);
        doc.font('body').fontSize(12).fillColor(COLORS.ink).text(b.subtitle, { width: CONTENT_W });
        doc.moveDown(0.2);
        doc.fontSize(8.5).fillColor(COLORS.muted).text(b.generated, { width: CONTENT_W });
        if (b.notice) {
          doc.moveDown(0.6);
          const h =
            doc
              .font('bold')
              .fontSize(9)
              .heightOfString(b.notice, { width: CONTENT_W - 16 }) + 12;
          const y = doc.y;
          doc.rect(PAGE.margin, y, CONTENT_W, h).fillColor('#fff4d6').fill();
          doc
            .fillColor('#7a4b00')
            .text(b.notice, PAGE.margin + 8, y + 6, { width: CONTENT_W - 16 });
          doc.y = y + h;
          doc.x = PAGE.margin;
        }
        doc.moveDown(0.8);
        break;
      }
      case 'heading': {
        const size = b.level === 1 ? 14 : 10.5;
        ensureSpace(doc, size * 4);
        doc.moveDown(b.level === 1 ? 0.8 : 0.4);
        doc
          .font('bold')
          .fontSize(size)
          .fillColor(b.level === 1 ? COLORS.accent : COLORS.ink);
        doc.text(b.text, PAGE.margin, doc.y, { width: CONTENT_W });
        doc.moveDown(0.25);
        break;
      }
      case 'paragraph': {
        doc.font('body').fontSize(9.5).fillColor(COLORS.ink);
        ensureSpace(doc, 30);
        doc.text(b.text, PAGE.margin, doc.y, { width: CONTENT_W, lineGap: 2 });
        doc.moveDown(0.5);
        break;
      }
      case 'list': {
        doc.font('body').fontSize(9).fillColor(COLORS.ink);
        for (const item of b.items) {
          const h = doc.heightOfString(item, { width: CONTENT_W - 14, lineGap: 1.5 });
          ensureSpace(doc, h + 4);
          const y = doc.y;
          doc.text('•', PAGE.margin, y, { lineBreak: false });
          doc.text(item, PAGE.margin + 14, y, { width: CONTENT_W - 14, lineGap: 1.5 });
          doc.moveDown(0.3);
        }
        doc.x = PAGE.margin;
        doc.moveDown(0.3);
        break;
      }
      case 'figure': {
        const scale = Math.min(1, CONTENT_W / b.drawing.width);
        const h = b.drawing.height * scale;
        ensureSpace(doc, h + 28);
        const x = PAGE.margin + (CONTENT_W - b.drawing.width * scale) / 2;
        const y = doc.y + 4;
        drawOnPdf(doc, b.drawing, x, y, scale, fonts);
        doc.y = y + h + 4;
        doc.font('body').fontSize(8).fillColor(COLORS.muted);
        doc.text(b.caption, PAGE.margin, doc.y, { width: CONTENT_W, align: 'center' });
        doc.moveDown(0.8);
        break;
      }
      case 'table':
        table(doc, b);
        break;
    }
  }
}

function table(doc: Doc, b: Extract<Block, { kind: 'table' }>): void {
  const cols = b.header.length;
  const size = cols > 8 ? 6.5 : cols > 5 ? 7.5 : 8;
  const pad = 2.5;
  // Width of the first column: its longest label, within limits; wide last columns for text tables.
  doc.font('body').fontSize(size);
  const textual = b.rows.some((r) => r.slice(1).some((c) => c.length > 24));
  let widths: number[];
  if (textual) {
    // Label, number, short, then the remaining text columns share what is left.
    const fixed = [CONTENT_W * 0.2, 44, 44];
    const rest =
      (CONTENT_W - fixed.slice(0, Math.min(3, cols)).reduce((a, x) => a + x, 0)) /
      Math.max(1, cols - 3);
    widths = b.header.map((_, i) => (i < 3 ? fixed[i] : rest));
  } else {
    const first = Math.min(
      CONTENT_W * 0.34,
      Math.max(50, ...b.rows.map((r) => doc.widthOfString(r[0]) + 2 * pad + 2)),
    );
    const other = (CONTENT_W - first) / Math.max(1, cols - 1);
    widths = [first, ...new Array(cols - 1).fill(Math.min(other, 70))];
  }
  const total = widths.reduce((a, x) => a + x, 0);
  const x0 = PAGE.margin;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return (
      Math.max(
        ...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * pad })),
      ) +
      2 * pad
    );
  };
  const drawRow = (cells: string[], y: number, h: number, header: boolean, shaded: boolean) => {
    if (header || shaded)
      doc
        .rect(x0, y, total, h)
        .fillColor(header ? COLORS.head : '#fafbfc')
        .fill();
    let x = x0;
    cells.forEach((c, i) => {
      doc
        .font(header ? 'bold' : 'body')
        .fontSize(size)
        .fillColor(COLORS.ink);
      doc.text(c, x + pad, y + pad, {
        width: widths[i] - 2 * pad,
        align: i === 0 || textual ? 'left' : 'right',
      });
      x += widths[i];
    });
    doc
      .moveTo(x0, y + h)
      .lineTo(x0 + total, y + h)
      .lineWidth(0.4)
      .strokeColor(COLORS.rule)
      .stroke();
  };
  doc.font('bold').fontSize(8.5).fillColor(COLORS.ink);
  const headH = rowHeight(b.header, 'bold');
  ensureSpace(doc, 16 + headH + 3 * size * 2);
  doc.text(b.caption, PAGE.margin, doc.y, { width: CONTENT_W });
  doc.moveDown(0.2);
  let y = doc.y;
  drawRow(b.header, y, headH, true, false);
  y += headH;
  b.rows.forEach((r, i) => {
    const h = rowHeight(r, 'body');
    if (y + h > BOTTOM) {
      doc.addPage();
      y = doc.y;
      drawRow(b.header, y, headH, true, false);
      y += headH;
    }
    drawRow(r, y, h, false, i % 2 === 1);
    y += h;
  });
  doc.y = y + 3;
  if (b.note) {
    doc.font('body').fontSize(6.5).fillColor(COLORS.muted);
    ensureSpace(doc, 20);
    doc.text(b.note, PAGE.margin, doc.y, { width: CONTENT_W });
  }
  doc.x = PAGE.margin;
  doc.moveDown(0.8);
}
