/**
 * The UN submission report end to end on a synthetic population: disclosure rules hold in what
 * is published, the PDF renders in Korean, English and Chinese with its sections and real CJK
 * glyphs (pages kept as PNG in artefacts/report/), the HTML says the same, and nothing
 * identifying reaches either.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { createWriteStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../model/types';
import { synthesise } from '../synth';
import { composeReport } from './compose';
import { REPORT_TEXT } from './i18n';
import { buildReportData, type ReportData } from './report-data';
import { cjkFonts, renderPdf } from './render-pdf';
import { renderHtml } from './render-html';
import { loadSynthDirectory } from './sources/synth-dir';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTEFACTS = path.join(repoRoot, 'artefacts', 'report');
const LANGS = ['ko', 'en', 'zh'] as const;

let dir: string;
let data: ReportData;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jayu-report-'));
  synthesise({ people: 6000, sources: 4, seed: 11, out: dir });
  const input = await loadSynthDirectory(dir, { purpose: 'un_reporting', linkage: 'truth' });
  data = buildReportData(input, {
    period: { from: 2015, to: 2024 },
    estimate: { seed: 3, lcmcr: { burnin: 2000, samples: 500, thinning: 5 } },
    generatedOn: '2025-01-01',
  });
  mkdirSync(ARTEFACTS, { recursive: true });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A greyscale raster (pdftoppm -gray): width, height and one byte per pixel. */
function rasterise(
  pdf: string,
  page: number,
  dpi: number,
): { w: number; h: number; px: Uint8Array } {
  const out = path.join(dir, `r-${path.basename(pdf)}-${page}`);
  execFileSync('pdftoppm', [
    '-gray',
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    pdf,
    out,
  ]);
  const buf = readFileSync(`${out}.pgm`);
  // P5 header: magic, width, height, maxval, each followed by whitespace.
  const parts: string[] = [];
  let i = 0;
  while (parts.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[i]))) i++;
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[i]))) tok += String.fromCharCode(buf[i++]);
    parts.push(tok);
  }
  i++;
  return { w: Number(parts[1]), h: Number(parts[2]), px: buf.subarray(i) };
}

/** Share of dark pixels in a rectangle given in points (1/72 inch). */
function ink(
  r: { w: number; px: Uint8Array },
  dpi: number,
  box: { x: number; y: number; w: number; h: number },
): number {
  const s = dpi / 72;
  let dark = 0;
  let all = 0;
  for (let y = Math.round(box.y * s); y < Math.round((box.y + box.h) * s); y++) {
    for (let x = Math.round(box.x * s); x < Math.round((box.x + box.w) * s); x++) {
      all++;
      if (r.px[y * r.w + x] < 128) dark++;
    }
  }
  return dark / all;
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('UN submission report', () => {
  it('publishes no count between 1 and k-1 anywhere', () => {
    let cells = 0;
    for (const t of Object.values(data.tables)) {
      for (const c of t.cells) {
        cells++;
        if (c.value !== null)
          expect(c.value === 0 || c.value >= data.disclosure.k, `${t.spec.id} ${c.key}`).toBe(true);
      }
    }
    expect(cells).toBeGreaterThan(100);
    expect(data.disclosure.cells.primary).toBeGreaterThan(0);
  });

  for (const lang of LANGS) {
    it(`renders the PDF in ${lang} with every section and embedded CJK fonts`, async () => {
      const blocks = composeReport(data, lang);
      const pdf = path.join(ARTEFACTS, `report-${lang}.pdf`);
      await renderPdf(blocks, lang, pdf);
      writeFileSync(path.join(ARTEFACTS, `report-${lang}.html`), renderHtml(blocks, lang));
      for (const f of readdirSync(ARTEFACTS))
        if (f.startsWith(`${lang}-`) && f.endsWith('.png')) rmSync(path.join(ARTEFACTS, f));
      execFileSync('pdftoppm', ['-png', '-r', '70', pdf, path.join(ARTEFACTS, lang)]);
      const pngs = readdirSync(ARTEFACTS).filter(
        (f) => f.startsWith(`${lang}-`) && f.endsWith('.png'),
      );
      expect(pngs.length).toBeGreaterThanOrEqual(6);

      const text = squash(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }));
      const t = REPORT_TEXT[lang];
      expect(text).toContain(squash(t.title));
      for (const title of Object.values(t.sections)) expect(text, title).toContain(squash(title));
      for (const caption of [t.figures.redZone, t.figures.dprk, t.figures.timeline])
        expect(text).toContain(squash(caption));

      const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
      const face = lang === 'zh' ? 'NotoSansCJKsc' : 'NotoSansCJKkr';
      const rows = fonts.split('\n').filter((l) => l.includes(face));
      expect(rows.length).toBeGreaterThanOrEqual(2); // regular and bold
      for (const r of rows) expect(r).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, unicode map
      expect(fonts.split('\n').filter((l) => /Helvetica|Times|Courier/.test(l))).toEqual([]);

      // The title (top of page 1) has ink; the bottom margin has none.
      const page = rasterise(pdf, 1, 72);
      expect(ink(page, 72, { x: 50, y: 50, w: 400, h: 26 })).toBeGreaterThan(0.05);
      expect(ink(page, 72, { x: 50, y: 800, w: 400, h: 20 })).toBe(0);
    });
  }

  for (const lang of ['ko', 'zh'] as const) {
    it(`draws real ${lang} glyphs with the report's font, not empty boxes`, async () => {
      // Missing glyphs all render as the same .notdef box: two different words would then give
      // the same picture. Real glyphs differ, and differ from a box.
      const words = lang === 'ko' ? ['자유', '인권', '□□'] : ['自由', '人权', '□□'];
      const file = path.join(dir, `glyphs-${lang}.pdf`);
      const fonts = cjkFonts(lang);
      const doc = new PDFDocument({ size: [400, 300], margin: 0 });
      const done = new Promise<void>((resolve) =>
        doc.pipe(createWriteStream(file)).on('finish', () => resolve()),
      );
      doc.registerFont('f', fonts.regular.file, fonts.regular.name);
      words.forEach((w, i) =>
        doc
          .font('f')
          .fontSize(60)
          .text(w, 20, 20 + i * 90, { lineBreak: false }),
      );
      doc.end();
      await done;
      const r = rasterise(file, 1, 72);
      const region = (i: number) => {
        const out: number[] = [];
        for (let y = 20 + i * 90; y < 100 + i * 90; y++)
          for (let x = 20; x < 160; x++) out.push(r.px[y * r.w + x] < 128 ? 1 : 0);
        return out;
      };
      const [a, b, box] = [region(0), region(1), region(2)];
      const differing = (p: number[], q: number[]) =>
        p.reduce((n, v, i) => n + (v !== q[i] ? 1 : 0), 0);
      expect(a.reduce((x, y) => x + y, 0)).toBeGreaterThan(200);
      expect(differing(a, b)).toBeGreaterThan(300);
      expect(differing(a, box)).toBeGreaterThan(300);
      expect(differing(b, box)).toBeGreaterThan(300);
    });
  }

  it('writes an HTML report with the same sections, inline figures and no script', () => {
    for (const lang of LANGS) {
      const html = renderHtml(composeReport(data, lang), lang);
      const t = REPORT_TEXT[lang];
      expect(html).toContain(`<html lang="${t.locale}">`);
      for (const title of Object.values(t.sections)) expect(html).toContain(title);
      expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(5);
      expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    }
  });

  it('lets nothing identifying into the report', async () => {
    const cases = readFileSync(path.join(dir, 'cases.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Case);
    const secrets = new Set<string>();
    for (const c of cases) {
      if (c.person.birthDate && c.person.birthDate.length === 10) secrets.add(c.person.birthDate);
      if (c.person.idNumber) secrets.add(c.person.idNumber);
      for (const o of c.person.names.otherNames ?? [])
        if (/^[A-Za-z]+ [A-Za-z]+$/.test(o)) secrets.add(o);
      secrets.add(c.id);
      if (c.person.recordId) secrets.add(c.person.recordId);
    }
    expect(secrets.size).toBeGreaterThan(1000);
    for (const lang of LANGS) {
      const blocks = composeReport(data, lang);
      const pdf = path.join(dir, `secrets-${lang}.pdf`);
      await renderPdf(blocks, lang, pdf);
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
      const html = renderHtml(blocks, lang);
      for (const s of secrets) {
        expect(text.includes(s), `a ${lang} PDF contains an identifier`).toBe(false);
        expect(html.includes(s), `a ${lang} HTML contains an identifier`).toBe(false);
      }
    }
  });
});
