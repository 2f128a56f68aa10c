import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { SESSION_CHANGE_CHANNEL, SessionCache } from './session-cache';
import { protectedFixture, type ProtectedFixture } from './testing';

/** Resolves once `check` holds (notices arrive on their own connection), failing after 5 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('not within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const refused = (p: Promise<unknown>) =>
  p.then(
    () => false,
    () => true,
  );

describe.each(storeBackends())('$name', (backend) => {
  let fx: ProtectedFixture;
  afterEach(async () => {
    await fx?.db.close();
  });

  /**
   * The user a token resumes as: a plain value, so that a failing `rejects` prints a name, not
   * a whole Session (with its store and database: vitest ran out of memory formatting one).
   */
  const whoIs = (token: string) => fx.store.resume(token).then((s) => s.principal.username);

  /** A fixture whose store listens, and a documenter's token resumed once (so held). */
  async function heldSession(): Promise<string> {
    fx = await protectedFixture(await backend.open(), { organisations: ['org-a', 'org-b'] });
    const token = (await fx.loginAs('documenter-org-a')).token!;
    await fx.store.resume(token);
    await fx.store.sessions.listening;
    expect(fx.store.sessions.active).toBe(true);
    await fx.store.resume(token);
    return token;
  }

  /** Runs `sql` with the notices' triggers off: a change the held sessions are not told of. */
  async function unnoticed(db: Db, sql: string): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.query('ALTER TABLE user_sessions DISABLE TRIGGER user_sessions_notify_change');
      await tx.query(sql);
      await tx.query('ALTER TABLE user_sessions ENABLE TRIGGER user_sessions_notify_change');
    });
  }

  it('serves a resumed session from memory until a notice says sessions changed', async () => {
    const token = await heldSession();
    // Revoked with no notice: still served, so the session came from memory, not the database.
    await unnoticed(fx.db, 'UPDATE user_sessions SET revoked_at = now()');
    expect((await fx.store.resume(token)).principal.username).toBe('documenter-org-a');
    await fx.db.query(`SELECT pg_notify('${SESSION_CHANGE_CHANNEL}', '')`);
    await eventually(() => refused(fx.store.resume(token)));
    await expect(whoIs(token)).rejects.toThrow(/expired or was ended/);
  });

  it.each([
    ['revoked', `UPDATE user_sessions SET revoked_at = now()`, /expired or was ended/],
    ['deleted', `DELETE FROM user_sessions`, /expired or was ended/],
    ['its user disabled', `UPDATE users SET disabled_at = now()`, /expired or was ended/],
  ])('a session %s by SQL on another connection is refused', async (_, sql, error) => {
    const token = await heldSession();
    await fx.db.query(sql);
    await eventually(() => refused(fx.store.resume(token)));
    await expect(whoIs(token)).rejects.toThrow(error);
  });

  it("a change of the user's role, organisation or password duty is seen at once", async () => {
    const token = await heldSession();
    await fx.db.query(`UPDATE users SET role = 'viewer' WHERE username = 'documenter-org-a'`);
    await eventually(async () => (await fx.store.resume(token)).principal.role === 'viewer');
    await fx.db.query(
      `UPDATE users SET organisation_id = 'org-b' WHERE username = 'documenter-org-a'`,
    );
    await eventually(
      async () => (await fx.store.resume(token)).principal.organisationId === 'org-b',
    );
    await fx.db.query(
      `UPDATE users SET must_change_password = true WHERE username = 'documenter-org-a'`,
    );
    await eventually(async () => (await fx.store.resume(token)).mustChangePassword);
  });

  it('logout, a credentials reset and disabling a user end held sessions in this process', async () => {
    const token = await heldSession();
    const admin = await fx.loginAs('admin');
    await admin.resetCredentials('documenter-org-a');
    await expect(whoIs(token)).rejects.toThrow(/expired or was ended/);

    const other = (await fx.loginAs('analyst-org-a')).token!;
    await fx.store.resume(other);
    await admin.disableUser('analyst-org-a');
    await expect(whoIs(other)).rejects.toThrow(/expired or was ended/);

    const mine = await fx.loginAs('viewer-org-a');
    await fx.store.resume(mine.token!);
    await mine.logout();
    await expect(whoIs(mine.token!)).rejects.toThrow(/expired or was ended/);
  });

  it('what requests and sign-ins write sends no notice; what ends a session does', async () => {
    const token = await heldSession();
    let notices = 0;
    const stop = await fx.db.listen(
      SESSION_CHANGE_CHANNEL,
      () => notices++,
      () => undefined,
    );
    try {
      // A sign-in (its counters, a new session) and a request a minute later (last_seen_at).
      await fx.loginAs('analyst-org-a');
      fx.clock.advance(61_000);
      await fx.store.resume(token);
      await fx.db.query(`UPDATE user_sessions SET last_seen_at = now()`);
      await fx.db.query(`UPDATE users SET failed_logins = 1, locked_until = NULL`);
      await fx.db.query(`SELECT pg_notify('jayu_other_channel', '')`);
      await fx.db.query(`UPDATE user_sessions SET expires_at = expires_at`);
      await eventually(async () => notices > 0);
      expect(notices).toBe(1);
    } finally {
      await stop();
    }
  });

  it('a session past its lifetime or idle time is read again, and refused', async () => {
    const token = await heldSession();
    fx.clock.advance(31 * 60_000);
    await expect(whoIs(token)).rejects.toThrow(/expired/);
  });

  it('keeps no read begun before a notice', async () => {
    fx = await protectedFixture(await backend.open());
    const cache = new SessionCache<string>(fx.db);
    expect(cache.get('k')).toBeUndefined();
    await cache.listening;
    expect(cache.active).toBe(true);
    const before = cache.mark();
    cache.forget();
    cache.keep('k', 'as read before the notice', before);
    expect(cache.get('k')).toBeUndefined();
    cache.keep('k', 'as read after', cache.mark());
    expect(cache.get('k')).toBe('as read after');
    await cache.close();
    expect(cache.get('k')).toBeUndefined();
  });

  if (backend.name === 'postgres') {
    it('keeps nothing while its listening connection is lost', async () => {
      const token = await heldSession();
      await fx.db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
      await eventually(async () => !fx.store.sessions.active);
      // Notices may have been missed: every request reads the database.
      await unnoticed(fx.db, 'UPDATE user_sessions SET revoked_at = now()');
      await expect(whoIs(token)).rejects.toThrow(/expired or was ended/);
    });

    it('listens again after a lost connection, keeping nothing from before', async () => {
      fx = await protectedFixture(await backend.open());
      const cache = new SessionCache<string>(fx.db, SESSION_CHANGE_CHANNEL, 0);
      cache.get('k');
      await cache.listening;
      const before = cache.mark();
      await fx.db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
      await eventually(async () => !cache.active);
      expect(cache.get('k')).toBeUndefined();
      await cache.listening;
      expect(cache.active).toBe(true);
      cache.keep('k', 'read while the connection was lost', before);
      expect(cache.get('k')).toBeUndefined();
      // And the new connection hears notices.
      cache.keep('k', 'read now', cache.mark());
      expect(cache.get('k')).toBe('read now');
      await fx.db.query(`SELECT pg_notify('${SESSION_CHANGE_CHANNEL}', '')`);
      await eventually(async () => cache.get('k') === undefined);
      await cache.close();
    });
  }
});
