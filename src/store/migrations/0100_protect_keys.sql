-- Key material of the protection layer (src/protect). Nothing in these tables is usable without
-- the master key, which is never stored here: it lives in a key file outside the data directory,
-- or is derived from a passphrase with Argon2id (the salt and costs below).

CREATE TABLE protect_master (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- Random id of this store; names it in signed audit tree heads and evidence packages.
  store_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('key_file', 'passphrase')),
  -- Argon2id salt and cost parameters when source = 'passphrase'.
  kdf jsonb,
  -- HMAC under a master-key subkey: proves a presented key is the right one, reveals nothing.
  check_value bytea NOT NULL,
  -- The installation's system key, wrapped under the master key: it seals TOTP secrets, keys the
  -- audit MACs and seals the audit signing key, so rotating the master key re-wraps one value.
  system_key_wrapped bytea NOT NULL,
  -- Ed25519 key that signs audit tree heads: public key (SPKI DER) and the private key (PKCS#8)
  -- sealed under the system key.
  audit_public_key bytea NOT NULL,
  audit_private_key_sealed bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  rotated_at timestamptz
);

-- Each organisation's data keys, wrapped under the master key and bound to
-- (organisation, purpose, version). 'field' keys are versioned (rotation adds one; old versions
-- keep opening old values); the one 'index' key makes blind indexes.
CREATE TABLE protect_data_keys (
  organisation_id text NOT NULL REFERENCES organisations (id),
  purpose text NOT NULL CHECK (purpose IN ('field', 'index')),
  version integer NOT NULL CHECK (version >= 1),
  wrapped bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, purpose, version)
);
