/**
 * Speed and memory of `jayu link` on synthetic populations of growing size (one child process
 * each, the CLI path from CSV files to clusters.csv): wall time, CPU time (user + system, all
 * threads), peak memory (max RSS), pairs compared, and F1 against the truth (evaluated from
 * clusters.csv after the timed run, not by `jayu link --truth`).
 *
 *   npx tsx bench/linkage-speed.ts [--people 150000,300000,1500000] [--runs 1]
 *
 * 150,000 / 300,000 / 1,500,000 people give about 100,000 / 200,000 / 1,000,000 records with the
 * default four organisations. Populations are generated once (jayu synth) into a temp folder.
 */
import path from 'node:path';
import os from 'node:os';
import {
  arg,
  evaluateFiles,
  machine,
  median,
  pct,
  runLink,
  synthPopulation,
  type LinkMeasure,
} from './linkage-common';

function main(): void {
  const peoples = arg('people', '150000,300000,1500000').split(',').map(Number);
  const runs = Number(arg('runs', '1'));
  const date = new Date().toISOString().slice(0, 10);
  process.stdout.write(
    `date ${date}; machine ${machine()}; load average at start ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}\n\n`,
  );
  process.stdout.write(
    '| people | records | pairs compared | pairs / record | wall | CPU | records / CPU s | max RSS | F1 | B-cubed F1 |\n' +
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n',
  );
  for (const people of peoples) {
    const { inputs, truth } = synthPopulation(people, 'default');
    const measures: LinkMeasure[] = [];
    for (let r = 0; r < runs; r++) {
      const out = path.join(os.tmpdir(), `jayu-bench-linkage-speed-${people}.csv`);
      // Timed without --truth: the evaluation is done afterwards, outside the timed process.
      const m = runLink([...inputs.flatMap((f) => ['--input', f]), '--output', out]);
      m.summary.evaluation = evaluateFiles(out, truth);
      process.stderr.write(
        `${people}: ${m.wallSeconds.toFixed(1)} s wall, ${m.cpuSeconds.toFixed(1)} s CPU, ${m.maxRssMb.toFixed(0)} MB\n`,
      );
      measures.push(m);
    }
    const s = measures[0].summary;
    const cpu = median(measures.map((m) => m.cpuSeconds));
    process.stdout.write(
      `| ${people.toLocaleString('en')} | ${s.records.toLocaleString('en')} | ${s.candidatePairs.toLocaleString('en')} ` +
        `| ${(s.candidatePairs / s.records).toFixed(1)} | ${median(measures.map((m) => m.wallSeconds)).toFixed(1)} s ` +
        `| ${cpu.toFixed(1)} s | ${Math.round(s.records / cpu).toLocaleString('en')} ` +
        `| ${median(measures.map((m) => m.maxRssMb)).toFixed(0)} MB | ${pct(s.evaluation?.pairwise.f1)}% | ${pct(s.evaluation?.bcubed.f1)}% |\n`,
    );
  }
  process.stdout.write(
    `\nCommand: \`npx tsx bench/linkage-speed.ts --people ${peoples.join(',')} --runs ${runs}\`.\n`,
  );
}

main();
