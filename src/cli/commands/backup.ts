/**
 * `jayu backup --out FILE`: an encrypted, authenticated logical backup of the whole store, made
 * by the key holder. The key is derived from the master key, or from a separate backup
 * passphrase (--passphrase: JAYU_BACKUP_PASSPHRASE or prompt). Restoring it still needs the
 * master key to read anything.
 */
import type { Command } from 'commander';
import { writeBackup } from '../../protect/backup';
import { newSecret, storeOptions, withProtected, type StoreCliOptions } from './init';

export function register(program: Command): void {
  storeOptions(
    program
      .command('backup')
      .description('Write an encrypted backup of the whole store (key holder)'),
  )
    .requiredOption('--out <file>', 'backup file (never overwritten)')
    .option(
      '--passphrase',
      'encrypt with a separate backup passphrase instead of the master key',
      false,
    )
    .action(async (opts: StoreCliOptions & { out: string; passphrase: boolean }) => {
      await withProtected(opts, async (store, db) => {
        const operator = store.operator();
        await operator.require('backup.create');
        await operator.log([
          { action: 'backup.create', detail: { key: opts.passphrase ? 'passphrase' : 'master' } },
        ]);
        await store.audit.checkpoint();
        const key = opts.passphrase
          ? { passphrase: await newSecret('JAYU_BACKUP_PASSPHRASE', 'backup passphrase') }
          : { master: store.keyring.master };
        const counts = await writeBackup(db, opts.out, key, {
          storeId: store.keyring.system.storeId,
        });
        const rows = Object.values(counts).reduce((a, b) => a + b, 0);
        process.stdout.write(
          `backup written: ${opts.out} (${Object.keys(counts).length} tables, ${rows} rows)\n`,
        );
      });
    });
}
