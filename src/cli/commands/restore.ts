/**
 * `jayu restore FILE`: restores a backup into an empty store (a new data directory or an empty
 * PostgreSQL database). The whole file is authenticated before anything is written; a wrong key
 * or a damaged file changes nothing.
 */
import type { Command } from 'commander';
import { readBackupHeader, restoreBackup, type BackupKey } from '../../protect/backup';
import { unlockKeyring } from '../../protect/key-store';
import { readKeyFile } from '../../protect/master-key';
import { openProtected } from '../../protect/protected-store';
import { auditWitnessPath, keyFilePath, resolveMasterKey } from '../../protect/unlock';
import { openStore, resolveStoreLocation, type Db } from '../../store';
import { asCliError, storeOptions, terminalPrompt, type StoreCliOptions } from './init';

export function register(program: Command): void {
  storeOptions(
    program
      .command('restore')
      .description('Restore a backup into an empty store; needs the key the backup was made with'),
  )
    .argument('<file>', 'backup file')
    .action(async (file: string, opts: StoreCliOptions) => {
      const location = resolveStoreLocation({ data: opts.data, databaseUrl: opts.databaseUrl });
      const dataDir = location.kind === 'pglite' ? location.data : undefined;
      let db: Db | undefined;
      try {
        const header = await readBackupHeader(file);
        const key: BackupKey =
          header.keySource === 'passphrase'
            ? {
                passphrase:
                  process.env.JAYU_BACKUP_PASSPHRASE ||
                  (await terminalPrompt('Backup passphrase: ', { secret: true })),
              }
            : { master: await readKeyFile(keyFilePath({ keyFile: opts.keyFile }), { dataDir }) };
        db = await openStore({ data: opts.data, databaseUrl: opts.databaseUrl, migrate: false });
        const counts = await restoreBackup(db, file, key);
        // The restored store opens with its own master key: record the restore in its audit log.
        const master = await resolveMasterKey(db, {
          keyFile: opts.keyFile,
          dataDir,
          prompt: terminalPrompt,
        });
        const keyring = await unlockKeyring(db, master);
        const store = openProtected({
          db,
          keyring,
          audit: { witnessFile: auditWitnessPath(keyring.system.storeId) },
        });
        await store
          .operator()
          .log([{ action: 'backup.restore', detail: { backup: header.backupId } }]);
        await store.audit.checkpoint();
        const rows = Object.values(counts).reduce((a, b) => a + b, 0);
        process.stdout.write(`restored ${Object.keys(counts).length} tables, ${rows} rows\n`);
      } catch (err) {
        throw asCliError(err);
      } finally {
        await db?.close();
      }
    });
}
