/**
 * Where a person-list import's time goes, step by step, on one thread (µs a row): read and parse
 * the CSV, validate (places, age band), seal (vault and blind indexes, src/protect), encode the
 * binary COPY rows, then load the encoded rows into persons (PGlite on disk, PostgreSQL), and
 * again with persons' foreign key, indexes and unique constraints dropped one after another (in
 * the benchmark's scratch database only) to show what each costs. Each producing step is timed
 * as the pipeline up to it, so the difference between lines is that step's cost.
 *
 *   npx tsx bench/import-steps.ts [--rows 200000] [--backends pglite,postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKeyring } from '../src/protect';
import { BinaryCopyWriter } from '../src/store/copy-binary';
import { newRowId } from '../src/store/ids';
import { openStore } from '../src/store';
import type { Db } from '../src/store/db';
import { createTestDatabase } from '../src/store/testing';
import { personListLayout, PersonListValidator } from '../src/ingest/person-list';
import { sealPerson, writePersonRow, PERSON_IMPORT_COLUMNS } from '../src/ingest/person-rows';
import { gazetteerLookup } from '../src/ingest/places';
import { readCsvFile } from '../src/ingest/tabular';
import { writePersonListCsv } from './import-data';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

type Stage = 'parse' | 'validate' | 'seal' | 'encode';
const STAGES: Stage[] = ['parse', 'validate', 'seal', 'encode'];

async function pipeline(file: string, upTo: Stage): Promise<Uint8Array[]> {
  const sealer = createKeyring({ organisations: ['bench'] }).sealerFor('bench');
  const writer = new BinaryCopyWriter();
  let validator: PersonListValidator | undefined;
  const depth = STAGES.indexOf(upTo);
  for await (const batch of readCsvFile(file).rows) {
    for (const row of batch) {
      if (depth < 1) continue;
      if (!validator) {
        validator = new PersonListValidator(personListLayout(row.fields).layout!, gazetteerLookup);
        continue;
      }
      const { record } = validator.validate(row.line, row.fields);
      if (!record || depth < 2) continue;
      const sealed = sealPerson(record, sealer);
      if (depth < 3) continue;
      writePersonRow(writer, newRowId(), record, sealed);
    }
  }
  return writer.take().chunks;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function main(): Promise<void> {
  const rows = Number(arg('rows', '200000'));
  const backends = arg('backends', 'pglite,postgres').split(',');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jayu-bench-steps-'));
  const us = (s: number) => ((s * 1e6) / rows).toFixed(1);
  try {
    const file = path.join(dir, 'persons.csv');
    await writePersonListCsv(file, rows);
    let chunks: Uint8Array[] = [];
    for (const stage of STAGES) {
      await pipeline(file, stage); // warm-up at this depth
      const c0 = cpuSeconds();
      const t0 = performance.now();
      chunks = await pipeline(file, stage);
      const wall = (performance.now() - t0) / 1000;
      process.stdout.write(
        `up to ${stage}: ${us(wall)} µs/row wall, ${us(cpuSeconds() - c0)} µs/row CPU\n`,
      );
    }
    for (const backend of backends) {
      let db: Db;
      let drop: (() => Promise<void>) | undefined;
      if (backend === 'postgres') {
        const scratch = await createTestDatabase();
        drop = scratch.drop;
        db = await openStore({ databaseUrl: scratch.url });
      } else {
        db = await openStore({ data: path.join(dir, 'pglite') });
      }
      try {
        await db.exec(
          `INSERT INTO organisations (id, name) VALUES ('bench', 'bench');
           INSERT INTO sources (id, organisation_id, name)
             SELECT s, 'bench', s FROM unnest(ARRAY['list1','list2','list3','list4']) s
             ON CONFLICT DO NOTHING`,
        );
        const sources = await db.query<{ id: string }>('SELECT id FROM sources');
        process.stdout.write(`${backend}: sources ${sources.rows.map((r) => r.id).join(',')}\n`);
        // Then, in this scratch database only, what each constraint and index of persons costs.
        const variants: Array<[string, string]> = [
          ['persons', ''],
          ['persons', ''],
          [
            'without the foreign key to sources',
            'ALTER TABLE persons DROP CONSTRAINT persons_source_id_fkey',
          ],
          [
            'also without the 3 blind-key indexes',
            'DROP INDEX persons_name_key_idx, persons_birth_date_key_idx, persons_id_number_key_idx',
          ],
          [
            'also without unique (source_id, record_id)',
            'ALTER TABLE persons DROP CONSTRAINT persons_source_id_record_id_key',
          ],
          [
            'also without the primary key',
            'ALTER TABLE persons DROP CONSTRAINT persons_pkey CASCADE',
          ],
        ];
        for (const [label, ddl] of variants) {
          await db.exec('TRUNCATE persons CASCADE');
          if (ddl) await db.exec(ddl);
          const t0 = performance.now();
          await db.transaction((tx) =>
            tx.copyFromBinary('persons', ['id', ...PERSON_IMPORT_COLUMNS], chunks),
          );
          const wall = (performance.now() - t0) / 1000;
          process.stdout.write(`${backend} binary COPY into ${label}: ${us(wall)} µs/row wall\n`);
        }
      } finally {
        await db.close();
        await drop?.();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
