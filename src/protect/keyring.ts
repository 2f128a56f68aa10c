/**
 * The keyring: every organisation's unwrapped data keys, held in memory for the life of a process,
 * and the RecordSealer for each. Data keys are random 256-bit keys; at rest they exist only
 * wrapped (AES-256-GCM) under a subkey of the master key, bound to (organisation, purpose,
 * version), so a wrapped key moved to another organisation does not unwrap.
 *
 * Two purposes per organisation:
 *  - 'field' keys (versioned): field encryption. Rotation adds a version; old ones stay readable.
 *  - 'index' key (one): blind indexes. Kept apart so that rotating field keys leaves every
 *    blind index, and so every lookup and linkage block, valid.
 */
import { keyError, notFoundError } from './errors';
import { MasterKey } from './master-key';
import { aeadOpen, aeadSeal, encodeAad, randomKey } from './primitives';
import { FieldSealer } from './sealer';
import { SystemKeys } from './system-keys';

export type DataKeyPurpose = 'field' | 'index';

/** A data key as stored: wrapped under the master key. */
export interface WrappedDataKey {
  organisationId: string;
  purpose: DataKeyPurpose;
  version: number;
  wrapped: Uint8Array;
}

const WRAP_FORMAT_V1 = 1;
const WRAP_INFO = 'jayu/key-wrap/v1';

function wrapAad(k: Pick<WrappedDataKey, 'organisationId' | 'purpose' | 'version'>): Buffer {
  return encodeAad(['jayu/data-key/v1', k.organisationId, k.purpose, k.version]);
}

export function wrapDataKey(
  master: MasterKey,
  meta: Pick<WrappedDataKey, 'organisationId' | 'purpose' | 'version'>,
  raw: Uint8Array,
): WrappedDataKey {
  const sealed = aeadSeal(master.derive(WRAP_INFO), raw, wrapAad(meta));
  return { ...meta, wrapped: Buffer.concat([Buffer.from([WRAP_FORMAT_V1]), sealed]) };
}

export function unwrapDataKey(master: MasterKey, key: WrappedDataKey): Buffer {
  const buf = Buffer.from(key.wrapped);
  const raw =
    buf[0] === WRAP_FORMAT_V1
      ? aeadOpen(master.derive(WRAP_INFO), buf.subarray(1), wrapAad(key))
      : null;
  if (!raw) {
    throw keyError(
      `cannot unwrap the ${key.purpose} key v${key.version} of organisation ${key.organisationId}: ` +
        `wrong master key, or the stored key was altered`,
    );
  }
  return raw;
}

interface OrganisationState {
  fieldKeys: Map<number, Buffer>;
  current: number;
  indexKey: Buffer;
  sealer?: FieldSealer;
}

export class Keyring {
  private readonly orgs = new Map<string, OrganisationState>();

  /**
   * @param autoCreate in-memory keyrings (tests, benchmarks) make an organisation's keys the
   *   first time they are asked for; a stored keyring never does, as unsaved keys would be lost.
   */
  constructor(
    readonly master: MasterKey,
    /** The installation's system keys (TOTP sealing, audit MAC and signing). */
    readonly system: SystemKeys = SystemKeys.generate(),
    private readonly autoCreate = false,
  ) {}

  /** The sealer for one organisation's records. Throws a clear error if it has no keys. */
  sealerFor(organisationId: string): FieldSealer {
    let state = this.orgs.get(organisationId);
    if (!state) {
      if (!this.autoCreate) {
        throw notFoundError(
          `organisation ${organisationId} has no data key in this store: create it first ` +
            `(jayu users add-org ${organisationId})`,
        );
      }
      this.generateOrganisationKeys(organisationId);
      state = this.orgs.get(organisationId)!;
    }
    if (!state.sealer) {
      state.sealer = new FieldSealer({
        organisationId,
        fieldKeys: state.fieldKeys,
        currentVersion: state.current,
        indexKey: state.indexKey,
      });
    }
    return state.sealer;
  }

  hasOrganisation(organisationId: string): boolean {
    return this.orgs.has(organisationId);
  }

  organisations(): string[] {
    return [...this.orgs.keys()].sort();
  }

  currentVersion(organisationId: string): number {
    const state = this.orgs.get(organisationId);
    if (!state) throw notFoundError(`organisation ${organisationId} has no data key`);
    return state.current;
  }

  /** Fresh field (v1) and index keys for a new organisation; returns them wrapped, to be stored. */
  generateOrganisationKeys(organisationId: string): WrappedDataKey[] {
    if (this.orgs.has(organisationId)) {
      throw keyError(`organisation ${organisationId} already has data keys`);
    }
    const field = randomKey();
    const index = randomKey();
    this.orgs.set(organisationId, {
      fieldKeys: new Map([[1, field]]),
      current: 1,
      indexKey: index,
    });
    return [
      wrapDataKey(this.master, { organisationId, purpose: 'field', version: 1 }, field),
      wrapDataKey(this.master, { organisationId, purpose: 'index', version: 1 }, index),
    ];
  }

  /** Adds a new field-key version that new seals use; old versions stay for opening. */
  addFieldKeyVersion(organisationId: string): WrappedDataKey {
    const state = this.orgs.get(organisationId);
    if (!state) throw notFoundError(`organisation ${organisationId} has no data key`);
    const version = Math.max(...state.fieldKeys.keys()) + 1;
    const key = randomKey();
    state.fieldKeys.set(version, key);
    state.current = version;
    state.sealer = undefined;
    return wrapDataKey(this.master, { organisationId, purpose: 'field', version }, key);
  }

  /** Unwraps stored keys into this keyring (all or nothing: on any failure nothing is added). */
  load(keys: WrappedDataKey[]): void {
    const staged = new Map<string, OrganisationState>();
    for (const k of keys) {
      const raw = unwrapDataKey(this.master, k);
      let state = staged.get(k.organisationId);
      if (!state) {
        state = { fieldKeys: new Map(), current: 0, indexKey: Buffer.alloc(0) };
        staged.set(k.organisationId, state);
      }
      if (k.purpose === 'index') state.indexKey = raw;
      else {
        state.fieldKeys.set(k.version, raw);
        state.current = Math.max(state.current, k.version);
      }
    }
    for (const [org, state] of staged) {
      if (state.current === 0 || state.indexKey.length === 0) {
        throw keyError(
          `organisation ${org}: its stored keys are incomplete (field or index key missing)`,
        );
      }
    }
    for (const [org, state] of staged) this.orgs.set(org, state);
  }

  /** The same keys under a new master key (master-key rotation): nothing is re-generated. */
  rekeyed(newMaster: MasterKey): Keyring {
    const next = new Keyring(newMaster, this.system, this.autoCreate);
    for (const [org, state] of this.orgs) {
      next.orgs.set(org, {
        fieldKeys: new Map(state.fieldKeys),
        current: state.current,
        indexKey: state.indexKey,
      });
    }
    return next;
  }

  /** Every key of this keyring wrapped under another master key (for master-key rotation). */
  wrapAllUnder(newMaster: MasterKey): WrappedDataKey[] {
    const out: WrappedDataKey[] = [];
    for (const [organisationId, state] of this.orgs) {
      for (const [version, key] of state.fieldKeys) {
        out.push(wrapDataKey(newMaster, { organisationId, purpose: 'field', version }, key));
      }
      out.push(
        wrapDataKey(newMaster, { organisationId, purpose: 'index', version: 1 }, state.indexKey),
      );
    }
    return out;
  }
}

/**
 * An in-memory keyring for tests, benchmarks and tools that need sealing without a store:
 * organisations get keys the first time `sealerFor` is asked for them.
 */
export function createKeyring(
  opts: { masterKey?: Uint8Array; organisations?: string[] } = {},
): Keyring {
  const master = opts.masterKey ? MasterKey.fromBytes(opts.masterKey) : MasterKey.generate();
  const keyring = new Keyring(master, SystemKeys.generate(), true);
  for (const org of opts.organisations ?? []) keyring.generateOrganisationKeys(org);
  return keyring;
}
