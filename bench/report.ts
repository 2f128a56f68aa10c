/**
 * Benchmark of the reporting layer on synthetic populations: disclosure control (suppression of
 * every published table, then the full LP attack on the release), the whole report data (with
 * estimation), and PDF rendering per language.
 *
 *   npx tsx bench/report.ts --people 20000 --runs 3 [--period 2005-2024]
 *
 * The population is generated once per size (not timed); each step is timed over `runs` runs and
 * the median printed as one Markdown table row for bench/RESULTS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { synthesise } from '../src/synth';
import { loadSynthDirectory } from '../src/report/sources/synth-dir';
import { buildTables, linkPersons } from '../src/report/statistics';
import { suppressTables } from '../src/report/disclosure/suppress';
import { attackPublication } from '../src/report/disclosure/audit';
import { buildReportData } from '../src/report/report-data';
import { composeReport } from '../src/report/compose';
import { renderPdf } from '../src/report/render-pdf';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const people = Number(arg('people', '20000'));
const runs = Number(arg('runs', '3'));
const [from, to] = arg('period', '2005-2024').split('-').map(Number);
const period = { from, to };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => unknown | Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const dir = mkdtempSync(path.join(tmpdir(), 'jayu-bench-report-'));
try {
  synthesise({ people, sources: 4, seed: 1, out: dir, hidden: false });
  const input = await loadSynthDirectory(dir, { purpose: 'un_reporting', linkage: 'truth' });
  const persons = linkPersons(input.records);
  const { tables } = buildTables(persons, period);
  let protectedTables = suppressTables(tables);
  const suppress = await time(() => (protectedTables = suppressTables(tables)));
  const attack = await time(() => attackPublication(protectedTables.tables));
  const cells = protectedTables.status.size;
  const hidden = [...protectedTables.status.values()].filter((s) => s !== 'published').length;
  const data = buildReportData(input, { period, generatedOn: '2025-01-01' });
  const reportData = await time(() =>
    buildReportData(input, { period, generatedOn: '2025-01-01' }),
  );
  const pdf: Record<string, number[]> = {};
  for (const lang of ['ko', 'en', 'zh'] as const) {
    const blocks = composeReport(data, lang);
    pdf[lang] = await time(() => renderPdf(blocks, lang, path.join(dir, `r-${lang}.pdf`)));
  }
  const s = (ms: number[]) => `${(median(ms) / 1000).toFixed(2)} s`;
  const machine = `${cpus().length} x ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  console.log(
    `| ${new Date().toISOString().slice(0, 10)} | ${machine} | \`npx tsx bench/report.ts --people ${people} --runs ${runs} --period ${from}-${to}\` | ` +
      `${people.toLocaleString('en-US')} | ${input.records.length.toLocaleString('en-US')} | ${cells} / ${hidden} | ${protectedTables.work.audits} / ${protectedTables.work.pivots} | ` +
      `${s(suppress)} | ${s(attack)} | ${s(reportData)} | ${s(pdf.ko)} / ${s(pdf.en)} / ${s(pdf.zh)} |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
