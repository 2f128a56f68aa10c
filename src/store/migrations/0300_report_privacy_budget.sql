-- Differential-privacy budget ledger (src/report/disclosure/ledger.ts): one total budget per
-- dataset, and every charge made against it. Charges are append-only: a published number is
-- never unpublished, so its privacy cost is never refunded.
CREATE TABLE report_privacy_budget (
  dataset text PRIMARY KEY CHECK (length(dataset) BETWEEN 1 AND 200),
  epsilon double precision NOT NULL CHECK (epsilon >= 0),
  delta double precision NOT NULL CHECK (delta >= 0 AND delta < 1)
);

CREATE TABLE report_privacy_charge (
  id bigserial PRIMARY KEY,
  dataset text NOT NULL REFERENCES report_privacy_budget (dataset),
  epsilon double precision NOT NULL CHECK (epsilon >= 0),
  delta double precision NOT NULL CHECK (delta >= 0 AND delta < 1),
  -- What was released (a table id), never any value from the data.
  release text NOT NULL,
  charged_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_privacy_charge_dataset_idx ON report_privacy_charge (dataset);
