import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store';
import { MEMORY } from '../../store/pglite';
import { serverFixture, type ServerFixture } from '../testing/http';

describe('administration routes', () => {
  let s: ServerFixture;
  beforeAll(async () => {
    s = await serverFixture(await openStore({ data: MEMORY }));
  });
  afterAll(() => s.close());

  it('lets the administrator manage organisations, users and see key versions', async () => {
    const admin = await s.signedIn('admin');
    const orgs = await admin.get('/api/admin/organisations');
    expect(orgs.statusCode).toBe(200);
    expect(orgs.json().map((o: { id: string }) => o.id)).toEqual(['org-a', 'org-b']);

    const created = await admin.post('/api/admin/organisations', { id: 'org-c', name: '새 기관' });
    expect(created.statusCode).toBe(201);
    const again = await admin.post('/api/admin/organisations', { id: 'org-c', name: 'again' });
    expect(again.statusCode).toBe(400);

    const keys = (await admin.get('/api/admin/keys')).json();
    expect(keys).toEqual(expect.arrayContaining([{ organisation: 'org-c', keyVersion: 1 }]));
    expect(JSON.stringify(keys)).not.toMatch(/key":"|wrapped/);

    const user = await admin.post('/api/admin/users', {
      username: 'analyst2',
      role: 'analyst',
      organisation: 'org-c',
    });
    expect(user.statusCode).toBe(201);
    expect(user.json().oneTimePassword.length).toBeGreaterThan(10);
    expect(user.json().totpUri).toMatch(/^otpauth:\/\/totp\//);
    const users = (await admin.get('/api/admin/users')).json();
    expect(users).toEqual(
      expect.arrayContaining([
        {
          username: 'analyst2',
          role: 'analyst',
          organisation: 'org-c',
          disabled: false,
          locked: false,
        },
        { username: 'admin', role: 'administrator', disabled: false, locked: false },
      ]),
    );
    // A non-administrator without an organisation is refused by the protection layer.
    const orphan = await admin.post('/api/admin/users', { username: 'orphan', role: 'analyst' });
    expect(orphan.statusCode).toBe(400);
    // A coordinator of several organisations belongs to none of them.
    const coordinator = await admin.post('/api/admin/users', {
      username: 'coordinator2',
      role: 'coordinator',
    });
    expect(coordinator.statusCode, coordinator.body).toBe(201);
    const placed = await admin.post('/api/admin/users', {
      username: 'coordinator3',
      role: 'coordinator',
      organisation: 'org-c',
    });
    expect(placed.statusCode).toBe(400);
    expect((await admin.get('/api/admin/users')).json()).toEqual(
      expect.arrayContaining([
        { username: 'coordinator2', role: 'coordinator', disabled: false, locked: false },
      ]),
    );
    const signedIn = await s.signedIn('coordinator');
    expect((await signedIn.get('/api/session')).json().user).toMatchObject({
      username: 'coordinator',
      role: 'coordinator',
    });

    expect((await admin.post('/api/admin/users/analyst2/disable')).statusCode).toBe(204);
    const after = (await admin.get('/api/admin/users')).json();
    expect(after.find((u: { username: string }) => u.username === 'analyst2').disabled).toBe(true);
    const reset = await admin.post('/api/admin/users/analyst2/reset');
    expect(reset.statusCode).toBe(200);
    expect(reset.json().oneTimePassword).not.toBe(user.json().oneTimePassword);
  });

  it('verifies the audit log', async () => {
    const admin = await s.signedIn('admin');
    const res = await admin.post('/api/admin/audit/verify');
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.ok).toBe(true);
    expect(v.entries).toBeGreaterThan(5);
    expect(v.rootHash).toMatch(/^[0-9a-f]{64}$/);
    expect(v.problems).toEqual([]);
  });

  it('detects an edited audit entry through the API', async () => {
    const admin = await s.signedIn('admin');
    // An attacker with database access first switches off the append-only trigger.
    await s.fx.db.exec('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await s.fx.db.query(
      `UPDATE audit_entries SET entry = replace(entry, 'user.login', 'user.logon') WHERE seq = (SELECT min(seq) FROM audit_entries WHERE entry LIKE '%user.login%')`,
    );
    const v = (await admin.post('/api/admin/audit/verify')).json();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p: { kind: string }) => p.kind)).toContain('edited');
  });
});
