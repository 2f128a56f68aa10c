-- A server keeps the sessions it has resumed in memory (src/protect/session-cache.ts) and forgets
-- them all on a notice on this channel: sent, when the change commits, by any change that can
-- end a session or change what it may do, whoever makes it (a server, `jayu users`, SQL by hand).
-- Not by what a request or a sign-in writes (last_seen_at, the sign-in counters, new sessions).
CREATE FUNCTION jayu_notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('jayu_session_change', '');
  RETURN NULL;
END $$;

CREATE TRIGGER user_sessions_notify_change
  AFTER UPDATE OF token_hash, user_id, expires_at, revoked_at OR DELETE OR TRUNCATE ON user_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_notify_session_change();

CREATE TRIGGER users_notify_change
  AFTER UPDATE OF id, username, organisation_id, role, must_change_password, disabled_at
     OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION jayu_notify_session_change();
