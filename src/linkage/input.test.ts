import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, parseColumnMap, readPersonLists } from './input';
import { valueOf } from './records';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function file(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jayu-linkage-input-'));
  dirs.push(dir);
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

async function failure(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('parseColumnMap', () => {
  it('reads SRC=DST pairs onto person-list columns', () => {
    expect(parseColumnMap('rec_id=record_id, surname=family_name')).toEqual({
      rec_id: 'record_id',
      surname: 'family_name',
    });
  });

  it('refuses a target that is not a person-list column, a malformed pair or a repeat', () => {
    expect(() => parseColumnMap('surname=lastname')).toThrow(
      /"lastname" is not a person-list column/,
    );
    expect(() => parseColumnMap('surname')).toThrow(/not SOURCE=TARGET/);
    expect(() => parseColumnMap('a=family_name,a=given_name')).toThrow(/mapped twice/);
  });
});

describe('readPersonLists', () => {
  it('reads columns in any order, ignores extra ones and names the list after the file', async () => {
    const f = file(
      'ngo-a.csv',
      'given_name,extra,record_id,family_name,birth_year\n영희,x,1,김,1990\n순옥,y,2,박,\n',
    );
    const table = await readPersonLists([f]);
    expect(table.size).toBe(2);
    expect(table.sources).toEqual(['ngo-a']);
    expect(table.recordIds).toEqual(['1', '2']);
    expect(valueOf(table, 'family_name', 1)).toBe('박');
    expect(table.columns.has('address')).toBe(false);
  });

  it('renames columns with a map and trims the space FEBRL puts after each comma', async () => {
    const f = file(
      'febrl.csv',
      'rec_id, given_name, surname, date_of_birth\nrec-1-org, kayla, harrington, 19150612\n',
    );
    const table = await readPersonLists([f], {
      map: parseColumnMap(
        'rec_id=record_id,given_name=given_name,surname=family_name,date_of_birth=birth_date',
      ),
    });
    expect(table.recordIds).toEqual(['rec-1-org']);
    expect(valueOf(table, 'family_name', 0)).toBe('harrington');
    expect(valueOf(table, 'birth_date', 0)).toBe('19150612');
  });

  it('reads a hand-made CSV with a quoted field after a space', async () => {
    const f = file('r.csv', 'name,address\n"art\'s deli", "12224 ventura blvd."\n');
    const table = await readPersonLists([f], {
      map: parseColumnMap('name=family_name'),
      rowIds: true,
    });
    expect(valueOf(table, 'family_name', 0)).toBe("art's deli");
    expect(valueOf(table, 'address', 0)).toBe('12224 ventura blvd.');
    expect(table.recordIds).toEqual(['1']);
  });

  it('keeps the source column when the file has one', async () => {
    const f = file('all.csv', 'record_id,source,family_name\n1,ngo-a,김\n1,ngo-b,김\n');
    const table = await readPersonLists([f]);
    expect(table.sources).toEqual(['ngo-a', 'ngo-b']);
  });

  it('names the file, line and column of a bad value, never the value', async () => {
    const f = file(
      'bad.csv',
      'record_id,family_name,birth_year\n1,김,1990\n2,박,nineteen-ninety\n',
    );
    const err = await failure(readPersonLists([f]));
    expect(err.message).toBe('bad.csv line 3: column birth_year is not a four-digit year');
    expect(err.message).not.toMatch(/nineteen|박/);
    expect([err.file, err.line, err.column]).toEqual(['bad.csv', 3, 'birth_year']);
  });

  it('refuses a file without record_id or without any name column', async () => {
    const noId = await failure(readPersonLists([file('a.csv', 'family_name\n김\n')]));
    expect(noId.message).toMatch(/^a.csv: missing column record_id/);
    const noName = await failure(
      readPersonLists([file('b.csv', 'record_id,birth_year\n1,1990\n')]),
    );
    expect(noName.message).toMatch(/^b.csv: missing a name column/);
  });

  it('refuses a map naming a column the file lacks, and repeated record ids', async () => {
    const f = file('c.csv', 'record_id,family_name\n1,김\n');
    const err = await failure(readPersonLists([f], { map: parseColumnMap('surname=family_name') }));
    expect(err.message).toMatch(/--map names column "surname", which the file does not have/);
    const dup = await failure(
      readPersonLists([file('d.csv', 'record_id,family_name\n1,김\n1,박\n')]),
    );
    expect(dup.message).toBe(
      'd.csv line 3: column record_id repeats an earlier record of the same list',
    );
  });

  it('reports a missing file', async () => {
    const err = await failure(readPersonLists(['/nonexistent/x.csv']));
    expect(err.message).toBe('x.csv: file not found');
  });
});
