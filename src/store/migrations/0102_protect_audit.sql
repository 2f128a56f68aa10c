-- Tamper-evident audit log (src/protect/audit): an append-only list of entries that is an
-- RFC 6962 Merkle tree. Entries hold ids, actions, field names and purposes, never values.
--
-- `entry` is the exact canonical JSON that is hashed (leaf = SHA-256(0x00 || entry)); it carries
-- its own sequence number. `mac` is HMAC-SHA256 of the leaf hash under a master-key subkey: it
-- lets `jayu audit verify` name exactly which entry was edited, inserted, deleted or moved.
CREATE TABLE audit_entries (
  seq bigint PRIMARY KEY CHECK (seq >= 0),
  entry text NOT NULL,
  mac bytea NOT NULL
);

-- Signed tree heads (checkpoints): Ed25519 over (store id, tree size, root, time). A later log
-- must contain every earlier checkpoint's tree as a prefix; truncation below one is detected.
CREATE TABLE audit_checkpoints (
  tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
  root_hash bytea NOT NULL,
  signed_at timestamptz NOT NULL,
  signature bytea NOT NULL
);

-- Where the next append continues: size and the right edge of the tree (concatenated subtree
-- hashes). A convenience only; verification recomputes everything from the entries.
CREATE TABLE audit_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  tree_size bigint NOT NULL,
  frontier bytea NOT NULL,
  last_checkpoint_size bigint NOT NULL DEFAULT 0,
  last_checkpoint_at timestamptz
);

-- Appends only. An attacker with the database can drop these triggers, but then verification
-- still names what changed; they stop accidents and casual edits.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % rows are never updated or deleted', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
