/**
 * Accuracy of `jayu link` on the shared linkage datasets and on synthetic Korean populations:
 * pairwise precision, recall and F1, B-cubed F1 and exact clusters, through the CLI path (one
 * child process per dataset, with the --map each dataset needs and a truth file built from the
 * dataset's own labels).
 *
 *   npx tsx bench/linkage-accuracy.ts [--people 20000] [--threshold P] [--only febrl3,synth-default]
 *
 * Prints Markdown rows for bench/RESULTS.md ("## Record linkage"). Datasets are read from
 * $JAYU_DATASETS (default ../shared/datasets); truth files and populations go to a temp folder.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { datasetPath } from '../test/datasets';
import { arg, machine, pct, runLink, synthPopulation, type LinkMeasure } from './linkage-common';

const FEBRL_MAP =
  'rec_id=record_id,given_name=given_name,surname=family_name,date_of_birth=birth_date,' +
  'soc_sec_id=id_number,address_1=address,suburb=place_in_china';
const FAKE_MAP =
  'unique_id=record_id,first_name=given_name,surname=family_name,dob=birth_date,city=place_in_china,email=id_number';
const RESTAURANT_MAP = 'name=family_name,address=address,city=place_in_china';

const work = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-linkage-truth-'));

/** Data rows of a CSV as trimmed fields (the shared files hold no quoted commas in these columns). */
function rows(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split(',').map((f) => f.trim()));
}

function writeTruth(name: string, lines: Array<[string, string, string]>): string {
  const file = path.join(work, `${name}-truth.csv`);
  writeFileSync(file, `source,record_id,entity_id\n${lines.map((l) => l.join(',')).join('\n')}\n`);
  return file;
}

/** FEBRL: rec-N-org and rec-N-dup-k are entity N (in 4a and 4b alike). */
function febrlTruth(files: string[]): string {
  const lines: Array<[string, string, string]> = [];
  for (const f of files) {
    const source = path.basename(f, '.csv');
    for (const r of rows(f)) lines.push([source, r[0], /^rec-(\d+)/.exec(r[0])?.[1] ?? r[0]]);
  }
  return writeTruth(path.basename(files[0], '.csv'), lines);
}

interface Case {
  id: string;
  label: string;
  args: () => string[];
}

const d = (f: string) => datasetPath(`linkage/${f}`);

const CASES: Case[] = [
  ...['1', '2', '3'].map((n): Case => ({
    id: `febrl${n}`,
    label: `FEBRL ${n}`,
    args: () => [
      '--input',
      d(`febrl_dataset${n}.csv`),
      '--map',
      FEBRL_MAP,
      '--truth',
      febrlTruth([d(`febrl_dataset${n}.csv`)]),
    ],
  })),
  {
    id: 'febrl4',
    label: 'FEBRL 4a + 4b (link only)',
    args: () => {
      const files = [d('febrl_dataset4a.csv'), d('febrl_dataset4b.csv')];
      return [
        ...files.flatMap((f) => ['--input', f]),
        '--map',
        FEBRL_MAP,
        '--link-only',
        '--truth',
        febrlTruth(files),
      ];
    },
  },
  {
    id: 'restaurant',
    label: 'Restaurants 1 + 2 (link only)',
    args: () => {
      const files = [d('dedupe_restaurant-1.csv'), d('dedupe_restaurant-2.csv')];
      // No record id in these files: the row number is the id (--row-ids); unique_id is the truth.
      const lines: Array<[string, string, string]> = [];
      for (const f of files) {
        rows(f).forEach((r, i) =>
          lines.push([path.basename(f, '.csv'), String(i + 1), r[r.length - 1].replace(/'/g, '')]),
        );
      }
      return [
        ...files.flatMap((f) => ['--input', f]),
        '--map',
        RESTAURANT_MAP,
        '--row-ids',
        '--link-only',
        '--truth',
        writeTruth('restaurant', lines),
      ];
    },
  },
  {
    id: 'fake1000',
    label: 'Splink fake_1000',
    args: () => {
      const f = d('splink_fake_1000.csv');
      const lines = rows(f).map((r): [string, string, string] => ['splink_fake_1000', r[0], r[6]]);
      return ['--input', f, '--map', FAKE_MAP, '--truth', writeTruth('fake1000', lines)];
    },
  },
  ...(['default', 'heavy'] as const).map((noise): Case => ({
    id: `synth-${noise}`,
    label: `synthetic, ${noise} noise`,
    args: () => {
      const { inputs, truth } = synthPopulation(Number(arg('people', '20000')), noise);
      return [...inputs.flatMap((f) => ['--input', f]), '--truth', truth];
    },
  })),
];

function main(): void {
  const only = arg('only', '').split(',').filter(Boolean);
  const threshold = arg('threshold', '');
  const people = arg('people', '20000');
  const date = new Date().toISOString().slice(0, 10);
  process.stdout.write(
    `date ${date}; machine ${machine()}; synthetic populations: jayu synth --people ${people} --sources 4 --seed 1\n\n`,
  );
  process.stdout.write(
    '| dataset | records | pairs compared | clusters (true) | precision | recall | F1 | B-cubed F1 | exact clusters | wall | CPU | max RSS |\n' +
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n',
  );
  for (const c of CASES) {
    if (only.length > 0 && !only.includes(c.id)) continue;
    const out = path.join(work, `${c.id}-clusters.csv`);
    const m: LinkMeasure = runLink([
      ...c.args(),
      '--output',
      out,
      ...(threshold ? ['--threshold', threshold] : []),
    ]);
    const e = m.summary.evaluation;
    process.stdout.write(
      `| ${c.label} | ${m.summary.records.toLocaleString('en')} | ${m.summary.candidatePairs.toLocaleString('en')} ` +
        `| ${m.summary.clusters.toLocaleString('en')} (${e?.entities.toLocaleString('en')}) | ${pct(e?.pairwise.precision)}% ` +
        `| ${pct(e?.pairwise.recall)}% | **${pct(e?.pairwise.f1)}%** | ${pct(e?.bcubed.f1)}% | ${pct(e?.exactClusterShare)}% ` +
        `| ${m.wallSeconds.toFixed(1)} s | ${m.cpuSeconds.toFixed(1)} s | ${m.maxRssMb.toFixed(0)} MB |\n`,
    );
  }
  process.stdout.write(
    `\nCommand: \`npx tsx bench/linkage-accuracy.ts --people ${people}${threshold ? ` --threshold ${threshold}` : ''}\` (threshold ${threshold || 'default'}).\n`,
  );
}

main();
