/**
 * Keys in the database: the store's key header (protect_master) and the wrapped data keys
 * (protect_data_keys). Creating a store's keys, unlocking them with the master key, adding an
 * organisation, and rotating the master key or an organisation's field key.
 *
 * Every change runs in one transaction: a wrong key or a failure leaves the store as it was.
 */
import type { Db, Queryable } from '../store/db';
import { invalidError, keyError, notFoundError } from './errors';
import { Keyring, type DataKeyPurpose, type WrappedDataKey } from './keyring';
import type { MasterKey, MasterKeySource, PassphraseKdf } from './master-key';
import { equalBytes } from './primitives';
import { SystemKeys } from './system-keys';

export interface KeyHeader {
  storeId: string;
  source: MasterKeySource;
  kdf: PassphraseKdf | null;
  checkValue: Buffer;
  systemKeyWrapped: Buffer;
  auditPublicKey: Buffer;
  auditPrivateKeySealed: Buffer;
}

interface KeyHeaderRow {
  store_id: string;
  source: MasterKeySource;
  kdf: PassphraseKdf | string | null;
  check_value: Uint8Array;
  system_key_wrapped: Uint8Array;
  audit_public_key: Uint8Array;
  audit_private_key_sealed: Uint8Array;
}

/** The store's key header, or null if `jayu init` has not run on it. */
export async function readKeyHeader(db: Queryable): Promise<KeyHeader | null> {
  const { rows } = await db.query<KeyHeaderRow>(
    `SELECT store_id, source, kdf, check_value, system_key_wrapped, audit_public_key,
            audit_private_key_sealed
       FROM protect_master`,
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  return {
    storeId: r.store_id,
    source: r.source,
    kdf: typeof r.kdf === 'string' ? (JSON.parse(r.kdf) as PassphraseKdf) : r.kdf,
    checkValue: Buffer.from(r.check_value),
    systemKeyWrapped: Buffer.from(r.system_key_wrapped),
    auditPublicKey: Buffer.from(r.audit_public_key),
    auditPrivateKeySealed: Buffer.from(r.audit_private_key_sealed),
  };
}

/** Creates the key header of a new store. Refuses a store that already has one. */
export async function initialiseKeys(
  db: Db,
  master: MasterKey,
  opts: { kdf?: PassphraseKdf } = {},
): Promise<Keyring> {
  if ((master.source === 'passphrase') !== Boolean(opts.kdf)) {
    throw invalidError(
      'a passphrase-derived master key needs its Argon2id parameters, a key file none',
    );
  }
  const system = SystemKeys.generate();
  const stored = system.toStored(master);
  await db.transaction(async (tx) => {
    if (await readKeyHeader(tx)) {
      throw keyError('this store already has keys (jayu init ran before); nothing was changed');
    }
    await tx.query(
      `INSERT INTO protect_master (store_id, source, kdf, check_value, system_key_wrapped,
                                   audit_public_key, audit_private_key_sealed)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        system.storeId,
        master.source,
        opts.kdf ? JSON.stringify(opts.kdf) : null,
        master.checkValue(),
        stored.systemKeyWrapped,
        stored.auditPublicKey,
        stored.auditPrivateKeySealed,
      ],
    );
  });
  return new Keyring(master, system);
}

function assertMasterMatches(header: KeyHeader, master: MasterKey): void {
  if (!equalBytes(header.checkValue, master.checkValue())) {
    throw keyError(
      `wrong master key: this store's key has fingerprint ${header.checkValue.subarray(0, 4).toString('hex')}, ` +
        `the one given has ${master.fingerprint}${header.source === 'passphrase' ? ' (wrong passphrase?)' : ''}. ` +
        `Nothing was changed`,
    );
  }
}

interface DataKeyRow {
  organisation_id: string;
  purpose: DataKeyPurpose;
  version: number;
  wrapped: Uint8Array;
}

async function readDataKeys(db: Queryable): Promise<WrappedDataKey[]> {
  const { rows } = await db.query<DataKeyRow>(
    'SELECT organisation_id, purpose, version, wrapped FROM protect_data_keys ORDER BY 1, 2, 3',
  );
  return rows.map((r) => ({
    organisationId: r.organisation_id,
    purpose: r.purpose,
    version: Number(r.version),
    wrapped: Buffer.from(r.wrapped),
  }));
}

/** Unlocks a store: checks the master key, then unwraps the system key and every data key. */
export async function unlockKeyring(db: Queryable, master: MasterKey): Promise<Keyring> {
  const header = await readKeyHeader(db);
  if (!header) throw notFoundError('this store has no keys yet: run jayu init first');
  assertMasterMatches(header, master);
  const keyring = new Keyring(master, SystemKeys.fromStored(master, header));
  keyring.load(await readDataKeys(db));
  return keyring;
}

async function insertDataKeys(tx: Queryable, keys: WrappedDataKey[]): Promise<void> {
  for (const k of keys) {
    await tx.query(
      'INSERT INTO protect_data_keys (organisation_id, purpose, version, wrapped) VALUES ($1, $2, $3, $4)',
      [k.organisationId, k.purpose, k.version, k.wrapped],
    );
  }
}

/** Creates an organisation (if the row does not exist yet) and its data keys. */
export async function addOrganisation(
  db: Db,
  keyring: Keyring,
  org: { id: string; name: string },
): Promise<void> {
  if (keyring.hasOrganisation(org.id)) {
    throw invalidError(`organisation ${org.id} already exists with keys`);
  }
  const staged = new Keyring(keyring.master, keyring.system);
  const wrapped = staged.generateOrganisationKeys(org.id);
  await db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO organisations (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
      [org.id, org.name],
    );
    await insertDataKeys(tx, wrapped);
  });
  keyring.load(wrapped);
}

/**
 * Re-wraps every data key and the system key under a new master key and records its check
 * value (and Argon2id parameters for a passphrase). The data itself is untouched: nothing is
 * lost, and the old key no longer opens the store. Returns the keyring under the new key.
 */
export async function rotateMasterKey(
  db: Db,
  keyring: Keyring,
  next: MasterKey,
  opts: { kdf?: PassphraseKdf } = {},
): Promise<Keyring> {
  if ((next.source === 'passphrase') !== Boolean(opts.kdf)) {
    throw invalidError(
      'a passphrase-derived master key needs its Argon2id parameters, a key file none',
    );
  }
  const rekeyed = keyring.rekeyed(next);
  const wrapped = rekeyed.wrapAllUnder(next);
  const stored = keyring.system.toStored(next);
  await db.transaction(async (tx) => {
    const header = await readKeyHeader(tx);
    if (!header) throw notFoundError('this store has no keys yet');
    assertMasterMatches(header, keyring.master);
    const storedKeys = await readDataKeys(tx);
    if (storedKeys.length !== wrapped.length) {
      throw keyError(
        `the store holds ${storedKeys.length} data keys but this keyring ${wrapped.length}: ` +
          `reopen the store and retry; nothing was changed`,
      );
    }
    for (const k of wrapped) {
      const res = await tx.query(
        `UPDATE protect_data_keys SET wrapped = $4
          WHERE organisation_id = $1 AND purpose = $2 AND version = $3`,
        [k.organisationId, k.purpose, k.version, k.wrapped],
      );
      if (res.affectedRows === 0)
        throw keyError(`data key ${k.organisationId}/${k.purpose}/v${k.version} vanished`);
    }
    await tx.query(
      `UPDATE protect_master SET source = $1, kdf = $2, check_value = $3, system_key_wrapped = $4,
              audit_private_key_sealed = $5, rotated_at = now()`,
      [
        next.source,
        opts.kdf ? JSON.stringify(opts.kdf) : null,
        next.checkValue(),
        stored.systemKeyWrapped,
        stored.auditPrivateKeySealed,
      ],
    );
  });
  return rekeyed;
}

/** Adds a new field-key version for an organisation: new values are sealed with it. */
export async function rotateFieldKey(
  db: Db,
  keyring: Keyring,
  organisationId: string,
): Promise<number> {
  const wrapped = keyring.addFieldKeyVersion(organisationId);
  try {
    await db.transaction((tx) => insertDataKeys(tx, [wrapped]));
  } catch (err) {
    // Keep memory and store in step: reload what the store holds.
    keyring.load((await readDataKeys(db)).filter((k) => k.organisationId === organisationId));
    throw err;
  }
  return wrapped.version;
}
