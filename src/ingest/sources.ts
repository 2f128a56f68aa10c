/** The organisation and lists (sources) that imported records belong to. */
import type { Queryable } from '../store/db';
import { InvalidInputError } from './issues';

/**
 * Makes sure the organisation and each source exist, creating them when new. A source held by
 * another organisation is refused: one organisation's import must not write into another's list.
 */
export async function ensureSources(
  tx: Queryable,
  organisationId: string,
  sourceIds: Iterable<string>,
): Promise<void> {
  await tx.query(
    'INSERT INTO organisations (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING',
    [organisationId],
  );
  const ids = [...new Set(sourceIds)];
  if (ids.length === 0) return;
  const { rows } = await tx.query<{ id: string; organisation_id: string }>(
    'SELECT id, organisation_id FROM sources WHERE id = ANY($1::text[])',
    [ids],
  );
  const foreign = rows.filter((r) => r.organisation_id !== organisationId);
  if (foreign.length > 0) {
    throw new InvalidInputError(
      foreign.map((r) => ({
        field: 'source',
        value: r.id,
        reason: 'this source belongs to another organisation',
      })),
    );
  }
  const known = new Set(rows.map((r) => r.id));
  for (const id of ids) {
    if (known.has(id)) continue;
    await tx.query('INSERT INTO sources (id, organisation_id, name) VALUES ($1, $2, $1)', [
      id,
      organisationId,
    ]);
  }
}
