import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../store/db';
import { storeBackends } from '../store/testing';
import { analyseStaleTables, staleTables } from './planner-stats';
import { serverFixture } from './testing/http';

// Autovacuum is off for the table (on PostgreSQL it could analyse it in the middle of a test).
const CREATE = `CREATE TABLE bulk (id int PRIMARY KEY, body text) WITH (autovacuum_enabled = false)`;
const fill = (db: Db, from: number, to: number) =>
  db.query(`INSERT INTO bulk SELECT i, repeat('x', 200) FROM generate_series($1::int, $2::int) i`, [
    from,
    to,
  ]);
/** The planner's estimate of the rows of a query that matches none. */
const estimate = async (db: Db) => {
  const plan = await db.query<Record<string, string>>(
    `EXPLAIN SELECT * FROM bulk WHERE body = 'x'`,
  );
  return Number(/rows=(\d+)/.exec(Object.values(plan.rows[0]!)[0]!)![1]);
};

describe.each(storeBackends())('planner statistics ($name)', (backend) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('finds a bulk-loaded table never analysed, analyses it, and finds it again once it grows', async () => {
    db = await backend.open();
    await db.exec(CREATE);
    await fill(db, 1, 5000);
    expect((await staleTables(db)).map((t) => t.table)).toContain('bulk');
    // Without statistics the planner guesses the selectivity of body = 'x' (none of 5,000 rows).
    expect(await estimate(db)).toBeGreaterThan(1);

    const analysed = await analyseStaleTables(db);
    expect(analysed.map((t) => t.table)).toContain('bulk');
    expect((await staleTables(db)).map((t) => t.table)).not.toContain('bulk');
    expect(await estimate(db)).toBe(1);

    // A little growth is left alone; a table half again as large is analysed again.
    await fill(db, 5001, 5100);
    expect((await staleTables(db)).map((t) => t.table)).not.toContain('bulk');
    await fill(db, 5101, 8000);
    const again = (await staleTables(db)).find((t) => t.table === 'bulk');
    expect(again?.analysedPages).toBeGreaterThan(0);
    expect(again!.pages).toBeGreaterThan(again!.analysedPages);
  });

  it('leaves small tables alone', async () => {
    db = await backend.open();
    await db.exec(CREATE);
    await fill(db, 1, 10);
    expect((await staleTables(db)).map((t) => t.table)).not.toContain('bulk');
  });

  it('the server analyses stale tables once it is ready', async () => {
    db = await backend.open();
    await db.exec(CREATE);
    await fill(db, 1, 5000);
    const server = await serverFixture(db);
    await server.app.ready();
    // The first refresh runs in the background; closing the server waits for it.
    await server.app.close();
    expect((await staleTables(db)).map((t) => t.table)).not.toContain('bulk');
  });

  it('the server can be told not to', async () => {
    db = await backend.open();
    await db.exec(CREATE);
    await fill(db, 1, 5000);
    const server = await serverFixture(db, { plannerStatisticsEveryMs: false });
    await server.app.ready();
    await server.app.close();
    expect((await staleTables(db)).map((t) => t.table)).toContain('bulk');
  });
});
