-- Jayu core schema: HURIDOCS Events Standard Formats with IOM HTCDS / CTDC fields
-- (shared/design/domain.md section 4; the TypeScript shapes are src/model/types.ts).
--
-- What is stored in plaintext is only what does not identify a person: codes, years, gazetteer
-- ids, place names, counts. Every identifying field of a row (IDENTIFYING_FIELDS) is held in its
-- `vault` column: one JSON object sealed by the protection layer's RecordSealer, bound to
-- (table, record id, 'vault'). `*_key` columns are keyed blind indexes (HMAC) for exact lookup and
-- linkage blocking. Dates finer than a year exist only inside a vault.
--
-- Child rows of a case are keyed by (case_id, id): the ids in a case file are local to the case.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE organisations (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- An organisation's list of persons (the `source` column of a person list).
CREATE TABLE sources (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  organisation_id text NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sources_organisation_idx ON sources (organisation_id);

CREATE TABLE persons (
  -- Pseudonymous id: random, never derived from a name.
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  source_id text NOT NULL REFERENCES sources (id),
  record_id text NOT NULL CHECK (length(record_id) BETWEEN 1 AND 200),
  sex text NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  birth_year smallint CHECK (birth_year BETWEEN 1900 AND 2100),
  birth_year_precision text
    CHECK (birth_year_precision IN ('exact', 'month', 'year', 'estimate', 'unknown')),
  -- CTDC age band at the time of the events.
  age_band text
    CHECK (age_band IN ('0-8', '9-17', '18-20', '21-23', '24-26', '27-29', '30-38', '39-47', '48+')),
  citizenship text CHECK (citizenship ~ '^[A-Z]{2}$'),
  -- Places: *_text is the name as written (place names do not identify a person), *_id its
  -- gazetteer id when the gazetteer knows the name; text without id is an unknown place.
  home_province_id text,
  home_province_text text,
  home_county_id text,
  home_county_text text,
  crossing_place_id text,
  crossing_place_text text,
  china_place_id text,
  china_place_text text,
  event_year smallint CHECK (event_year BETWEEN 1900 AND 2100),
  repatriated boolean,
  counting_unit text NOT NULL DEFAULT 'individual' CHECK (counting_unit IN ('individual', 'group')),
  group_size integer CHECK (group_size > 0),
  -- Sealed JSON: names, other names, birth date, id number, address, contacts, notes, extra columns.
  vault bytea,
  name_key text,
  birth_date_key text,
  id_number_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_id, record_id)
);
CREATE INDEX persons_name_key_idx ON persons (name_key);
CREATE INDEX persons_birth_date_key_idx ON persons (birth_date_key);
CREATE INDEX persons_id_number_key_idx ON persons (id_number_key);
CREATE INDEX persons_home_province_idx ON persons (home_province_id);
CREATE INDEX persons_event_year_idx ON persons (event_year);

CREATE TABLE cases (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
  organisation_id text NOT NULL REFERENCES organisations (id),
  source_id text NOT NULL REFERENCES sources (id),
  person_id text NOT NULL UNIQUE REFERENCES persons (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('draft', 'open', 'urgent', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_source_idx ON cases (source_id);

CREATE TABLE events (
  case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  id text NOT NULL,
  type text NOT NULL CHECK (type IN ('Recruitment', 'BorderCrossing', 'Sale', 'Transit',
    'Exploitation', 'Escape', 'ArrestPRC', 'DetentionPRC', 'Repatriation', 'InterrogationDPRK',
    'DetentionDPRK', 'Release', 'Death')),
  -- Year only; the exact start/end (when finer than a year) is in the vault.
  start_year smallint CHECK (start_year BETWEEN 1900 AND 2100),
  start_precision text NOT NULL
    CHECK (start_precision IN ('exact', 'month', 'year', 'estimate', 'unknown')),
  end_year smallint CHECK (end_year BETWEEN 1900 AND 2100),
  end_precision text CHECK (end_precision IN ('exact', 'month', 'year', 'estimate', 'unknown')),
  place_id text,
  -- A place the gazetteer does not know, verbatim (place names do not identify a person).
  place_text text,
  vault bytea,
  PRIMARY KEY (case_id, id)
);
CREATE INDEX events_type_idx ON events (type);

CREATE TABLE acts (
  case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  id text NOT NULL,
  event_id text NOT NULL,
  victim_person_id text NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  violation text NOT NULL CHECK (violation ~ '^[a-z][a-z0-9_.]*$'),
  methods text[] NOT NULL DEFAULT '{}',
  victim_status text CHECK (victim_status IN ('alive', 'dead', 'detained', 'missing', 'unknown')),
  sale_price numeric(14, 2) CHECK (sale_price >= 0),
  sale_currency text CHECK (sale_currency ~ '^[A-Z]{3}$'),
  sale_kind text CHECK (sale_kind IN ('wife', 'brothel', 'cybersex', 'labour', 'other')),
  PRIMARY KEY (case_id, id),
  FOREIGN KEY (case_id, event_id) REFERENCES events (case_id, id) ON DELETE CASCADE
);
CREATE INDEX acts_violation_idx ON acts (violation);

CREATE TABLE perpetrators (
  case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('person', 'organisation')),
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_.]*$'),
  -- Sealed: name, description.
  vault bytea,
  PRIMARY KEY (case_id, id)
);

CREATE TABLE involvements (
  case_id text NOT NULL,
  perpetrator_id text NOT NULL,
  act_id text NOT NULL,
  role text NOT NULL CHECK (role ~ '^[a-z][a-z0-9_.]*$'),
  degree text NOT NULL CHECK (degree IN ('direct', 'ordered', 'assisted', 'suspected')),
  PRIMARY KEY (case_id, perpetrator_id, act_id, role),
  FOREIGN KEY (case_id, perpetrator_id) REFERENCES perpetrators (case_id, id) ON DELETE CASCADE,
  FOREIGN KEY (case_id, act_id) REFERENCES acts (case_id, id) ON DELETE CASCADE
);

-- Chain of events.
CREATE TABLE event_links (
  case_id text NOT NULL,
  from_event_id text NOT NULL,
  to_event_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('precedes', 'causes', 'part_of')),
  PRIMARY KEY (case_id, from_event_id, to_event_id, kind),
  FOREIGN KEY (case_id, from_event_id) REFERENCES events (case_id, id) ON DELETE CASCADE,
  FOREIGN KEY (case_id, to_event_id) REFERENCES events (case_id, id) ON DELETE CASCADE
);

-- Who told it and how they know.
CREATE TABLE information_sources (
  case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  id text NOT NULL,
  source_id text NOT NULL REFERENCES sources (id),
  knowledge text NOT NULL CHECK (knowledge IN ('direct', 'witness', 'hearsay', 'document')),
  reliability text NOT NULL CHECK (reliability ~ '^[A-Za-z0-9_.]+$'),
  language text,
  interview_year smallint CHECK (interview_year BETWEEN 1900 AND 2100),
  interview_precision text
    CHECK (interview_precision IN ('exact', 'month', 'year', 'estimate', 'unknown')),
  -- Sealed: informant, exact interview date.
  vault bytea,
  PRIMARY KEY (case_id, id)
);

-- Consent, one row per purpose (domain.md rule 4): a purpose without a granted, unwithdrawn row
-- is not consented to.
CREATE TABLE consents (
  case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  purpose text NOT NULL
    CHECK (purpose IN ('case_management', 'legal_proceedings', 'un_reporting', 'aggregate_statistics')),
  granted boolean NOT NULL,
  given_on date,
  withdrawn_on date,
  restrictions text,
  PRIMARY KEY (case_id, purpose)
);

CREATE TABLE interventions (
  case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('un_urgent_appeal', 'un_working_group', 'legal_aid',
    'family_contact', 'referral', 'legal_action')),
  status text NOT NULL CHECK (status IN ('planned', 'open', 'sent', 'answered', 'closed')),
  responsible text,
  deadline date,
  -- Sealed: notes.
  vault bytea,
  PRIMARY KEY (case_id, id)
);

-- Metadata only; the (encrypted) files come with the protection layer.
CREATE TABLE evidence_items (
  case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  id text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type text NOT NULL,
  bytes bigint NOT NULL CHECK (bytes >= 0),
  received_on date,
  -- Sealed: description.
  vault bytea,
  PRIMARY KEY (case_id, id)
);
CREATE INDEX evidence_items_sha256_idx ON evidence_items (sha256);

-- ICC Case Matrix: act x legal element x evidence x status.
CREATE TABLE element_assessments (
  case_id text NOT NULL,
  act_id text NOT NULL,
  element text NOT NULL CHECK (element ~ '^[a-z][a-z0-9_.]*$'),
  evidence_ids text[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('unassessed', 'supported', 'contested', 'insufficient')),
  -- Sealed: note.
  vault bytea,
  PRIMARY KEY (case_id, act_id, element),
  FOREIGN KEY (case_id, act_id) REFERENCES acts (case_id, id) ON DELETE CASCADE
);

-- One row per import command: what came in and what it did (no file names, no values).
CREATE TABLE import_runs (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  formats text[] NOT NULL DEFAULT '{}',
  files integer NOT NULL DEFAULT 0,
  source_ids text[] NOT NULL DEFAULT '{}',
  rows_read integer NOT NULL DEFAULT 0,
  inserted integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  skipped_invalid integer NOT NULL DEFAULT 0,
  unknown_places integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);
