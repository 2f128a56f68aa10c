import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { ProtectionError } from './errors';
import {
  addOrganisation,
  initialiseKeys,
  readKeyHeader,
  rotateFieldKey,
  rotateMasterKey,
  unlockKeyring,
} from './key-store';
import { MasterKey, masterKeyFromPassphrase, newPassphraseKdf } from './master-key';

const snapshot = async (db: Db) =>
  JSON.stringify(
    (
      await db.query(
        `SELECT (SELECT json_agg(m) FROM protect_master m) AS m,
                (SELECT json_agg(k ORDER BY organisation_id, purpose, version) FROM protect_data_keys k) AS k`,
      )
    ).rows,
  );

describe.each(storeBackends())('key store on $name', (backend) => {
  let db: Db;
  afterAll(async () => db?.close());
  beforeAll(async () => {
    db = await backend.open();
  });

  it('initialises, unlocks, rotates, and refuses a wrong key without changing anything', async () => {
    const master = MasterKey.generate();
    const keyring = await initialiseKeys(db, master);
    await addOrganisation(db, keyring, { id: 'org-a', name: 'A' });
    await addOrganisation(db, keyring, { id: 'org-b', name: 'B' });
    const sealedA = keyring
      .sealerFor('org-a')
      .seal('persons', 'p1', 'vault', '{"familyName":"김"}');
    const indexA = keyring.sealerFor('org-a').blindIndex('name_key', 'kim');
    await expect(initialiseKeys(db, MasterKey.generate())).rejects.toThrow(/already has keys/);

    const before = await snapshot(db);
    const wrong = MasterKey.generate();
    const err = await unlockKeyring(db, wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtectionError);
    expect((err as ProtectionError).kind).toBe('key');
    expect((err as Error).message).toMatch(/wrong master key.*Nothing was changed/);
    await expect(
      rotateMasterKey(
        db,
        await unlockKeyring(db, master).then((k) => k.rekeyed(wrong)),
        MasterKey.generate(),
      ),
    ).rejects.toThrow(/wrong master key/);
    expect(await snapshot(db)).toBe(before);

    const unlocked = await unlockKeyring(db, master);
    expect(unlocked.organisations()).toEqual(['org-a', 'org-b']);
    expect(unlocked.sealerFor('org-a').open('persons', 'p1', 'vault', sealedA)).toBe(
      '{"familyName":"김"}',
    );
    expect(unlocked.system.storeId).toBe(keyring.system.storeId);

    // Field key rotation: new seals use v2, old ones still open, blind indexes unchanged.
    expect(await rotateFieldKey(db, unlocked, 'org-a')).toBe(2);
    const reopened = await unlockKeyring(db, master);
    expect(reopened.currentVersion('org-a')).toBe(2);
    expect(reopened.sealerFor('org-a').open('persons', 'p1', 'vault', sealedA)).toBe(
      '{"familyName":"김"}',
    );
    expect(reopened.sealerFor('org-a').blindIndex('name_key', 'kim')).toBe(indexA);

    // Master key rotation to a passphrase: the old key stops working, the data does not change.
    const kdf = newPassphraseKdf({ memoryCost: 1024, timeCost: 1 });
    const next = await masterKeyFromPassphrase('a long enough passphrase', kdf);
    await rotateMasterKey(db, reopened, next, { kdf });
    await expect(unlockKeyring(db, master)).rejects.toThrow(/wrong master key/);
    const header = await readKeyHeader(db);
    expect(header?.source).toBe('passphrase');
    const again = await masterKeyFromPassphrase('a long enough passphrase', header!.kdf!);
    const afterRotation = await unlockKeyring(db, again);
    expect(afterRotation.sealerFor('org-a').open('persons', 'p1', 'vault', sealedA)).toBe(
      '{"familyName":"김"}',
    );
    expect(afterRotation.system.storeId).toBe(keyring.system.storeId);
  });

  it('refuses a store whose wrapped key was altered, naming the key and not the data', async () => {
    const other = await backend.open();
    try {
      const master = MasterKey.generate();
      const keyring = await initialiseKeys(other, master);
      await addOrganisation(other, keyring, { id: 'org-x', name: 'X' });
      await other.query(
        `UPDATE protect_data_keys SET wrapped = set_byte(wrapped, 20, (get_byte(wrapped, 20) + 1) % 256)
          WHERE organisation_id = 'org-x' AND purpose = 'field'`,
      );
      await expect(unlockKeyring(other, master)).rejects.toThrow(
        /field key v1 of organisation org-x/,
      );
    } finally {
      await other.close();
    }
  });
});
