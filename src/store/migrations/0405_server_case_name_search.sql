-- Search of cases by name (src/server/case-search.ts) answered from the name keys alone. A
-- common name's keys match thousands of an organisation's cases (the commonest of a million-case
-- store: 5,871), and the search counted them, counted their facets and chose the newest page by
-- fetching each match's row from `cases`: thousands of scattered heap reads, ~13 ms of PostgreSQL
-- time a search. Here each key row carries what the search reads of its case (organisation,
-- person, source, status, last change, facets) and one covering index holds it all, so a name's
-- matches are one index-only range scan. The copies follow their case by a trigger; a key row is
-- written with them (src/server/name-index.ts `NAME_KEY_INSERT`), so none can be missing.
CREATE TABLE case_name_keys_0405 AS
  SELECT n.case_id, n.key, k.organisation_id, k.person_id, k.source_id, k.status, k.updated_at,
         k.facets
    FROM case_name_keys n JOIN cases k ON k.id = n.case_id;
DROP TABLE case_name_keys;
ALTER TABLE case_name_keys_0405 RENAME TO case_name_keys;
ALTER TABLE case_name_keys
  ALTER COLUMN case_id SET NOT NULL,
  ALTER COLUMN key SET NOT NULL,
  ALTER COLUMN organisation_id SET NOT NULL,
  ALTER COLUMN person_id SET NOT NULL,
  ALTER COLUMN source_id SET NOT NULL,
  ALTER COLUMN status SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL,
  ALTER COLUMN facets SET NOT NULL,
  ADD PRIMARY KEY (case_id, key),
  ADD FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE;
-- The organisation beside the key: a key is an HMAC under its organisation's key, so it names
-- one organisation already, but the search does not rely on that alone.
CREATE INDEX case_name_keys_search_idx ON case_name_keys (key, organisation_id)
  INCLUDE (case_id, person_id, source_id, status, updated_at, facets);

-- A case changed what the search reads of it: its key rows follow, in the same transaction.
CREATE FUNCTION jayu_case_name_keys_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE case_name_keys
     SET organisation_id = NEW.organisation_id, person_id = NEW.person_id,
         source_id = NEW.source_id, status = NEW.status, updated_at = NEW.updated_at,
         facets = NEW.facets
   WHERE case_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_name_keys_follow AFTER UPDATE ON cases
  FOR EACH ROW
  WHEN ((OLD.organisation_id, OLD.person_id, OLD.source_id, OLD.status, OLD.updated_at, OLD.facets)
        IS DISTINCT FROM
        (NEW.organisation_id, NEW.person_id, NEW.source_id, NEW.status, NEW.updated_at, NEW.facets))
  EXECUTE FUNCTION jayu_case_name_keys_follow();
