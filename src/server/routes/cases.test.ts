import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPlaces, provinceOf } from '../../model/gazetteer';
import { openStore } from '../../store';
import { MEMORY } from '../../store/pglite';
import { PROVINCE_OF_PLACE } from '../case-search';
import { newClient, serverFixture, type Client, type ServerFixture } from '../testing/http';
import { CANARY, testimony } from '../testing/testimony';

const CANARIES = [
  CANARY.givenName,
  CANARY.otherName,
  CANARY.description,
  CANARY.informant,
  CANARY.birthDate,
  CANARY.perpetrator,
];

function leaks(body: string): string[] {
  return CANARIES.filter((c) => body.includes(c));
}

describe('case routes', () => {
  let s: ServerFixture;
  const as: Record<string, Client> = {};
  beforeAll(async () => {
    s = await serverFixture(await openStore({ data: MEMORY }));
    for (const u of [
      'admin',
      'coordinator',
      'documenter-org-a',
      'legal-officer-org-a',
      'analyst-org-a',
      'viewer-org-a',
      'documenter-org-b',
      'legal-officer-org-b',
      'analyst-org-b',
    ]) {
      as[u] = await s.signedIn(u);
    }
    const created = await as['documenter-org-a']!.post('/api/cases', testimony('case-a1'));
    expect(created.statusCode, created.body).toBe(201);
    const urgent = await as['documenter-org-a']!.post(
      '/api/cases',
      testimony('case-a2', { urgent: true }),
    );
    expect(urgent.statusCode, urgent.body).toBe(201);
    const noConsent = await as['documenter-org-a']!.post(
      '/api/cases',
      testimony('case-a3', { purposes: ['aggregate_statistics'] }),
    );
    expect(noConsent.statusCode, noConsent.body).toBe(201);
  });
  afterAll(() => s.close());

  it('stores and returns a whole testimony to its documenter, identified', async () => {
    const res = await as['documenter-org-a']!.get('/api/cases/case-a1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { case: c, deidentified } = res.json();
    expect(deidentified).toBe(false);
    const sent = testimony('case-a1');
    expect(c.person.names).toEqual(sent.person.names);
    expect(c.person.birthDate).toBe(CANARY.birthDate);
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(sent.events.map((e) => e.type));
    expect(c.events[1].start).toEqual({ value: '2018-03-20', precision: 'exact' });
    expect(
      c.acts.find((a: { violation: string }) => a.violation === 'sexual_slavery').salePrice,
    ).toBe(20000);
    expect(c.perpetrators[0].name).toBe(CANARY.perpetrator);
    expect(c.information[0].informant).toBe(CANARY.informant);
    expect(c.organisation).toBe('org-a');
    expect(c.consent.purposes).toEqual(
      expect.arrayContaining(['case_management', 'legal_proceedings', 'aggregate_statistics']),
    );
  });

  it('gives an analyst the same case de-identified: no names, exact dates or free text', async () => {
    const res = await as['analyst-org-a']!.get('/api/cases/case-a1');
    expect(res.statusCode).toBe(200);
    expect(leaks(res.body)).toEqual([]);
    const { case: c, deidentified } = res.json();
    expect(deidentified).toBe(true);
    expect(c.person.names).toEqual({});
    expect(c.events[1].start).toEqual({ value: '2018', precision: 'year' });
    expect(c.acts).toHaveLength(4);
    expect(c.person.homeProvince).toBe('kp-hamn');
  });

  it('de-identifies for a documenter when the person gave no consent to case management', async () => {
    const res = await as['documenter-org-a']!.get('/api/cases/case-a3');
    expect(res.statusCode).toBe(200);
    expect(res.json().deidentified).toBe(true);
    expect(leaks(res.body)).toEqual([]);
  });

  it('finds the Hangul record from a romanised, Hanja or pinyin name, for roles that see names', async () => {
    for (const q of ['Kim Sun-hee', 'Gim Sunhui', '金順姬', '김순희', 'Jin Shunji']) {
      const res = await as['legal-officer-org-a']!.post('/api/cases/search', { q });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.items.map((i: { id: string }) => i.id).sort(), q).toEqual(
        ['case-a1', 'case-a2', 'case-a3'].filter((id) => id !== 'case-a3' || q !== 'none'),
      );
    }
    const named = (
      await as['documenter-org-a']!.post('/api/cases/search', { q: 'Kim Sun-hee' })
    ).json();
    const a1 = named.items.find((i: { id: string }) => i.id === 'case-a1');
    expect(a1.name).toBe(`${CANARY.familyName} ${CANARY.givenName}`);
    // No consent for case management: found, but without the name.
    expect(named.items.find((i: { id: string }) => i.id === 'case-a3').name).toBeUndefined();
    const other = (
      await as['documenter-org-a']!.post('/api/cases/search', { q: 'Park Young-hee' })
    ).json();
    expect(other.total).toBe(0);
  });

  it('does not let an analyst search by name, and shows no name in the list', async () => {
    const byName = (
      await as['analyst-org-a']!.post('/api/cases/search', { q: 'Kim Sun-hee' })
    ).json();
    expect(byName.total).toBe(0);
    const all = await as['analyst-org-a']!.post('/api/cases/search', {});
    expect(all.json().total).toBe(3);
    expect(
      all
        .json()
        .items.every(
          (i: { name?: string; pseudonym: string }) => !i.name && /^P-/.test(i.pseudonym),
        ),
    ).toBe(true);
    expect(leaks(all.body)).toEqual([]);
    const byRecord = (
      await as['analyst-org-a']!.post('/api/cases/search', { q: 'case-a1' })
    ).json();
    expect(byRecord.items.map((i: { id: string }) => i.id)).toEqual(['case-a1']);
  });

  it('narrows by facets and counts facet values', async () => {
    const c = as['documenter-org-a']!;
    const all = (await c.post('/api/cases/search', {})).json();
    expect(all.facets.status).toEqual(
      expect.arrayContaining([
        { value: 'open', count: 2 },
        { value: 'urgent', count: 1 },
      ]),
    );
    expect(all.facets.province).toEqual(
      expect.arrayContaining([
        { value: 'cn-jl', count: 3 },
        { value: 'kp-hamn', count: 3 },
      ]),
    );
    expect(all.facets.year).toEqual(expect.arrayContaining([{ value: '2021', count: 3 }]));
    const urgent = (await c.post('/api/cases/search', { status: ['urgent'] })).json();
    expect(urgent.items.map((i: { id: string }) => i.id)).toEqual(['case-a2']);
    const none = (await c.post('/api/cases/search', { violation: ['execution'] })).json();
    expect(none.total).toBe(0);
    const byProvince = (
      await c.post('/api/cases/search', { province: ['cn-hl'], year: [2018] })
    ).json();
    expect(byProvince.total).toBe(3);
    const paged = (await c.post('/api/cases/search', { page: 2, pageSize: 2 })).json();
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBe(3);
  });

  it('derives provinces from place ids exactly as the gazetteer does', async () => {
    const ids = allPlaces().map((p) => p.id);
    const { rows } = await s.fx.db.query<{ id: string; province: string | null }>(
      `SELECT id, ${PROVINCE_OF_PLACE('id')} AS province FROM unnest($1::text[]) AS id`,
      [ids],
    );
    for (const r of rows) {
      const expected = provinceOf(r.id)?.id ?? null;
      expect(r.province, r.id).toBe(expected);
    }
  });

  it('saves drafts by replacing the case, and keeps the search keys in step', async () => {
    const c = as['documenter-org-a']!;
    const draft = {
      ...testimony('case-a4'),
      status: 'draft' as const,
      events: [],
      acts: [],
      perpetrators: [],
      involvements: [],
      links: [],
    };
    draft.person = { ...draft.person, names: { familyName: '박', givenName: '영옥' } };
    expect((await c.post('/api/cases', draft)).statusCode).toBe(201);
    expect((await c.post('/api/cases', draft)).statusCode).toBe(409);
    const found = (await c.post('/api/cases/search', { q: 'Pak Yong-ok' })).json();
    expect(found.items.map((i: { id: string }) => i.id)).toEqual(['case-a4']);
    const renamed = {
      ...draft,
      person: { ...draft.person, names: { familyName: '최', givenName: '영옥' } },
    };
    expect((await c.put('/api/cases/case-a4', renamed)).statusCode).toBe(200);
    expect((await c.post('/api/cases/search', { q: 'Pak Yong-ok' })).json().total).toBe(0);
    expect((await c.post('/api/cases/search', { q: 'Choi Young-ok' })).json().total).toBe(1);
    expect((await c.put('/api/cases/case-a4', { ...renamed, id: 'other' })).statusCode).toBe(400);
    expect((await c.put('/api/cases/nope', { ...renamed, id: 'nope' })).statusCode).toBe(404);
  });

  it('rejects an invalid case with field paths and without its values', async () => {
    const bad = testimony('case-bad');
    bad.acts[0] = { ...bad.acts[0]!, violation: 'not_a_violation' };
    bad.events[0] = { ...bad.events[0]!, start: { value: '2018-13', precision: 'month' } };
    const res = await as['documenter-org-a']!.post('/api/cases', bad);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).not.toContain('not_a_violation');
    expect(leaks(res.body)).toEqual([]);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths.some((p: string) => p.includes('acts'))).toBe(true);
    expect((await as['documenter-org-a']!.get('/api/cases/case-bad')).statusCode).toBe(404);
  });

  it('lists urgent cases with interventions and lets the documenter change their status', async () => {
    const res = await as['documenter-org-a']!.get('/api/urgent');
    expect(res.statusCode).toBe(200);
    const items = res.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      caseId: 'case-a2',
      name: `${CANARY.familyName} ${CANARY.givenName}`,
      situation: 'detained_prc',
      placeId: 'cn-jl-yanbian-tumen',
      nextDeadline: '2025-03-15',
    });
    const iv = items[0].interventions[0];
    const put = await as['documenter-org-a']!.put(`/api/cases/case-a2/interventions/${iv.id}`, {
      ...iv,
      status: 'sent',
    });
    expect(put.statusCode).toBe(204);
    const after = (await as['documenter-org-a']!.get('/api/urgent')).json();
    expect(after[0].interventions[0].status).toBe('sent');
    const analyst = await as['analyst-org-a']!.get('/api/urgent');
    expect(analyst.statusCode).toBe(200);
    expect(leaks(analyst.body)).toEqual([]);
    expect(analyst.json()[0].name).toBeUndefined();
  });

  it('suppresses small cells on the dashboard and counts only consented cases', async () => {
    const res = await as['viewer-org-a']!.get('/api/stats/dashboard');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.minimumCell).toBe(11);
    expect(d.totalCases).toBe(0);
    expect(
      d.byProvince.every(
        (r: { suppressed: boolean; count: number }) => r.suppressed && r.count === 0,
      ),
    ).toBe(true);
    const internal = (await as['documenter-org-a']!.get('/api/stats/dashboard')).json();
    expect(internal.minimumCell).toBe(5);
    expect(internal.byProvince.length).toBeGreaterThan(0);
    // The coordinator's dashboard combines organisations: the published k, and no fewer
    // province rows than one organisation's.
    const combined = await as['coordinator']!.get('/api/stats/dashboard');
    expect(combined.statusCode).toBe(200);
    expect(leaks(combined.body)).toEqual([]);
    const c = combined.json();
    expect(c.minimumCell).toBe(11);
    expect(c.byProvince.length).toBeGreaterThanOrEqual(internal.byProvince.length);
  });

  // The authorization matrix: every role against every case operation, on its own organisation's
  // case and on another organisation's, through HTTP.
  const matrix: Array<[string, string, number]> = [
    // [user, operation, expected status]
    ['admin', 'read', 403],
    ['admin', 'search', 403],
    ['admin', 'create', 403],
    ['admin', 'update', 403],
    ['admin', 'urgent', 403],
    ['admin', 'dashboard', 403],
    ['documenter-org-a', 'read', 200],
    ['documenter-org-a', 'search', 200],
    ['documenter-org-a', 'create', 201],
    ['documenter-org-a', 'update', 200],
    ['documenter-org-a', 'urgent', 200],
    ['documenter-org-a', 'dashboard', 200],
    ['documenter-org-a', 'admin', 403],
    ['legal-officer-org-a', 'read', 200],
    ['legal-officer-org-a', 'create', 403],
    ['legal-officer-org-a', 'update', 403],
    ['legal-officer-org-a', 'admin', 403],
    ['analyst-org-a', 'read', 200],
    ['analyst-org-a', 'search', 200],
    ['analyst-org-a', 'create', 403],
    ['analyst-org-a', 'update', 403],
    ['analyst-org-a', 'dashboard', 200],
    ['analyst-org-a', 'admin', 403],
    ['viewer-org-a', 'read', 403],
    ['viewer-org-a', 'search', 403],
    ['viewer-org-a', 'create', 403],
    ['viewer-org-a', 'update', 403],
    ['viewer-org-a', 'urgent', 403],
    ['viewer-org-a', 'dashboard', 200],
    ['viewer-org-a', 'admin', 403],
    // The coordinator of several organisations: linkage and statistics from the command line,
    // the dashboard over every organisation, no case, no search, no administration.
    ['coordinator', 'read', 403],
    ['coordinator', 'search', 403],
    ['coordinator', 'create', 403],
    ['coordinator', 'create-in-a', 403],
    ['coordinator', 'update', 403],
    ['coordinator', 'urgent', 403],
    ['coordinator', 'dashboard', 200],
    ['coordinator', 'admin', 403],
    // Another organisation's case.
    ['documenter-org-b', 'read', 403],
    ['documenter-org-b', 'update', 403],
    ['documenter-org-b', 'intervention', 403],
    ['legal-officer-org-b', 'read', 403],
    ['analyst-org-b', 'read', 403],
    ['documenter-org-b', 'create-in-a', 403],
    ['anonymous', 'read', 401],
    ['anonymous', 'search', 401],
    ['anonymous', 'create', 401],
    ['anonymous', 'dashboard', 401],
    ['anonymous', 'admin', 401],
  ];
  let serial = 0;
  it.each(matrix)('%s: %s -> %i', async (user, op, expected) => {
    const c = user === 'anonymous' ? newClient(s.app) : as[user]!;
    if (user === 'anonymous') await c.get('/api/session');
    const id = `m-${++serial}`;
    const original = testimony('case-a1');
    let res;
    switch (op) {
      case 'read':
        res = await c.get('/api/cases/case-a1');
        break;
      case 'search':
        res = await c.post('/api/cases/search', { q: 'Kim Sun-hee' });
        break;
      case 'create':
        res = await c.post('/api/cases', testimony(id));
        break;
      case 'create-in-a':
        res = await c.post('/api/cases', { ...testimony(id), organisation: 'org-a' });
        break;
      case 'update':
        res = await c.put('/api/cases/case-a1', original);
        break;
      case 'intervention':
        res = await c.put('/api/cases/case-a2/interventions/case-a2-v1', {
          kind: 'un_urgent_appeal',
          status: 'closed',
        });
        break;
      case 'urgent':
        res = await c.get('/api/urgent');
        break;
      case 'dashboard':
        res = await c.get('/api/stats/dashboard');
        break;
      case 'admin':
        res = await c.get('/api/admin/users');
        break;
      default:
        throw new Error(op);
    }
    expect(res.statusCode, res.body).toBe(expected);
    if (expected >= 400) {
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(leaks(res.body)).toEqual([]);
    }
  });

  it('writes every identified read to the audit log', async () => {
    const before = await s.fx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_entries WHERE entry LIKE '%record.read%'`,
    );
    await as['legal-officer-org-a']!.get('/api/cases/case-a1');
    const after = await s.fx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_entries WHERE entry LIKE '%record.read%'`,
    );
    expect(after.rows[0]!.n).toBeGreaterThan(before.rows[0]!.n);
    const all = await s.fx.db.query<{ entry: string }>('SELECT entry FROM audit_entries');
    expect(leaks(all.rows.map((r) => r.entry).join('\n'))).toEqual([]);
  });

  it('keeps names out of the database files: only blind indexes in case_name_keys', async () => {
    const { rows } = await s.fx.db.query<{ key: string }>('SELECT key FROM case_name_keys');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => /^[A-Za-z0-9_-]+$/.test(r.key) && !/KIM|SONHI/.test(r.key))).toBe(
      true,
    );
  });
});

describe('name index of imported cases', () => {
  it('makes cases imported without the API searchable, through an audited read', async () => {
    const s = await serverFixture(await openStore({ data: MEMORY }));
    try {
      const { importCases } = await import('../../ingest/import-cases');
      const { caseTextInput } = await import('../../ingest/case-files');
      const imported = { ...testimony('imp-1'), organisation: 'org-a', source: 'org-a-list' };
      imported.information = imported.information.map((i) => ({ ...i, sourceId: 'org-a-list' }));
      await importCases(s.fx.db, s.fx.store.keyring.sealerFor('org-a'), [
        caseTextInput('x', JSON.stringify(imported), false),
      ]);
      const doc = await s.signedIn('documenter-org-a');
      expect((await doc.post('/api/cases/search', { q: 'Kim Sun-hee' })).json().total).toBe(0);
      const analyst = await s.signedIn('analyst-org-a');
      expect((await analyst.post('/api/cases/index-names', {})).statusCode).toBe(403);
      const res = await doc.post('/api/cases/index-names', {});
      expect(res.json()).toEqual({ indexed: 1, remaining: 0 });
      expect((await doc.post('/api/cases/index-names', {})).json()).toEqual({
        indexed: 0,
        remaining: 0,
      });
      expect((await doc.post('/api/cases/search', { q: 'Kim Sun-hee' })).json().total).toBe(1);
    } finally {
      await s.close();
    }
  });
});
