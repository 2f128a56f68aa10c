/**
 * `jayu evidence`: evidence files and their chain of custody.
 *   add       store a file for a case (documenter): encrypted, addressed by its SHA-256
 *   get       write a working copy of an item (custody: copied)
 *   export    write an evidence package for a case (legal officer)
 *   verify    check a package with nothing but the package (no store, no key)
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  addEvidence,
  exportEvidencePackage,
  readEvidence,
  verifyEvidencePackage,
} from '../../protect/evidence';
import { assertPurpose } from '../../protect/consent';
import type { ConsentPurpose } from '../../model/types';
import { CliError, ExitCode } from '../exit-codes';
import { storeOptions, withUser, type StoreCliOptions } from './init';

function purpose(text: string): ConsentPurpose {
  try {
    assertPurpose(text);
    return text;
  } catch (err) {
    throw new CliError((err as Error).message, ExitCode.usage);
  }
}

const MEDIA_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.txt': 'text/plain',
};

export function register(program: Command): void {
  const evidence = program
    .command('evidence')
    .description('Evidence files and their chain of custody');

  storeOptions(
    evidence.command('add').description('Store a file as evidence for a case (documenter)'),
    { login: true },
  )
    .argument('<file>')
    .requiredOption('--case <id>', 'case id')
    .requiredOption('--item <id>', 'evidence item id within the case')
    .option('--media-type <type>', 'media type (default: from the file extension)')
    .option('--received <date>', 'date the organisation received it (YYYY-MM-DD)')
    .action(
      async (
        file: string,
        opts: StoreCliOptions & {
          case: string;
          item: string;
          mediaType?: string;
          received?: string;
        },
      ) => {
        const mediaType = opts.mediaType ?? MEDIA_TYPES[path.extname(file).toLowerCase()];
        if (!mediaType)
          throw new CliError(
            'give --media-type: the file extension is not one Jayu knows',
            ExitCode.usage,
          );
        let content: Buffer;
        try {
          content = await readFile(file);
        } catch {
          throw new CliError(`cannot read ${file}`, ExitCode.invalidInput);
        }
        await withUser(opts, async (session) => {
          const { sha256, bytes } = await addEvidence(session, {
            caseId: opts.case,
            itemId: opts.item,
            content,
            mediaType,
            receivedOn: opts.received,
          });
          process.stdout.write(`stored ${bytes} bytes as ${sha256}\n`);
        });
      },
    );

  storeOptions(
    evidence
      .command('get')
      .description('Write a working copy of an evidence item (custody: copied)'),
    { login: true },
  )
    .requiredOption('--case <id>', 'case id')
    .requiredOption('--item <id>', 'evidence item id')
    .requiredOption('--out <file>', 'where to write the copy (never overwritten)')
    .option(
      '--purpose <purpose>',
      'purpose of the copy (consent is checked)',
      purpose,
      'legal_proceedings',
    )
    .action(
      async (
        opts: StoreCliOptions & {
          case: string;
          item: string;
          out: string;
          purpose: ConsentPurpose;
        },
      ) => {
        await withUser(opts, async (session) => {
          const { content, sha256 } = await readEvidence(session, {
            caseId: opts.case,
            itemId: opts.item,
            purpose: opts.purpose,
            copy: true,
          });
          await writeFile(opts.out, content, { flag: 'wx', mode: 0o600 });
          process.stdout.write(`wrote ${content.length} bytes (${sha256})\n`);
        });
      },
    );

  storeOptions(
    evidence.command('export').description('Write an evidence package for a case (legal officer)'),
    { login: true },
  )
    .requiredOption('--case <id>', 'case id')
    .requiredOption('--out <dir>', 'package folder (created; must not hold a package already)')
    .option(
      '--purpose <purpose>',
      'purpose of the export (consent is checked)',
      purpose,
      'legal_proceedings',
    )
    .action(
      async (opts: StoreCliOptions & { case: string; out: string; purpose: ConsentPurpose }) => {
        await withUser(opts, async (session) => {
          const manifest = await exportEvidencePackage(session, {
            caseId: opts.case,
            outDir: opts.out,
            purpose: opts.purpose,
          });
          process.stdout.write(
            `package ${manifest.packageId}: ${manifest.items.length} files, ${manifest.custody.length} custody entries, ` +
              `audit tree ${manifest.treeHead.treeSize}\nThe files are in the clear: hand the package over as you would the originals.\n`,
          );
        });
      },
    );

  evidence
    .command('verify')
    .description(
      'Check an evidence package: files against hashes, custody against the signed audit log',
    )
    .argument('<package>', 'package folder')
    .option(
      '--public-key <base64>',
      'the audit public key you trust (default: the one in the package)',
    )
    .action(async (dir: string, opts: { publicKey?: string }) => {
      const v = await verifyEvidencePackage(dir, opts.publicKey);
      if (!v.ok) {
        for (const p of v.problems) process.stdout.write(`problem\t${p}\n`);
        throw new CliError(
          `the package does not verify: ${v.problems.length} problems`,
          ExitCode.failure,
        );
      }
      process.stdout.write(
        `package verified: ${v.items} files, ${v.custodyEntries} custody entries proven in the signed audit log\n`,
      );
    });
}
