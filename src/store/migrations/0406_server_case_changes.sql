-- Which cases changed, and in which transaction: what the case list's facet index
-- (src/server/case-facet-index.ts) reads to stay in step with cases. A search by violation,
-- province, year, source or status counted its matches' facets in PostgreSQL: for 6,036
-- matches of a million-case store, 8-10 ms of GIN lookups, 29 ms of heap fetches and 20 ms of
-- counting, ~190 ms at p95 under load. The server now holds each organisation's cases' facets
-- in memory and, before each such search, reads the cases written since it last looked.
--
-- "Since" is by transaction, not by time or sequence: a transaction that began earlier may
-- commit later than one that began after it, so the index keeps the snapshot of its last read
-- (pg_current_snapshot()) and next reads the rows whose transaction that snapshot did not see
-- (pg_visible_in_snapshot), however late they committed. xid8 does not wrap around.
CREATE TABLE case_changes (
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  -- '*' for a TRUNCATE of cases: every organisation's index is read again.
  organisation_id text NOT NULL,
  case_id text,
  -- When the change was written, for pruning: an index that has not looked for a day reads its
  -- organisation's cases again (src/server/case-facet-index.ts), so older rows are not needed.
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_changes_organisation_xid_idx ON case_changes (organisation_id, xid);

-- Statement-level, with transition tables (an import writes thousands of cases in one
-- statement, and 0402's triggers rewrite the facets of as many in one UPDATE): one row per case
-- and organisation a statement touched; a case moved between organisations is a change of both.
CREATE FUNCTION jayu_case_changes_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO case_changes (organisation_id) VALUES ('*');
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO case_changes (organisation_id, case_id) SELECT organisation_id, id FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO case_changes (organisation_id, case_id) SELECT organisation_id, id FROM old_rows;
  ELSE
    INSERT INTO case_changes (organisation_id, case_id)
    SELECT organisation_id, id FROM new_rows UNION SELECT organisation_id, id FROM old_rows;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER case_changes_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_case_changes_note();
CREATE TRIGGER case_changes_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_case_changes_note();
CREATE TRIGGER case_changes_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_case_changes_note();
CREATE TRIGGER case_changes_truncate AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_case_changes_note();

-- Facet searches no longer ask PostgreSQL to find their matches: 0403's index of facets and
-- organisation has no reader left, and every change of a case's facets paid for it.
DROP INDEX cases_organisation_facets_idx;
