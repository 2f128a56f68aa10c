import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BinaryCopyWriter, encodeBinaryRows } from './copy-binary';
import type { Db, Queryable } from './db';
import { DataDirInUseError, LOCK_FILE_NAME } from './data-dir-lock';
import { loadMigrations, migrate, type Migration } from './migrate';
import { openStore } from './open';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import { createTestDatabase, storeBackends } from './testing';

const run = promisify(execFile);

function migration(version: number, name: string, sql: string): Migration {
  return { version, name, sql, checksum: `test-${version}-${sql.length}-${sql}` };
}

async function tableExists(db: Db, table: string): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
    table,
  ]);
  return rows[0].t !== null;
}

describe.each(storeBackends())('store on $name', (backend) => {
  it('applies every migration on open, and again is a no-op', async () => {
    const db = await backend.open();
    try {
      const { rows } = await db.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
      for (const table of ['organisations', 'sources', 'persons', 'cases', 'events', 'acts']) {
        expect(await tableExists(db, table)).toBe(true);
      }
      const again = await migrate(db);
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toEqual(loadMigrations().map((m) => m.version));
    } finally {
      await db.close();
    }
  });

  it('loads the text-search extensions', async () => {
    const db = await backend.open();
    try {
      const { rows } = await db.query<{ s: number; l: number; u: string; d: Uint8Array }>(
        `SELECT similarity('kim', 'kin') AS s, levenshtein('hyesan', 'hyesaan') AS l,
                unaccent('Hyesān') AS u, digest('x', 'sha256') AS d`,
      );
      expect(rows[0].s).toBeGreaterThan(0);
      expect(rows[0].l).toBe(1);
      expect(rows[0].u).toBe('Hyesan');
      expect(rows[0].d).toHaveLength(32);
    } finally {
      await db.close();
    }
  });

  it('returns the same JS types on both backends', async () => {
    const db = await backend.open();
    try {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT count(*) AS n, '2019-03-04'::date AS d, 12.50::numeric(14,2) AS price,
                '\\x00ff'::bytea AS b, '{"a":[1]}'::jsonb AS j, ARRAY['x','y'] AS arr`,
      );
      expect(rows[0]).toMatchObject({ n: 1, d: '2019-03-04', price: '12.50', j: { a: [1] } });
      expect(Array.from(rows[0].b as Uint8Array)).toEqual([0, 255]);
      expect(rows[0].arr).toEqual(['x', 'y']);
    } finally {
      await db.close();
    }
  });

  it('runs a prepared statement like any other, prepared and planned once per connection on PostgreSQL', async () => {
    const db = await backend.open();
    try {
      const sql = 'SELECT $1::int + 1 AS n, $2::text AS t';
      const prepared = await db.query<{ n: number; t: string }>(sql, [41, 'x'], { prepare: true });
      expect(prepared.rows).toEqual([{ n: 42, t: 'x' }]);
      // In one transaction (one connection): run twice, then ask the server what it holds.
      const names = await db.transaction(async (tx) => {
        await tx.query(sql, [1, 'a'], { prepare: true });
        const again = await tx.query<{ n: number }>(sql, [2, 'b'], { prepare: true });
        expect(again.rows[0].n).toBe(3);
        if (backend.name !== 'postgres') return [];
        // Planned once, generically: never planned again for each call's values.
        const { rows } = await tx.query<{
          statement: string;
          generic_plans: number;
          custom_plans: number;
        }>(
          `SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements
            WHERE from_sql = false`,
        );
        return rows;
      });
      if (backend.name === 'postgres') {
        expect(names).toEqual([
          { statement: sql, generic_plans: expect.any(Number), custom_plans: 0 },
        ]);
        expect(names[0].generic_plans).toBeGreaterThanOrEqual(2);
      }
      if (backend.name === 'postgres') {
        // Statements not prepared are planned for their values (a generic plan of `LIMIT $1`
        // assumes 10% of the rows), prepared ones generically, on whichever connection runs
        // them, in or out of a transaction, and after a transaction that switched was undone.
        const mode = 'SELECT current_setting($1::text) AS mode';
        const modeOf = async (q: Queryable, prepare: boolean) =>
          (await q.query<{ mode: string }>(mode, ['plan_cache_mode'], { prepare })).rows[0].mode;
        for (let i = 0; i < 6; i++) {
          expect(await modeOf(db, false)).toBe('force_custom_plan');
          expect(await modeOf(db, true)).toBe('force_generic_plan');
        }
        await expect(
          db.transaction(async (tx) => {
            expect(await modeOf(tx, true)).toBe('force_generic_plan');
            expect(await modeOf(tx, false)).toBe('force_custom_plan');
            throw new Error('undo');
          }),
        ).rejects.toThrow('undo');
        await db.transaction(async (tx) => {
          expect(await modeOf(tx, true)).toBe('force_generic_plan');
          expect(await modeOf(tx, false)).toBe('force_custom_plan');
          expect(await modeOf(tx, true)).toBe('force_generic_plan');
        });
        // JIT off on every connection, prepared or not: a generic plan's estimated cost would
        // otherwise compile statements that run in under a millisecond.
        expect((await db.query<{ jit: string }>('SHOW jit')).rows[0].jit).toBe('off');
        expect(
          (await db.query<{ mode: string }>(mode, ['jit'], { prepare: true })).rows[0].mode,
        ).toBe('off');
        // A statement the server refuses leaves its connection usable and its mode known.
        await expect(db.query('SELECT 1 / $1::int', [0])).rejects.toThrow(/division by zero/);
        for (let i = 0; i < 6; i++) expect(await modeOf(db, false)).toBe('force_custom_plan');
      }
      // A different text is another statement, never the first one's plan.
      const other = await db.query<{ n: number }>('SELECT $1::int * 2 AS n', [21], {
        prepare: true,
      });
      expect(other.rows[0].n).toBe(42);
    } finally {
      await db.close();
    }
  });

  it('copyFrom loads awkward values exactly, inside and outside transactions', async () => {
    const db = await backend.open();
    try {
      await db.exec(
        'CREATE TABLE awkward (i int, t text, b bytea, f boolean, a text[], j jsonb, n numeric)',
      );
      const rows: unknown[][] = [
        [
          1,
          'tab\there, newline\nthere, CR\r, backslash \\ and \\N',
          new Uint8Array([0, 92, 255]),
          true,
          ['a"b', 'c\\d', 'e,f'],
          { k: 'v\t' },
          1.25,
        ],
        [2, '한국어 中文 Ñ', new Uint8Array([]), false, [], '[1, 2]', 0],
        [3, null, null, null, null, null, null],
        [4, '', undefined, false, ['x y'], {}, -3],
      ];
      expect(await db.copyFrom('awkward', ['i', 't', 'b', 'f', 'a', 'j', 'n'], rows)).toBe(4);
      const back = await db.query<Record<string, unknown>>('SELECT * FROM awkward ORDER BY i');
      expect(back.rows[0].t).toBe(rows[0][1]);
      expect(Array.from(back.rows[0].b as Uint8Array)).toEqual([0, 92, 255]);
      expect(back.rows[0].a).toEqual(['a"b', 'c\\d', 'e,f']);
      expect(back.rows[0].j).toEqual({ k: 'v\t' });
      expect(back.rows[1].t).toBe('한국어 中文 Ñ');
      expect(back.rows[2]).toEqual({ i: 3, t: null, b: null, f: null, a: null, j: null, n: null });
      expect(back.rows[3].t).toBe('');

      // A COPY inside a transaction that then fails leaves nothing behind.
      await expect(
        db.transaction(async (tx) => {
          await tx.copyFrom('awkward', ['i'], [[10], [11]]);
          const inside = await tx.query<{ n: number }>('SELECT count(*) AS n FROM awkward');
          expect(inside.rows[0].n).toBe(6);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const after = await db.query<{ n: number }>('SELECT count(*) AS n FROM awkward');
      expect(after.rows[0].n).toBe(4);

      // Many rows (several COPY chunks on PGlite) arrive complete.
      const many = Array.from({ length: 60_000 }, (_, i) => [
        i + 100,
        `row ${i} ${'x'.repeat(300)}`,
      ]);
      expect(await db.copyFrom('awkward', ['i', 't'], many)).toBe(60_000);
      const total = await db.query<{ n: number }>('SELECT count(*) AS n FROM awkward');
      expect(total.rows[0].n).toBe(60_004);
    } finally {
      await db.close();
    }
  });

  it('copyFromBinary loads every binary type exactly, across chunk boundaries, and rolls back', async () => {
    const db = await backend.open();
    try {
      await db.exec(
        'CREATE TABLE bin (t text, s smallint, i integer, f boolean, b bytea, u text NOT NULL)',
      );
      const big = 'ㄱ'.repeat(400_000); // 1.2 MB in UTF-8: larger than one writer chunk
      const rows: unknown[][] = [
        ['tab\there \\N 한국어 中文', -32768, 2147483647, true, new Uint8Array([0, 92, 255]), 'a'],
        [null, null, null, null, null, 'b'],
        ['', 0, -1, false, new Uint8Array([]), 'c'],
        [big, 32767, 0, true, Buffer.alloc(70_000, 7), 'd'],
      ];
      const encoded = encodeBinaryRows(['text', 'int2', 'int4', 'bool', 'bytea', 'text'], rows);
      expect(encoded.chunks.length).toBeGreaterThan(1);
      expect(await db.copyFromBinary('bin', ['t', 's', 'i', 'f', 'b', 'u'], encoded.chunks)).toBe(
        4,
      );
      const back = await db.query<Record<string, unknown>>('SELECT * FROM bin ORDER BY u');
      expect(back.rows[0]).toMatchObject({ t: rows[0][0], s: -32768, i: 2147483647, f: true });
      expect(Array.from(back.rows[0].b as Uint8Array)).toEqual([0, 92, 255]);
      expect(back.rows[1]).toEqual({ t: null, s: null, i: null, f: null, b: null, u: 'b' });
      expect(back.rows[2]).toMatchObject({ t: '', s: 0, i: -1, f: false });
      expect((back.rows[2].b as Uint8Array).length).toBe(0);
      expect(back.rows[3].t).toBe(big);
      expect((back.rows[3].b as Uint8Array).length).toBe(70_000);

      // A constraint violation fails the COPY, and inside a transaction nothing is left behind.
      const bad = new BinaryCopyWriter();
      bad.row(2);
      bad.text('x');
      bad.null();
      await expect(
        db.transaction(async (tx) => {
          const ok = encodeBinaryRows(['text', 'text'], [['y', 'e']]);
          await tx.copyFromBinary('bin', ['t', 'u'], ok.chunks);
          await tx.copyFromBinary('bin', ['t', 'u'], bad.take().chunks);
        }),
      ).rejects.toThrow(/null value/);
      const n = await db.query<{ n: number }>('SELECT count(*) AS n FROM bin');
      expect(n.rows[0].n).toBe(4);
      expect(() => new BinaryCopyWriter().int2(40_000)).toThrow(RangeError);
      expect(() => encodeBinaryRows(['text'], [[1]])).toThrow(TypeError);
    } finally {
      await db.close();
    }
  });

  it('blind-index lookups use the partial key indexes', async () => {
    const db = await backend.open();
    try {
      await db.transaction(async (tx) => {
        await tx.exec('SET LOCAL enable_seqscan = off');
        for (const [column, where] of [
          ['name_key', 'name_key = $1'],
          ['birth_date_key', 'birth_date_key = $1'],
          ['id_number_key', 'id_number_key = ANY($1::text[])'],
        ]) {
          const param = column === 'id_number_key' ? ['a', 'b'] : 'a';
          const plan = await tx.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN SELECT id FROM persons WHERE ${where}`,
            [param],
          );
          expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain(
            `persons_${column}_idx`,
          );
        }
      });
    } finally {
      await db.close();
    }
  });

  it('rolls a failing migration back entirely and reports which one', async () => {
    const db = await backend.open();
    try {
      const bad = [
        migration(9001, 'good', 'CREATE TABLE mig_good (x int)'),
        migration(9002, 'bad', 'CREATE TABLE mig_half (x int); SELECT no_such_function();'),
      ];
      await expect(migrate(db, bad)).rejects.toThrow(/migration 9002_bad failed/);
      expect(await tableExists(db, 'mig_good')).toBe(true);
      expect(await tableExists(db, 'mig_half')).toBe(false);
      const { rows } = await db.query<{ version: number }>(
        'SELECT version FROM schema_migrations WHERE version > 9000',
      );
      expect(rows.map((r) => r.version)).toEqual([9001]);
    } finally {
      await db.close();
    }
  });

  it('refuses to run when an applied migration was edited', async () => {
    const db = await backend.open();
    try {
      await migrate(db, [migration(9100, 'edited', 'CREATE TABLE mig_edit (x int)')]);
      await expect(
        migrate(db, [migration(9100, 'edited', 'CREATE TABLE mig_edit (x int, y int)')]),
      ).rejects.toThrow(/9100_edited has changed/);
    } finally {
      await db.close();
    }
  });

  it('enforces the schema: one person per (source, record_id), vocabulary checks', async () => {
    const db = await backend.open();
    try {
      await db.exec(`INSERT INTO organisations (id, name) VALUES ('org1', 'Org one');
        INSERT INTO sources (id, organisation_id, name) VALUES ('s1', 'org1', 'List one');`);
      await db.query(
        `INSERT INTO persons (source_id, record_id, sex) VALUES ('s1', 'r1', 'female')`,
      );
      await expect(
        db.query(`INSERT INTO persons (source_id, record_id, sex) VALUES ('s1', 'r1', 'female')`),
      ).rejects.toThrow(/unique|duplicate/i);
      await expect(
        db.query(`INSERT INTO persons (source_id, record_id, sex) VALUES ('s1', 'r2', 'yes')`),
      ).rejects.toThrow(/check/i);
      const { rows } = await db.query<{ id: string }>('SELECT id FROM persons');
      expect(rows[0].id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await db.close();
    }
  });
});

describe('migrations on a PostgreSQL server', () => {
  it('two processes migrating at once neither fail nor apply anything twice', async () => {
    const database = await createTestDatabase();
    const a = await openPostgres(database.url);
    const b = await openPostgres(database.url);
    try {
      // A slow migration makes the two migrators overlap for certain.
      const list = [
        ...loadMigrations(),
        migration(9200, 'slow', 'SELECT pg_sleep(0.5); CREATE TABLE mig_slow (x int);'),
        migration(9201, 'after', 'CREATE TABLE mig_after (x int);'),
      ];
      const [ra, rb] = await Promise.all([migrate(a, list), migrate(b, list)]);
      const all = list.map((m) => m.version);
      expect([...ra.applied, ...rb.applied].sort((x, y) => x - y)).toEqual(all);
      expect([...ra.alreadyApplied, ...rb.alreadyApplied].sort((x, y) => x - y)).toEqual(all);
      const { rows } = await a.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual(all);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });

  it('a bad server URL is a clear error, not a hang', async () => {
    await expect(openPostgres('postgres://postgres@127.0.0.1:1/nothing')).rejects.toThrow(
      /cannot connect to the PostgreSQL server/,
    );
  });
});

describe('embedded data directory', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jayu-store-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('persists across opens and is locked while open', async () => {
    const dir = tmp();
    const db = await openStore({ data: dir });
    await db.exec(`INSERT INTO organisations (id, name) VALUES ('org1', 'Org one')`);
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(true);
    await expect(openPglite(dir)).rejects.toBeInstanceOf(DataDirInUseError);
    await db.close();
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
    const again = await openStore({ data: dir });
    try {
      const { rows } = await again.query<{ n: number }>('SELECT count(*) AS n FROM organisations');
      expect(rows[0].n).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('gives a second process a clear error', async () => {
    const dir = tmp();
    const db = await openPglite(dir);
    try {
      const script = `
        import { openPglite } from ${JSON.stringify(path.resolve(__dirname, 'pglite.ts'))};
        try { await openPglite(${JSON.stringify(dir)}); console.log('opened'); }
        catch (e) { console.log(e.name + ': ' + e.message); }`;
      const { stdout } = await run(process.execPath, [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ]);
      expect(stdout).toMatch(
        /DataDirInUseError: the data directory .* is in use by another Jayu process/,
      );
    } finally {
      await db.close();
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = tmp();
    // A pid far above any live process's.
    writeFileSync(
      path.join(dir, LOCK_FILE_NAME),
      JSON.stringify({ pid: 2 ** 22 + 7, host: (await import('node:os')).hostname() }),
    );
    const db = await openPglite(dir);
    await db.close();
  });
});
