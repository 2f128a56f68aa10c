-- Record linkage on the store (src/protect/linkage.ts, src/linkage): runs, each run's clusters
-- and review queue, and the human decisions every later run applies.
--
-- Nothing here identifies anyone: persons are referred to by their pseudonymous ids, cluster keys
-- are random, settings hold model parameters (m, u, prior; no name tables), and the one free-text
-- field (a decision's reason) is sealed under the organisation's data key like any vault.

-- One row per run: what went in, how it was linked, what came out, who ran it.
CREATE TABLE linkage_runs (
  id text PRIMARY KEY CHECK (id ~ '^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$'),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  seed bigint NOT NULL,
  threshold double precision NOT NULL CHECK (threshold > 0 AND threshold < 1),
  -- Settings as trained (blocking rules, comparisons with m and u, prior, thresholds).
  settings jsonb NOT NULL,
  -- The lists linked: [{name: source id, records: n}], never a file name or a value.
  inputs jsonb NOT NULL,
  -- records, sources, candidatePairs, keptPairs, links, clusters, guardCuts, reviewItems,
  -- decisionsInForce, decisionsElsewhere, and what was left out (no consent, restricted, groups).
  counts jsonb NOT NULL,
  -- Milliseconds per stage.
  timings jsonb NOT NULL,
  training jsonb,
  blocking jsonb,
  -- The user who ran it (users.id; no foreign key, so that the record outlives the account).
  run_by text NOT NULL,
  -- Organisations whose lists were linked (the scope the run was authorised for).
  organisations text[] NOT NULL CHECK (cardinality(organisations) > 0),
  -- The consent purpose persons were linked under.
  purpose text NOT NULL
    CHECK (purpose IN ('case_management', 'legal_proceedings', 'un_reporting', 'aggregate_statistics'))
);
CREATE INDEX linkage_runs_finished_idx ON linkage_runs (finished_at DESC, id DESC);

-- Cluster membership: every person linked in a run has one row; the same key is the same person.
CREATE TABLE linkage_clusters (
  run_id text NOT NULL REFERENCES linkage_runs (id) ON DELETE CASCADE,
  person_id text NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  cluster_key text NOT NULL CHECK (cluster_key ~ '^[0-9a-f]{24}$'),
  PRIMARY KEY (run_id, person_id)
);
CREATE INDEX linkage_clusters_key_idx ON linkage_clusters (run_id, cluster_key);
CREATE INDEX linkage_clusters_person_idx ON linkage_clusters (person_id);

-- The run's review queue: pairs a person should look at (no names: ids, numbers and a reason).
CREATE TABLE linkage_review (
  run_id text NOT NULL REFERENCES linkage_runs (id) ON DELETE CASCADE,
  left_person_id text NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  right_person_id text NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  probability double precision NOT NULL CHECK (probability >= 0 AND probability <= 1),
  match_weight double precision NOT NULL,
  reason text NOT NULL CHECK (reason IN ('uncertain', 'chain_guard', 'not_same', 'too_large')),
  -- 'unsure' when a reviewer looked and could not tell.
  decided text CHECK (decided IN ('same', 'not_same', 'unsure')),
  PRIMARY KEY (run_id, left_person_id, right_person_id)
);

-- Human decisions: append-only (a trigger refuses updates); the latest on a pair is in force.
-- Deleting a person (erasure) deletes the decisions naming her.
CREATE TABLE linkage_decisions (
  -- Random; the sealed reason is bound to it.
  id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
  -- Order of recording (decisions made in the same instant keep their order).
  seq bigserial UNIQUE,
  left_person_id text NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  right_person_id text NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  verdict text NOT NULL CHECK (verdict IN ('same', 'not_same', 'unsure')),
  -- users.id of the reviewer.
  decided_by text NOT NULL,
  -- Why, in the reviewer's words: free text can identify, so it is sealed under the data key of
  -- the left person's organisation, bound to (linkage_decisions, id, 'why').
  why bytea,
  why_organisation_id text REFERENCES organisations (id),
  decided_at timestamptz NOT NULL,
  CHECK (left_person_id <> right_person_id),
  CHECK ((why IS NULL) = (why_organisation_id IS NULL))
);
CREATE INDEX linkage_decisions_left_idx ON linkage_decisions (left_person_id);
CREATE INDEX linkage_decisions_right_idx ON linkage_decisions (right_person_id);

CREATE FUNCTION linkage_decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'linkage decisions are never changed: record a new decision instead';
END;
$$;
CREATE TRIGGER linkage_decisions_no_update BEFORE UPDATE ON linkage_decisions
  FOR EACH ROW EXECUTE FUNCTION linkage_decisions_append_only();
