-- An audit append in one statement (src/protect/audit-log.ts, appendAtTail): the API server
-- appends for every identified read, and the transaction of an append (begin, lock, state read,
-- insert, state update, commit) was six round trips. The writer has computed the entries (their
-- seqs, canonical texts, MACs), the new frontier and any signed checkpoint from the end of the
-- log it last wrote itself; this function takes the append lock, checks that the log still ends
-- there (size and last checkpoint), and writes all of it, or writes nothing and returns false,
-- and the writer then reads the state under the lock and appends the usual way.
--
-- Run as its own statement (autocommit, READ COMMITTED): each statement of a VOLATILE function
-- takes a new snapshot, so the state read after the lock sees every append committed before it.
CREATE FUNCTION audit_append_at(
  lock_key bigint,
  expected_size bigint,
  expected_checkpoint_size bigint,
  seqs bigint[],
  entries text[],
  macs_hex text[],
  new_size bigint,
  new_frontier bytea,
  new_checkpoint_size bigint,
  checkpoint_at timestamptz,
  checkpoint_root bytea,
  checkpoint_signature bytea
) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  current_size bigint;
  current_checkpoint_size bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  SELECT tree_size, last_checkpoint_size INTO current_size, current_checkpoint_size
    FROM audit_state;
  IF current_size IS DISTINCT FROM expected_size
     OR current_checkpoint_size IS DISTINCT FROM expected_checkpoint_size THEN
    RETURN false;
  END IF;
  INSERT INTO audit_entries (seq, entry, mac)
    SELECT u.seq, u.entry, decode(u.mac, 'hex') FROM unnest(seqs, entries, macs_hex) AS u (seq, entry, mac);
  IF checkpoint_at IS NOT NULL THEN
    INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, signature)
      VALUES (new_size, checkpoint_root, checkpoint_at, checkpoint_signature)
      ON CONFLICT (tree_size) DO NOTHING;
  END IF;
  UPDATE audit_state
     SET tree_size = new_size, frontier = new_frontier, last_checkpoint_size = new_checkpoint_size,
         last_checkpoint_at = COALESCE(checkpoint_at, last_checkpoint_at);
  RETURN true;
END;
$$;
