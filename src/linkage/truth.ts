/**
 * The ground truth of a test population (truth.csv: source,record_id,entity_id), mapped onto the
 * records of a run. Synthetic populations and benchmark datasets come with one.
 */
import path from 'node:path';
import { readCsvFile } from '../ingest/tabular';
import { InputError } from './input';
import type { RecordTable } from './records';

export const TRUTH_COLUMNS = ['source', 'record_id', 'entity_id'] as const;

/** Entity of each record (-1 for records the truth does not name). */
export async function readTruth(
  file: string,
  table: RecordTable,
): Promise<{ entityOf: Int32Array; rows: number }> {
  const label = path.basename(file);
  const index = new Map<string, number>();
  for (let i = 0; i < table.size; i++)
    index.set(`${table.sources[table.sourceOf[i]]}\u0000${table.recordIds[i]}`, i);
  const entityOf = new Int32Array(table.size).fill(-1);
  const entities = new Map<string, number>();
  let at: number[] | undefined;
  let rows = 0;
  try {
    for await (const batch of readCsvFile(file).rows) {
      for (const { line, fields } of batch) {
        if (!at) {
          const header = fields.map((f) => f.trim());
          at = TRUTH_COLUMNS.map((c) => header.indexOf(c));
          const missing = TRUTH_COLUMNS.filter((_, k) => at?.[k] === -1);
          if (missing.length > 0) {
            throw new InputError(
              `${label}: missing column ${missing.join(', ')}`,
              label,
              1,
              missing[0],
            );
          }
          continue;
        }
        rows++;
        const [s, r, e] = at.map((k) => (fields[k] ?? '').trim());
        if (!e)
          throw new InputError(
            `${label} line ${line}: column entity_id is empty`,
            label,
            line,
            'entity_id',
          );
        const record = index.get(`${s}\u0000${r}`);
        if (record === undefined) continue;
        let id = entities.get(e);
        if (id === undefined) entities.set(e, (id = entities.size));
        entityOf[record] = id;
      }
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    if ((err as { code?: string }).code === 'ENOENT')
      throw new InputError(`${label}: file not found`, label);
    throw new InputError(`${label}: ${(err as Error).message}`, label);
  }
  return { entityOf, rows };
}
