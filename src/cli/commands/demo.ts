/**
 * `jayu demo` (what `npm start` runs): a store in --data (default ./data) with a synthetic
 * population loaded, and its statistics printed next to the synthetic truth they should match.
 * The data is invented (src/synth); its master key is written beside the data directory
 * (<data>.demo.key) so that later commands can open the store with --key-file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { caseTextInput, importCases, importPersonLists, readCsvFile } from '../../ingest';
import {
  addOrganisation,
  initialiseKeys,
  readKeyHeader,
  unlockKeyring,
} from '../../protect/key-store';
import { createKeyFile, readKeyFile } from '../../protect/master-key';
import { keyFilePath } from '../../protect/unlock';
import { resolveStoreLocation, type Db } from '../../store';
import { storeStats, type StoreStats } from '../../store/stats';
import { ORGANISATIONS } from '../../synth/organisations';
import { synthesise, type PopulationJson } from '../../synth';
import { existsSync } from 'node:fs';
import { formatStats } from './stats';
import { storeOptions, withStore, type StoreCliOptions } from './init';

interface DemoOptions extends StoreCliOptions {
  people: number;
  sources: number;
  seed: number;
}

const COMPARED = [
  'records',
  'recordsBySource',
  'byViolation',
  'byEventType',
  'byHomeProvince',
  'byCrossingYear',
  'repatriated',
  'byInterviewYear',
] as const;

/** Keys of the store's stats and the truth's documented counts that agree, and those that do not. */
export function compareWithTruth(
  stats: StoreStats,
  truth: PopulationJson,
): { key: string; agrees: boolean }[] {
  return COMPARED.map((key) => ({
    key,
    agrees: JSON.stringify(stats[key]) === JSON.stringify(truth.documented[key]),
  }));
}

/** Where the demo keeps its master key: beside an embedded store's directory, else the default. */
export function demoKeyFile(opts: StoreCliOptions): string {
  if (opts.keyFile) return path.resolve(opts.keyFile);
  const location = resolveStoreLocation({ data: opts.data, databaseUrl: opts.databaseUrl });
  return location.kind === 'pglite' ? `${path.resolve(location.data)}.demo.key` : keyFilePath({});
}

/** Generates the population and loads it, one organisation at a time with its own keys. */
export async function loadDemo(
  db: Db,
  opts: { people: number; sources: number; seed: number; keyFile: string; dataDir?: string },
  log: (line: string) => void,
): Promise<PopulationJson> {
  const master = existsSync(opts.keyFile)
    ? await readKeyFile(opts.keyFile, { dataDir: opts.dataDir })
    : await createKeyFile(opts.keyFile, { dataDir: opts.dataDir });
  const keyring = await initialiseKeys(db, master);
  const dir = mkdtempSync(path.join(tmpdir(), 'jayu-demo-'));
  try {
    log(
      `generating ${opts.people} people documented by ${opts.sources} organisations (seed ${opts.seed})...`,
    );
    const { summary } = synthesise({
      people: opts.people,
      sources: opts.sources,
      seed: opts.seed,
      out: dir,
      hidden: false,
    });
    const byOrganisation = new Map<string, string[]>();
    for (const line of readFileSync(path.join(dir, 'cases.jsonl'), 'utf8').split('\n')) {
      if (!line) continue;
      const org = (JSON.parse(line) as { organisation: string }).organisation;
      const list = byOrganisation.get(org) ?? [];
      list.push(line);
      byOrganisation.set(org, list);
    }
    for (const source of summary.sources) {
      const profile = ORGANISATIONS.find((o) => o.id === source);
      await addOrganisation(db, keyring, { id: source, name: profile?.description ?? source });
      const sealer = keyring.sealerFor(source);
      const lists = await importPersonLists(db, sealer, [
        readCsvFile(path.join(dir, `${source}.csv`)),
      ]);
      const cases = await importCases(db, sealer, [
        caseTextInput(`${source} cases`, (byOrganisation.get(source) ?? []).join('\n'), true),
      ]);
      log(`  ${source}: ${lists.inserted} person-list rows, ${cases.inserted} cases`);
    }
    return summary;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function wholeNumber(name: string, min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

export function register(program: Command): void {
  storeOptions(
    program
      .command('demo')
      .description(
        'Create a demo store in --data (default ./data), load a synthetic population into it and print ' +
          'its statistics beside the synthetic truth. Run again, it prints the statistics of the store.',
      ),
  )
    .option(
      '--people <n>',
      'size of the synthetic population',
      wholeNumber('--people', 1, 1_000_000),
      5000,
    )
    .option(
      '--sources <k>',
      'number of organisations',
      wholeNumber('--sources', 1, ORGANISATIONS.length),
      4,
    )
    .option('--seed <n>', 'seed of the population', wholeNumber('--seed', 0, 2 ** 31), 1)
    .action(async (opts: DemoOptions) => {
      const keyFile = demoKeyFile(opts);
      const location = resolveStoreLocation({ data: opts.data, databaseUrl: opts.databaseUrl });
      const dataDir = location.kind === 'pglite' ? path.resolve(location.data) : undefined;
      const out = (s: string) => process.stdout.write(`${s}\n`);
      await withStore(opts, async (db) => {
        if (await readKeyHeader(db)) {
          // Already set up: open it with its key (proving we hold it) and show what it holds.
          await unlockKeyring(db, await readKeyFile(keyFile, { dataDir }));
          out(`store ${dataDir ?? 'at DATABASE_URL'} is already set up; its statistics:\n`);
          out(formatStats(await storeStats(db)));
          return;
        }
        out(
          `creating a demo store ${dataDir ? `in ${dataDir}` : 'at DATABASE_URL'} (master key file ${keyFile})`,
        );
        const truth = await loadDemo(db, { ...opts, keyFile, dataDir }, out);
        const stats = await storeStats(db);
        out('');
        out(formatStats(stats));
        out(
          `synthetic population: ${truth.population.size} people, ${truth.documented.people} documented`,
        );
        for (const { key, agrees } of compareWithTruth(stats, truth)) {
          out(
            `  ${key.padEnd(16)} ${agrees ? 'agrees with the synthetic truth' : 'DIFFERS from the synthetic truth'}`,
          );
        }
        out(
          `\nNext: jayu stats --data ${opts.data ?? './data'} --key-file ${keyFile} (after jayu users: see README)`,
        );
      });
    });
}
