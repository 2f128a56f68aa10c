/**
 * Contracts between the protection layer and the layers that write or read stored data.
 * Implementations live beside this file; ingest, linkage, report, server and cli depend only on
 * these shapes.
 */

/**
 * Seals the identifying fields of one organisation's records. Every ciphertext is authenticated
 * and bound to (table, recordId, field): moved to another record or field, it fails to open.
 */
export interface RecordSealer {
  readonly organisationId: string;
  seal(table: string, recordId: string, field: string, plaintext: string): Uint8Array;
  /** Throws a clear error (naming table and field, never the value) if the ciphertext is not genuine. */
  open(table: string, recordId: string, field: string, ciphertext: Uint8Array): string;
  /**
   * Keyed blind index (HMAC of an already normalised form) for exact lookups and linkage blocking
   * without plaintext in the database. `kind` separates domains (e.g. 'family_name_key').
   */
  blindIndex(kind: string, normalised: string): string;
  /**
   * Present on the sealers a Session hands out for reading: whether `open` would allow this
   * record for the session's purpose (consent, case restriction). Exports skip records it
   * refuses instead of failing. Absent: every record may be opened (e.g. a bare keyring sealer).
   */
  mayOpen?(table: string, recordId: string): boolean;
}
