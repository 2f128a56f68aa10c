import { InvalidArgumentError, Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { CliError, ExitCode } from '../exit-codes';
import { MAX_SOURCES, ORGANISATIONS } from '../../synth/organisations';
import { DEFAULT_YEARS, synthesise, SynthOptionError } from '../../synth/synthesise';

function wholeNumber(name: string, min: number, max: number) {
  return (text: string): number => {
    if (!/^\d+$/.test(text.trim()))
      throw new InvalidArgumentError(`${name} must be a whole number`);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be from ${min} to ${max}`);
    }
    return n;
  };
}

function yearRange(text: string): { from: number; to: number } {
  const m = /^\s*(\d{4})\s*-\s*(\d{4})\s*$/.exec(text);
  if (!m) throw new InvalidArgumentError('--years must look like 2000-2024');
  return { from: Number(m[1]), to: Number(m[2]) };
}

function noiseLevel(text: string): 'default' | 'heavy' {
  if (text !== 'default' && text !== 'heavy') {
    throw new InvalidArgumentError('--noise must be default or heavy');
  }
  return text;
}

function scale(text: string): number {
  const n = Number(text.trim());
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || !Number.isFinite(n) || n > 4) {
    throw new InvalidArgumentError('--heterogeneity must be a number from 0 to 4');
  }
  return n;
}

interface SynthCommandOptions {
  people: number;
  sources: number;
  seed: number;
  out: string;
  noise: 'default' | 'heavy';
  heterogeneity?: number;
  years: { from: number; to: number };
  hidden: boolean;
  progress: boolean;
}

export function register(program: Command): void {
  program
    .command('synth')
    .description(
      'Generate a synthetic population of trafficked North Korean women and girls with ground ' +
        'truth: one person-list CSV per organisation, cases.jsonl, truth.csv, population.json ' +
        '(and population.jsonl). Same seed, same bytes.',
    )
    .requiredOption(
      '--people <n>',
      'size of the hidden population',
      wholeNumber('--people', 1, 50_000_000),
    )
    .option(
      '--sources <k>',
      `number of documenting organisations (1-${MAX_SOURCES}: ${ORGANISATIONS.map((o) => o.id).join(', ')})`,
      wholeNumber('--sources', 1, MAX_SOURCES),
      4,
    )
    .option(
      '--seed <s>',
      'random seed (whole number)',
      wholeNumber('--seed', 0, Number.MAX_SAFE_INTEGER),
      1,
    )
    .requiredOption('--out <dir>', 'output folder (created; files in it are overwritten)')
    .option(
      '--noise <level>',
      'how badly organisations write things: default or heavy',
      noiseLevel,
      'default',
    )
    .option(
      '--heterogeneity <scale>',
      "scale of capture heterogeneity: each organisation's weight on a woman's latent " +
        'visibility times this (0-4; default 1; 0 = none, 2 = twice the spread)',
      scale,
    )
    .addOption(
      new Option('--years <from-to>', 'crossing years, both included')
        .argParser(yearRange)
        .default({ ...DEFAULT_YEARS }, `${DEFAULT_YEARS.from}-${DEFAULT_YEARS.to}`),
    )
    .option(
      '--no-hidden',
      'do not write population.jsonl (the hidden population, one person a line)',
    )
    .option('--no-progress', 'no progress bar')
    .action((options: SynthCommandOptions) => {
      const bar =
        options.progress && process.stderr.isTTY
          ? new cliProgress.SingleBar(
              {
                format: 'synth [{bar}] {percentage}% {value}/{total} people',
                stream: process.stderr,
              },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
      bar?.start(options.people, 0);
      try {
        const { summary } = synthesise({
          people: options.people,
          sources: options.sources,
          seed: options.seed,
          out: options.out,
          noise: options.noise,
          heterogeneity: options.heterogeneity,
          years: options.years,
          hidden: options.hidden,
          onProgress: (done) => bar?.update(done),
        });
        bar?.stop();
        const { documented } = summary;
        process.stdout.write(
          `synth: ${summary.population.size} people, ${documented.people} documented in ` +
            `${documented.records} records from ${summary.sources.length} sources -> ${options.out}\n`,
        );
      } catch (err) {
        bar?.stop();
        if (err instanceof SynthOptionError) throw new CliError(err.message, ExitCode.usage);
        throw err;
      }
    });
}
