-- Users, sessions and per-case restrictions (src/protect/access). Passwords are Argon2id hashes;
-- TOTP secrets are sealed under a master-key subkey; session tokens are stored as SHA-256 hashes.

CREATE TABLE users (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{1,63}$'),
  -- NULL only for administrators, who manage the installation and read no case data.
  organisation_id text REFERENCES organisations (id),
  role text NOT NULL
    CHECK (role IN ('administrator', 'documenter', 'legal_officer', 'analyst', 'viewer')),
  password_hash text NOT NULL,
  -- Set when an administrator (or jayu init) issued a one-time password: the first login must
  -- replace it before anything else is allowed.
  must_change_password boolean NOT NULL DEFAULT true,
  totp_secret_sealed bytea NOT NULL,
  -- Last TOTP time step accepted: a code is never accepted twice.
  totp_last_step bigint NOT NULL DEFAULT 0,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  CHECK ((role = 'administrator') = (organisation_id IS NULL))
);

CREATE TABLE user_sessions (
  token_hash bytea PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  -- Absolute end; an idle session also ends after the idle timeout (checked against last_seen_at).
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);

-- A case with rows here is visible (even de-identified, record by record) only to these users.
CREATE TABLE case_restrictions (
  case_id text NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_restrictions_user_idx ON case_restrictions (user_id);
