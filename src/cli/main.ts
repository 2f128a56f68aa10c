import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './exit-codes';
import { commands } from './commands';

/** Builds the `jayu` program; exported so tests can run commands in-process. */
export function buildProgram(): Command {
  const program = new Command('jayu')
    .description('Jayu (자유): record, protect, link, estimate and report trafficking testimonies')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return 0;
      return ExitCode.usage;
    }
    if (err instanceof CliError) {
      process.stderr.write(`jayu: ${err.message}\n`);
      return err.exitCode;
    }
    // Unexpected errors: print the message only, never the data that caused it.
    process.stderr.write(`jayu: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.JAYU_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return ExitCode.failure;
  }
}

const isMain = process.argv[1] && /(?:main\.ts|jayu(?:\.js)?)$/.test(process.argv[1]);
if (isMain) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
