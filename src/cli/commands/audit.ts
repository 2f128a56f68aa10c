/**
 * `jayu audit`: check the tamper-evident log and export proofs a third party can check.
 *   verify         whole log: names each edited, inserted, deleted, duplicated or moved entry,
 *                  truncation, and checkpoints that do not match (key holder)
 *   head           the latest signed tree head (keep copies elsewhere: they pin the log)
 *   proof          inclusion proof of an entry, or consistency proof between two tree sizes
 *   check-proof    checks an exported proof file, without the store
 *   log            lists entries (ids, actions, purposes; never values)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { verifyConsistencyExport, verifyInclusionExport } from '../../protect/audit-log';
import type { SignedTreeHead } from '../../protect/tree-head';
import { CliError, ExitCode } from '../exit-codes';
import { storeOptions, withProtected, type StoreCliOptions } from './init';

const count = (text: string): number => {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('must be a whole number');
  return Number(text);
};

async function output(text: string, out?: string): Promise<void> {
  if (out) await writeFile(out, text, { flag: 'wx' });
  else process.stdout.write(text);
}

export function register(program: Command): void {
  const audit = program
    .command('audit')
    .description('Check the tamper-evident audit log and export proofs');

  storeOptions(
    audit.command('verify').description('Verify the whole audit log (needs the master key)'),
  )
    .option(
      '--trusted <files...>',
      'tree heads saved earlier (jayu audit head) that the log must still contain',
    )
    .action(async (opts: StoreCliOptions & { trusted?: string[] }) => {
      await withProtected(opts, async (store) => {
        await store.operator().require('audit.verify');
        const trusted: SignedTreeHead[] = [];
        for (const f of opts.trusted ?? [])
          trusted.push(JSON.parse(await readFile(f, 'utf8')) as SignedTreeHead);
        const v = await store.audit.verify({ trusted });
        await store
          .operator()
          .log([{ action: 'audit.verify', detail: { entries: v.entries, ok: v.ok } }]);
        if (v.ok) {
          process.stdout.write(
            `audit log intact: ${v.entries} entries, ${v.checkpointsChecked} signed checkpoints match, root ${v.rootHash}\n`,
          );
          return;
        }
        for (const p of v.problems) process.stdout.write(`${p.kind}\t${p.message}\n`);
        if (v.moreProblems) process.stdout.write(`... and ${v.moreProblems} more\n`);
        throw new CliError(
          `the audit log has been tampered with: ${v.problems.length + v.moreProblems} problems`,
          ExitCode.failure,
        );
      });
    });

  storeOptions(audit.command('head').description('Print the latest signed tree head (JSON)'))
    .option('--out <file>', 'write to a file instead')
    .action(async (opts: StoreCliOptions & { out?: string }) => {
      await withProtected(opts, async (store) => {
        await store.operator().require('audit.read');
        const head = await store.audit.checkpoint();
        if (!head) throw new CliError('the audit log is empty', ExitCode.notFound);
        await output(`${JSON.stringify(head, null, 2)}\n`, opts.out);
      });
    });

  storeOptions(
    audit
      .command('proof')
      .description('Export an inclusion proof (--entry) or a consistency proof (--from)'),
  )
    .option('--entry <n>', 'entry number to prove included', count)
    .option(
      '--from <size>',
      'earlier tree size (a signed checkpoint) to prove consistent with',
      count,
    )
    .option('--to <size>', 'later tree size (default: the latest)', count)
    .option('--out <file>', 'write to a file instead of standard output')
    .action(
      async (
        opts: StoreCliOptions & { entry?: number; from?: number; to?: number; out?: string },
      ) => {
        if ((opts.entry === undefined) === (opts.from === undefined)) {
          throw new CliError('give either --entry N or --from SIZE', ExitCode.usage);
        }
        await withProtected(opts, async (store) => {
          await store.operator().require('audit.read');
          const proof =
            opts.entry !== undefined
              ? await store.audit.inclusionProof(opts.entry, opts.to)
              : await store.audit.consistencyProof(opts.from!, opts.to);
          await output(`${JSON.stringify(proof, null, 2)}\n`, opts.out);
        });
      },
    );

  audit
    .command('check-proof')
    .description('Check an exported proof file; needs no store and no key')
    .argument('<file>')
    .option(
      '--public-key <base64>',
      'the public key you trust (from an earlier tree head or package)',
    )
    .action(async (file: string, opts: { publicKey?: string }) => {
      let proof: { kind?: string };
      try {
        proof = JSON.parse(await readFile(file, 'utf8')) as { kind?: string };
      } catch {
        throw new CliError(`${file} is not a proof file`, ExitCode.invalidInput);
      }
      const result =
        proof.kind === 'jayu-audit-inclusion-proof/v1'
          ? verifyInclusionExport(
              proof as Parameters<typeof verifyInclusionExport>[0],
              opts.publicKey,
            )
          : proof.kind === 'jayu-audit-consistency-proof/v1'
            ? verifyConsistencyExport(
                proof as Parameters<typeof verifyConsistencyExport>[0],
                opts.publicKey,
              )
            : { ok: false, reason: 'not a Jayu audit proof' };
      if (!result.ok) throw new CliError(`proof does not hold: ${result.reason}`, ExitCode.failure);
      process.stdout.write('proof holds\n');
    });

  storeOptions(audit.command('log').description('List audit entries (no values are ever in them)'))
    .option('--record <ref>', 'only entries about this record (e.g. case:C-12)')
    .option('--from <n>', 'first entry number', count, 0)
    .option('--limit <n>', 'at most this many', count, 100)
    .action(async (opts: StoreCliOptions & { record?: string; from: number; limit: number }) => {
      await withProtected(opts, async (store) => {
        await store.operator().require('audit.read');
        for (const e of await store.audit.entries({
          record: opts.record,
          fromSeq: opts.from,
          limit: opts.limit,
        })) {
          process.stdout.write(
            `${e.seq}\t${e.at}\t${e.actor}\t${e.action}\t${e.organisationId ?? '-'}\t${e.record ?? '-'}\t${e.purpose ?? '-'}\t${e.fields.join(',')}\n`,
          );
        }
      });
    });
}
