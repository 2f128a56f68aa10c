/**
 * Canary names in Hangul, Chinese and Latin script, imported through the sealer (person list and
 * full case), must appear nowhere at rest or in output: not in the PGlite data directory's files,
 * not in a pg_dump of the PostgreSQL store, not in backups, not in what the commands print or the
 * audit log records. Positive controls prove each scan would have found plaintext.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../cli/main';
import { importFiles } from '../ingest';
import { PERSON_LIST_COLUMNS } from '../model/types';
import type { Db } from '../store/db';
import { openStore } from '../store/open';
import { createTestDatabase } from '../store/testing';
import { restoreBackup, writeBackup } from './backup';
import { addEvidence } from './evidence';
import { protectedFixture, type ProtectedFixture } from './testing';

const CANARIES = ['탁봉순', '卓凤顺', 'Takbongsun', '방울꽃', '芳蕊', 'Qwixelda'];
/** Plaintext by design (a place name): proves the scans see stored text. */
const MARKER = 'MarkerPlaceUnlisted';

const exec = promisify(execFile);

function canariesIn(bytes: Buffer): string[] {
  return CANARIES.filter(
    (c) => bytes.includes(Buffer.from(c, 'utf8')) || bytes.includes(Buffer.from(c, 'utf16le')),
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

const personList = () =>
  [
    PERSON_LIST_COLUMNS.join(','),
    `R-1,list-a,탁,봉순,"Takbongsun; 卓凤顺",female,1988,1988-02-03,P-99-1,"Qwixelda street 5",함경북도,무산군,Musan,${MARKER},2010,yes,"탁봉순 said 卓凤顺"`,
    `R-2,list-a,Qwixelda,방울꽃,芳蕊,female,1995,,,,Ryanggang,Hyesan,Changbai,Yanji,2014,no,`,
  ].join('\n') + '\n';

const canaryCase = {
  id: 'C-1',
  organisation: 'org-a',
  source: 'list-a',
  status: 'open',
  person: {
    id: 'P-C-1',
    recordId: 'R-C-1',
    sex: 'female',
    birthYear: 1990,
    birthDate: '1990-01-02',
    countingUnit: 'individual',
    names: { familyName: '탁', givenName: '봉순', otherNames: ['Takbongsun', '卓凤顺'] },
    address: 'Qwixelda 1',
    notes: '방울꽃 was with her',
  },
  events: [
    {
      id: 'e1',
      type: 'Sale',
      start: { value: '2011', precision: 'year' },
      placeText: MARKER,
      description: 'Takbongsun sold by 芳蕊',
    },
  ],
  acts: [{ id: 'a1', eventId: 'e1', victimId: 'P-C-1', violation: 'sexual_slavery' }],
  perpetrators: [{ id: 'p1', kind: 'person', type: 'prc_broker', name: 'Qwixelda' }],
  involvements: [{ perpetratorId: 'p1', actId: 'a1', role: 'seller', degree: 'direct' }],
  links: [],
  information: [
    { id: 'i1', sourceId: 'list-a', knowledge: 'direct', reliability: 'B', informant: '방울꽃' },
  ],
  consent: { purposes: ['case_management', 'legal_proceedings'], givenOn: '2019-05-06' },
  interventions: [{ id: 'n1', kind: 'referral', status: 'open', notes: 'call 탁봉순' }],
  evidence: [],
  assessments: [
    {
      actId: 'a1',
      element: 'palermo.act',
      evidenceIds: [],
      status: 'supported',
      note: '卓凤顺 confirmed',
    },
  ],
};

/** Imports the canaries as the documenter and reads them back as the legal officer. */
async function importCanaries(fx: ProtectedFixture, inputDir: string): Promise<string> {
  const csv = path.join(inputDir, 'list.csv');
  const json = path.join(inputDir, 'case.json');
  await writeFile(csv, personList());
  await writeFile(json, JSON.stringify(canaryCase));
  expect(canariesIn(await readFile(csv)).length).toBeGreaterThan(0); // the scan works

  const documenter = await fx.loginAs('documenter-org-a');
  const sealer = await documenter.sealerFor('org-a', { purpose: 'case_management', write: true });
  await importFiles(fx.db, sealer, [csv, json]);
  await sealer.flush();
  await addEvidence(documenter, {
    caseId: 'C-1',
    itemId: 'photo',
    content: Buffer.from('photo of 탁봉순 and 卓凤顺, Takbongsun'),
    mediaType: 'image/jpeg',
    description: 'Takbongsun at 芳蕊',
  });

  // Positive control: the key holder's legal officer can read them back.
  const legal = await fx.loginAs('legal-officer-org-a');
  const reader = await legal.sealerFor('org-a', { purpose: 'legal_proceedings', read: true });
  const { rows } = await fx.db.query<{ record_id: string; source_id: string; vault: Uint8Array }>(
    `SELECT source_id, record_id, vault FROM persons WHERE record_id = 'R-C-1'`,
  );
  const plain = reader.open(
    'persons',
    `${rows[0].source_id}/${rows[0].record_id}`,
    'vault',
    rows[0].vault,
  );
  await reader.flush();
  await fx.store.audit.checkpoint();
  return plain;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const tmp = async () => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'jayu-canary-'));
  dirs.push(d);
  return d;
};

/** Runs a command in process and returns everything it printed. */
async function printed(args: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const write = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  const capture = ((chunk: string | Uint8Array) => (
    (text += String(chunk)),
    true
  )) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    return { code: await run(args), text };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

describe('canaries at rest and in output', () => {
  it('PGlite data directory, backups, audit log and command output hold no canary', async () => {
    const root = await tmp();
    const dataDir = path.join(root, 'data');
    const keyFile = path.join(root, 'keys', 'master.key');
    let db: Db = await openStore({ data: dataDir });
    const fx = await protectedFixture(db, { organisations: ['org-a'] });
    const plain = await importCanaries(fx, root);
    expect(plain).toContain('봉순');

    const backupFile = path.join(root, 'store.jayu-backup');
    await writeBackup(db, backupFile, { master: fx.master });
    const auditText = (await fx.store.audit.entries({ limit: 1_000_000 }))
      .map((e) => JSON.stringify(e))
      .join('\n');
    expect(canariesIn(Buffer.from(auditText))).toEqual([]);
    expect(auditText).toMatch(/record\.read/);

    // A corrupted vault: the error names the table and field, not the value.
    const { rows } = await db.query<{ vault: Uint8Array }>(
      `SELECT vault FROM persons WHERE record_id = 'R-1'`,
    );
    const bad = Buffer.from(rows[0].vault);
    bad[bad.length - 1] ^= 1;
    let message = '';
    try {
      fx.store.keyring.sealerFor('org-a').open('persons', 'list-a/R-1', 'vault', bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/persons\.vault/);
    expect(canariesIn(Buffer.from(message))).toEqual([]);
    await db.close();

    // The commands the key holder runs print no canary either.
    await mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
    await writeFile(keyFile, fx.master.toKeyFileText(), { mode: 0o600 });
    process.env.XDG_CONFIG_HOME = path.join(root, 'config');
    const outputs = [
      await printed([
        'audit',
        'log',
        '--data',
        dataDir,
        '--key-file',
        keyFile,
        '--limit',
        '100000',
      ]),
      await printed(['audit', 'verify', '--data', dataDir, '--key-file', keyFile]),
      await printed([
        'backup',
        '--out',
        path.join(root, 'cli.jayu-backup'),
        '--data',
        dataDir,
        '--key-file',
        keyFile,
      ]),
    ];
    for (const o of outputs) expect(o.code).toBe(0);
    expect(canariesIn(Buffer.from(outputs.map((o) => o.text).join('\n')))).toEqual([]);

    // Every file at rest.
    let sawMarker = false;
    const leaks: string[] = [];
    for (const file of [
      ...(await filesUnder(dataDir)),
      backupFile,
      path.join(root, 'cli.jayu-backup'),
    ]) {
      if ((await stat(file)).size === 0) continue;
      const bytes = await readFile(file);
      if (bytes.includes(Buffer.from(MARKER))) sawMarker = true;
      for (const c of canariesIn(bytes)) leaks.push(`${path.relative(root, file)}: ${c}`);
    }
    expect(leaks).toEqual([]);
    expect(sawMarker).toBe(true);

    // And the backup restores to readable data with the key (it is a real backup).
    db = await openStore({ data: path.join(root, 'restored'), migrate: false });
    try {
      await restoreBackup(db, backupFile, { master: fx.master });
      const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons');
      expect(Number(n.rows[0].n)).toBe(3);
    } finally {
      await db.close();
    }
  });

  it('a pg_dump of the PostgreSQL store holds no canary', async () => {
    const database = await createTestDatabase();
    const db = await openStore({ databaseUrl: database.url });
    try {
      const fx = await protectedFixture(db, { organisations: ['org-a'] });
      expect(await importCanaries(fx, await tmp())).toContain('봉순');
      const { stdout } = await exec('pg_dump', ['--no-owner', database.url], {
        maxBuffer: 256 << 20,
        encoding: 'buffer',
      });
      const dump = stdout as unknown as Buffer;
      expect(dump.includes(Buffer.from(MARKER))).toBe(true);
      expect(dump.includes(Buffer.from('sexual_slavery'))).toBe(true);
      expect(canariesIn(dump)).toEqual([]);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
