-- Evidence files (src/protect/evidence): content-addressed by the SHA-256 of the plaintext,
-- stored encrypted in chunks, per organisation. The evidentiary copy is written once and never
-- updated (a trigger refuses UPDATE); custody events go to the audit log.
CREATE TABLE evidence_blobs (
  organisation_id text NOT NULL REFERENCES organisations (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bigint NOT NULL CHECK (bytes >= 0),
  chunks integer NOT NULL CHECK (chunks >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, sha256)
);

CREATE TABLE evidence_chunks (
  organisation_id text NOT NULL,
  sha256 text NOT NULL,
  chunk integer NOT NULL CHECK (chunk >= 0),
  sealed bytea NOT NULL,
  PRIMARY KEY (organisation_id, sha256, chunk),
  FOREIGN KEY (organisation_id, sha256) REFERENCES evidence_blobs (organisation_id, sha256)
);

CREATE FUNCTION evidence_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'evidence is write-once: % rows are never updated', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER evidence_blobs_write_once BEFORE UPDATE ON evidence_blobs
  FOR EACH ROW EXECUTE FUNCTION evidence_write_once();
CREATE TRIGGER evidence_chunks_write_once BEFORE UPDATE ON evidence_chunks
  FOR EACH ROW EXECUTE FUNCTION evidence_write_once();
