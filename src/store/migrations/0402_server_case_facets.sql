-- Browsing cases by violation, province and year (src/server/case-search.ts): each case keeps the
-- values it can be found by in `facets`, one GIN-indexed array, so that a filter is an index
-- lookup rather than EXISTS subqueries checked for every case of the organisation (no answer
-- within 10 s on a million cases). Elements, with a prefix for what they are:
--   'v:<violation>'  a violation of one of its acts
--   'y:<year>'       the start year of one of its events
--   'e:<province>'   the province (gazetteer id prefix) of one of its events' places
--   'h:<province>'   its person's home province
-- Kept by triggers on every write path (imports, the API, re-imports in place): an insert adds
-- its values, an update or delete recomputes the cases it touches.
ALTER TABLE cases ADD COLUMN facets text[] NOT NULL DEFAULT '{}';

-- The province of a place id: ids are hierarchical (cn-jl-yanbian-yanji). Same expression as
-- PROVINCE_OF_PLACE in src/server/case-search.ts.
CREATE FUNCTION jayu_place_province(place_id text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT substring(place_id from '^[a-z]{2}-[a-z0-9]+') $$;

CREATE FUNCTION jayu_case_facets(case_id text, person_id text) RETURNS text[]
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce(array_agg(f ORDER BY f), '{}') FROM (
      SELECT 'v:' || a.violation FROM acts a WHERE a.case_id = $1
      UNION SELECT 'y:' || e.start_year FROM events e WHERE e.case_id = $1 AND e.start_year IS NOT NULL
      UNION SELECT 'e:' || jayu_place_province(e.place_id) FROM events e
             WHERE e.case_id = $1 AND jayu_place_province(e.place_id) IS NOT NULL
      UNION SELECT 'h:' || p.home_province_id FROM persons p
             WHERE p.id = $2 AND p.home_province_id IS NOT NULL
    ) x (f)
  $$;

-- Backfill of existing stores, set-based (one pass per table).
UPDATE cases k SET facets = f.facets
  FROM (
    SELECT case_id, array_agg(DISTINCT f ORDER BY f) AS facets FROM (
      SELECT case_id, 'v:' || violation AS f FROM acts
      UNION ALL SELECT case_id, 'y:' || start_year FROM events WHERE start_year IS NOT NULL
      UNION ALL SELECT case_id, 'e:' || jayu_place_province(place_id) FROM events
                 WHERE jayu_place_province(place_id) IS NOT NULL
      UNION ALL SELECT k2.id, 'h:' || p.home_province_id FROM cases k2
                 JOIN persons p ON p.id = k2.person_id WHERE p.home_province_id IS NOT NULL
    ) x GROUP BY case_id
  ) f
 WHERE k.id = f.case_id;

CREATE INDEX cases_facets_idx ON cases USING gin (facets);

-- A new case: its person's home province only (its events and acts reference it, so come after).
CREATE FUNCTION jayu_cases_facets_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.facets := coalesce(
    (SELECT ARRAY['h:' || p.home_province_id] FROM persons p
      WHERE p.id = NEW.person_id AND p.home_province_id IS NOT NULL), '{}');
  RETURN NEW;
END $$;
CREATE TRIGGER cases_facets_insert BEFORE INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION jayu_cases_facets_insert();
-- Its person changed: everything recomputed.
CREATE FUNCTION jayu_cases_facets_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.facets := jayu_case_facets(NEW.id, NEW.person_id);
  RETURN NEW;
END $$;
CREATE TRIGGER cases_facets_person BEFORE UPDATE OF person_id ON cases
  FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id)
  EXECUTE FUNCTION jayu_cases_facets_row();

-- Recompute the cases whose events or acts were updated or deleted.
CREATE FUNCTION jayu_facets_recompute_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cases k SET facets = jayu_case_facets(k.id, k.person_id)
   WHERE k.id IN (SELECT DISTINCT case_id FROM old_rows)
     AND k.facets IS DISTINCT FROM jayu_case_facets(k.id, k.person_id);
  RETURN NULL;
END $$;
CREATE FUNCTION jayu_facets_recompute_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cases k SET facets = jayu_case_facets(k.id, k.person_id)
   WHERE k.id IN (SELECT DISTINCT case_id FROM new_rows)
     AND k.facets IS DISTINCT FROM jayu_case_facets(k.id, k.person_id);
  RETURN NULL;
END $$;

-- Inserted events and acts only add values: merged into the array without re-reading the case.
CREATE FUNCTION jayu_events_facets_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cases k SET facets = ARRAY(SELECT DISTINCT f FROM unnest(k.facets || n.add) u (f) ORDER BY f)
    FROM (SELECT case_id, array_agg(f) AS add FROM (
            SELECT case_id, 'y:' || start_year AS f FROM new_rows WHERE start_year IS NOT NULL
            UNION SELECT case_id, 'e:' || jayu_place_province(place_id) FROM new_rows
                   WHERE jayu_place_province(place_id) IS NOT NULL
          ) x GROUP BY case_id) n
   WHERE k.id = n.case_id AND NOT (k.facets @> n.add);
  RETURN NULL;
END $$;
CREATE FUNCTION jayu_acts_facets_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cases k SET facets = ARRAY(SELECT DISTINCT f FROM unnest(k.facets || n.add) u (f) ORDER BY f)
    FROM (SELECT case_id, array_agg(DISTINCT 'v:' || violation) AS add FROM new_rows GROUP BY case_id) n
   WHERE k.id = n.case_id AND NOT (k.facets @> n.add);
  RETURN NULL;
END $$;

CREATE TRIGGER events_facets_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_events_facets_insert();
CREATE TRIGGER events_facets_update_old AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_facets_recompute_old();
CREATE TRIGGER events_facets_update_new AFTER UPDATE ON events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_facets_recompute_new();
CREATE TRIGGER events_facets_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_facets_recompute_old();

CREATE TRIGGER acts_facets_insert AFTER INSERT ON acts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_acts_facets_insert();
CREATE TRIGGER acts_facets_update_old AFTER UPDATE ON acts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_facets_recompute_old();
CREATE TRIGGER acts_facets_update_new AFTER UPDATE ON acts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_facets_recompute_new();
CREATE TRIGGER acts_facets_delete AFTER DELETE ON acts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_facets_recompute_old();

-- A person's home province changed: recompute her cases.
CREATE FUNCTION jayu_persons_facets_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cases k SET facets = jayu_case_facets(k.id, k.person_id)
   WHERE k.person_id IN (
           SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.home_province_id IS DISTINCT FROM o.home_province_id)
     AND k.facets IS DISTINCT FROM jayu_case_facets(k.id, k.person_id);
  RETURN NULL;
END $$;
CREATE TRIGGER persons_facets_update AFTER UPDATE ON persons
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_persons_facets_update();
