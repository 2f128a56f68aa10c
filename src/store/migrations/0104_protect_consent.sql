-- Consent beyond cases (src/protect/consent.ts). A case's consent lives in `consents` (0001).
-- Persons known only from an organisation's list have no case: their list (source) may record the
-- consent it was collected under, and one person may override it (e.g. withdraw). For a person,
-- the case's rows decide when there is a case; else the person's own row; else the list's row;
-- else there is no consent.
CREATE TABLE source_consents (
  source_id text NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  purpose text NOT NULL
    CHECK (purpose IN ('case_management', 'legal_proceedings', 'un_reporting', 'aggregate_statistics')),
  granted boolean NOT NULL,
  given_on date,
  withdrawn_on date,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, purpose)
);

CREATE TABLE person_consents (
  person_id text NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  purpose text NOT NULL
    CHECK (purpose IN ('case_management', 'legal_proceedings', 'un_reporting', 'aggregate_statistics')),
  granted boolean NOT NULL,
  given_on date,
  withdrawn_on date,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, purpose)
);
