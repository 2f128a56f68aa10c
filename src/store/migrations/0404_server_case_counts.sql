-- The case list's first page (src/server/case-search.ts, a search with no name and no filter):
-- counting the organisation's cases for it cost a walk of cases_organisation_updated_idx per
-- request (9 ms of PostgreSQL CPU for the first 10,001 of 322,741 cases on a million-case store,
-- and still only "more than 10,000", without facet counts). Here the counts are kept: per
-- organisation, its number of cases and the number of its cases with each facet value, counted
-- as the list's facet counts count them, so that the list reads a few hundred rows instead.
--
-- Kept as deltas, not one row per value updated in place: a trigger appends what a statement
-- added and removed, and a value's count is the sum of its rows. One row per value updated in
-- place (INSERT ... ON CONFLICT DO UPDATE) made every writer of an organisation wait for the
-- others on its rows until they commit: an import of thousands of cases, one transaction, would
-- hold the organisation's total for its whole length and block every case saved through the
-- API meanwhile, and two saves, each a sequence of statements (events and acts deleted, then
-- inserted, each statement changing the case's facets), lock the rows of their values in
-- orders no sort can fix across statements, so they could deadlock. With deltas no writer waits.
-- The trigger also folds the rows of the values it touches into one (taking only rows that no
-- other transaction holds: SKIP LOCKED, so it never waits either), so a value keeps about one
-- row plus one per transaction in flight, and the list sums a few hundred rows (~0.2 ms).
CREATE TABLE case_counts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id text NOT NULL,
  -- 'cases' (value ''), 'violation', 'year', 'province', 'source' or 'status'.
  facet text NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL
);
CREATE INDEX case_counts_organisation_idx ON case_counts (organisation_id, facet, value);

-- What one case adds to its organisation's counts: the case itself ('cases', ''), its source and
-- status, and each facet value as the list's facet counts (TOP_FACETS in
-- src/server/case-search.ts) count it: a province once per case whether an event's place or the
-- home province lies in it ('h:' counted only where no 'e:' of the same province is).
CREATE FUNCTION jayu_case_count_keys(facets text[], source_id text, status text)
  RETURNS TABLE (facet text, value text)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE left(f, 1) WHEN 'v' THEN 'violation' WHEN 'y' THEN 'year' ELSE 'province' END,
           substr(f, 3)
      FROM unnest(facets) u (f)
     WHERE f LIKE 'v:%' OR f LIKE 'y:%' OR f LIKE 'e:%'
        OR (f LIKE 'h:%' AND NOT ('e:' || substr(f, 3)) = ANY (facets))
    UNION ALL VALUES ('cases', ''), ('source', source_id), ('status', status)
  $$;

-- Backfill of existing stores: one pass over cases.
INSERT INTO case_counts (organisation_id, facet, value, n)
SELECT k.organisation_id, x.facet, x.value, count(*)
  FROM cases k, jayu_case_count_keys(k.facets, k.source_id, k.status) x
 GROUP BY 1, 2, 3;

-- One trigger function for inserts, updates and deletes of cases (statement-level, with
-- transition tables: an import inserts thousands of cases in one statement, and 0402's triggers
-- rewrite the facets of as many in one UPDATE when their events and acts come): the cases a
-- statement added count +1, those it removed -1, an update both (what did not change nets out).
-- The touched values' rows that no other transaction holds are then folded with the delta into
-- one row per value.
CREATE FUNCTION jayu_case_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta_organisations text[];
  delta_facets text[];
  delta_values text[];
  delta_ns bigint[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM case_counts;
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(d.organisation_id), array_agg(d.facet), array_agg(d.value), array_agg(d.n)
      INTO delta_organisations, delta_facets, delta_values, delta_ns
      FROM (SELECT r.organisation_id, x.facet, x.value, count(*) AS n
              FROM new_rows r, jayu_case_count_keys(r.facets, r.source_id, r.status) x
             GROUP BY 1, 2, 3) d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(d.organisation_id), array_agg(d.facet), array_agg(d.value), array_agg(d.n)
      INTO delta_organisations, delta_facets, delta_values, delta_ns
      FROM (SELECT r.organisation_id, x.facet, x.value, -count(*) AS n
              FROM old_rows r, jayu_case_count_keys(r.facets, r.source_id, r.status) x
             GROUP BY 1, 2, 3) d;
  ELSE
    SELECT array_agg(d.organisation_id), array_agg(d.facet), array_agg(d.value), array_agg(d.n)
      INTO delta_organisations, delta_facets, delta_values, delta_ns
      FROM (SELECT r.organisation_id, x.facet, x.value, sum(r.s) AS n
              FROM (SELECT organisation_id, facets, source_id, status, 1 AS s FROM new_rows
                    UNION ALL
                    SELECT organisation_id, facets, source_id, status, -1 FROM old_rows) r,
                   jayu_case_count_keys(r.facets, r.source_id, r.status) x
             GROUP BY 1, 2, 3 HAVING sum(r.s) <> 0) d;
  END IF;
  IF delta_organisations IS NULL THEN
    RETURN NULL;
  END IF;
  WITH delta AS (
         SELECT * FROM unnest(delta_organisations, delta_facets, delta_values, delta_ns) d (organisation_id, facet, value, n)),
       folded AS (
         DELETE FROM case_counts c
          WHERE c.id IN (SELECT c2.id FROM case_counts c2
                           JOIN delta d ON (d.organisation_id, d.facet, d.value)
                                         = (c2.organisation_id, c2.facet, c2.value)
                            FOR UPDATE OF c2 SKIP LOCKED)
         RETURNING c.organisation_id, c.facet, c.value, c.n)
  INSERT INTO case_counts (organisation_id, facet, value, n)
  SELECT organisation_id, facet, value, sum(n)
    FROM (SELECT * FROM delta UNION ALL SELECT * FROM folded) x
   GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
  RETURN NULL;
END $$;

CREATE TRIGGER case_counts_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_case_counts_keep();
-- Every update of cases, not only of facets, source_id, status and organisation_id: a trigger
-- with transition tables cannot name columns, and a column list would miss the facets that
-- 0402's BEFORE trigger rewrites when only person_id is set.
CREATE TRIGGER case_counts_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_case_counts_keep();
CREATE TRIGGER case_counts_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_case_counts_keep();
CREATE TRIGGER case_counts_truncate AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_case_counts_keep();
