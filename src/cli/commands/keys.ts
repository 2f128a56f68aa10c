/**
 * `jayu keys`: the key holder's view of the store's keys, and rotation.
 *   status          fingerprint, source, organisations and their field-key versions
 *   rotate-master   new master key (key file or passphrase); data keys re-wrapped, data untouched
 *   rotate-data     new field key for an organisation; --reencrypt re-seals its stored values
 */
import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { Command } from 'commander';
import { readKeyHeader, rotateFieldKey, rotateMasterKey } from '../../protect/key-store';
import { createKeyFile, masterKeyFromPassphrase, newPassphraseKdf } from '../../protect/master-key';
import { reencryptOrganisation } from '../../protect/reencrypt';
import { keyFilePath } from '../../protect/unlock';
import { resolveStoreLocation } from '../../store';
import { CliError, ExitCode } from '../exit-codes';
import { newSecret, storeOptions, withProtected, type StoreCliOptions } from './init';

export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description("Show and rotate the store's keys (needs the master key)");

  storeOptions(
    keys.command('status').description("Key fingerprint, source and organisations' key versions"),
  ).action(async (opts: StoreCliOptions) => {
    await withProtected(opts, async (store, db) => {
      await store.operator().require('key.manage');
      const header = await readKeyHeader(db);
      process.stdout.write(
        `store ${store.keyring.system.storeId}\nmaster key ${store.keyring.master.fingerprint} (${header?.source === 'passphrase' ? 'passphrase, Argon2id' : 'key file'})\n`,
      );
      for (const org of store.keyring.organisations()) {
        process.stdout.write(
          `organisation ${org}: field key v${store.keyring.currentVersion(org)}\n`,
        );
      }
    });
  });

  storeOptions(
    keys
      .command('rotate-master')
      .description(
        'Replace the master key. Data keys are re-wrapped under the new key in one transaction; no data ' +
          'changes. Keep the retired key file: backups made before the rotation need it.',
      ),
  )
    .option(
      '--to-passphrase',
      'derive the new master key from a passphrase (JAYU_NEW_PASSPHRASE or prompt)',
      false,
    )
    .action(async (opts: StoreCliOptions & { toPassphrase: boolean }) => {
      await withProtected(opts, async (store, db) => {
        await store.operator().require('key.manage');
        const current = keyFilePath({ keyFile: opts.keyFile });
        if (opts.toPassphrase) {
          const kdf = newPassphraseKdf();
          const next = await masterKeyFromPassphrase(
            await newSecret('JAYU_NEW_PASSPHRASE', 'passphrase'),
            kdf,
          );
          await rotateMasterKey(db, store.keyring, next, { kdf });
          await store.operator().log([
            {
              action: 'key.rotate_master',
              detail: { fingerprint: next.fingerprint, source: 'passphrase' },
            },
          ]);
          process.stdout.write(
            `master key rotated to a passphrase (fingerprint ${next.fingerprint})\n`,
          );
          return;
        }
        const location = resolveStoreLocation({ data: opts.data, databaseUrl: opts.databaseUrl });
        const dataDir = location.kind === 'pglite' ? location.data : undefined;
        const staged = `${current}.next`;
        if (existsSync(staged))
          throw new CliError(
            `${staged} exists (an interrupted rotation?); move it away first`,
            ExitCode.invalidInput,
          );
        const next = await createKeyFile(staged, { dataDir });
        await rotateMasterKey(db, store.keyring, next);
        const retired = `${current}.retired-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        if (existsSync(current)) await rename(current, retired);
        await rename(staged, current);
        await store.operator().log([
          {
            action: 'key.rotate_master',
            detail: { fingerprint: next.fingerprint, source: 'key_file' },
          },
        ]);
        process.stdout.write(
          `master key rotated: ${current} now holds key ${next.fingerprint}.\n` +
            (existsSync(retired)
              ? `The old key is kept at ${retired}: backups made before now need it.\n`
              : '') +
            'Back up the new key file offline now.\n',
        );
      });
    });

  storeOptions(
    keys
      .command('rotate-data')
      .description('New field key for an organisation; old values stay readable'),
  )
    .requiredOption('--org <id>', 'organisation')
    .option(
      '--reencrypt',
      're-seal every stored value of the organisation under the new key',
      false,
    )
    .action(async (opts: StoreCliOptions & { org: string; reencrypt: boolean }) => {
      await withProtected(opts, async (store, db) => {
        const operator = store.operator();
        await operator.require('key.manage');
        const version = await rotateFieldKey(db, store.keyring, opts.org);
        await operator.log([
          { action: 'key.rotate_data', organisationId: opts.org, detail: { version } },
        ]);
        process.stdout.write(`organisation ${opts.org}: field key v${version}\n`);
        if (opts.reencrypt) {
          const counts = await reencryptOrganisation(db, store.keyring, opts.org);
          const total = Object.values(counts).reduce((a, b) => a + b, 0);
          await operator.log([
            {
              action: 'key.reencrypt',
              organisationId: opts.org,
              detail: { version, values: total },
            },
          ]);
          process.stdout.write(`re-sealed ${total} values under v${version}\n`);
        }
      });
    });
}
