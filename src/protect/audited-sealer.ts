/**
 * The RecordSealer a session hands out: the organisation's FieldSealer wrapped so that every
 * value sealed or opened is recorded for the audit log, and opening is allowed only for records
 * the session may read for the declared purpose (consent given, case not restricted to others).
 *
 * Entries are buffered (one per record, listing its fields; a case's own records read, one for
 * the case, listing '<table>.<field>') and appended by `flush()`, which the
 * caller awaits before any opened value leaves the process (CLI output, HTTP response). Writes of
 * an operation that rolled back are dropped with `flush({ committed: false })`; reads never are.
 */
import type { ConsentPurpose } from '../model/types';
import { recordRef, type AuditEvent } from './audit-entry';
import type { RecordSealer } from './contracts';
import { deniedError } from './errors';
import { bulkSealingOf, type BulkSealer, type BulkSealing } from './sealer';

/** Which records a read sealer may open. Keys are the record keys vaults are bound to. */
export interface ReadScope {
  /** persons: `${sourceId}/${recordId}` keys. */
  persons: ReadonlySet<string>;
  /** Case ids; a case child's record key starts with `${caseId}/`. */
  cases: ReadonlySet<string>;
}

interface Pending {
  action: 'record.read' | 'record.write';
  table: string;
  recordId: string;
  fields: Set<string>;
}

export class AuditedSealer implements BulkSealer {
  readonly organisationId: string;
  private pending = new Map<string, Pending>();

  constructor(
    private readonly inner: RecordSealer,
    private readonly opts: {
      actor: string;
      purpose: ConsentPurpose;
      /** Null: this sealer may not open anything (a write-only sealer). */
      readScope: ReadScope | null;
      canWrite: boolean;
      append: (events: AuditEvent[]) => Promise<unknown>;
    },
  ) {
    this.organisationId = inner.organisationId;
  }

  private note(action: Pending['action'], table: string, recordId: string, field: string): void {
    const key = `${action}\u0000${table}\u0000${recordId}`;
    let p = this.pending.get(key);
    if (!p) {
      p = { action, table, recordId, fields: new Set() };
      this.pending.set(key, p);
    }
    p.fields.add(field);
  }

  seal(table: string, recordId: string, field: string, plaintext: string): Uint8Array {
    if (!this.opts.canWrite) throw deniedError(`this session may not write ${table}`);
    const sealed = this.inner.seal(table, recordId, field, plaintext);
    this.note('record.write', table, recordId, field);
    return sealed;
  }

  /**
   * Sealing in worker threads (bulk import): the inner sealer's keys, and every value the workers
   * sealed recorded here as seal() records it. Refused, as seal() is, without the right to write.
   */
  bulkSealing(): BulkSealing | undefined {
    if (!this.opts.canWrite) throw deniedError('this session may not write');
    const inner = bulkSealingOf(this.inner);
    if (!inner) return undefined;
    return {
      keys: inner.keys,
      recordsWrites: true,
      sealed: (table, recordId, field) => {
        inner.sealed(table, recordId, field);
        this.note('record.write', table, recordId, field);
      },
    };
  }

  open(table: string, recordId: string, field: string, ciphertext: Uint8Array): string {
    const scope = this.opts.readScope;
    if (!scope) throw deniedError(`this session may not read identifying data of ${table}`);
    if (!this.mayRead(scope, table, recordId)) {
      throw deniedError(
        `no access to ${table} record ${recordId} for ${this.opts.purpose}: no consent for the purpose, ` +
          `or the case is restricted to other users`,
      );
    }
    const value = this.inner.open(table, recordId, field, ciphertext);
    // A case's own records (events, perpetrators, sources, notes...) are read together: one
    // entry for the case, naming each table's fields read ('events.vault'), not one per record
    // (an identified case read appended ~15 entries, the larger part of its cost).
    const caseId = table === 'persons' ? undefined : caseOf(scope, recordId);
    if (caseId === undefined) this.note('record.read', table, recordId, field);
    else this.note('record.read', 'cases', caseId, `${table}.${field}`);
    return value;
  }

  /** Whether `open` would allow this record (lets callers skip instead of failing). */
  mayOpen(table: string, recordId: string): boolean {
    return this.opts.readScope !== null && this.mayRead(this.opts.readScope, table, recordId);
  }

  private mayRead(scope: ReadScope, table: string, recordId: string): boolean {
    if (table === 'persons') return scope.persons.has(recordId);
    return caseOf(scope, recordId) !== undefined;
  }

  blindIndex(kind: string, normalised: string): string {
    return this.inner.blindIndex(kind, normalised);
  }

  /** Entries waiting to be appended. */
  get pendingEntries(): number {
    return this.pending.size;
  }

  /**
   * Appends the buffered entries to the audit log. With `committed: false` (the write was rolled
   * back) only the reads are kept.
   */
  async flush(opts: { committed?: boolean } = {}): Promise<number> {
    const committed = opts.committed ?? true;
    const events: AuditEvent[] = [];
    for (const p of this.pending.values()) {
      if (p.action === 'record.write' && !committed) continue;
      events.push({
        actor: this.opts.actor,
        action: p.action,
        organisationId: this.organisationId,
        record: recordRef(p.table, p.recordId),
        fields: [...p.fields].sort(),
        purpose: this.opts.purpose,
      });
    }
    this.pending = new Map();
    if (events.length) await this.opts.append(events);
    return events.length;
  }
}

/** The case in scope whose record `recordId` is (`${caseId}/...`), if any. */
function caseOf(scope: ReadScope, recordId: string): string | undefined {
  for (let i = recordId.indexOf('/'); i > 0; i = recordId.indexOf('/', i + 1)) {
    const caseId = recordId.slice(0, i);
    if (scope.cases.has(caseId)) return caseId;
  }
  return undefined;
}
