/**
 * Names of organisations and their lists (sources): not identifying, but still shown only to a
 * session the protection layer has cleared for the operation first.
 */
import type { ProtectedStore, Session } from '../protect/protected-store';

export async function listOrganisations(
  protect: ProtectedStore,
  session: Session,
): Promise<{ id: string; name: string }[]> {
  await session.require('org.manage');
  const { rows } = await protect.db.query<{ id: string; name: string }>(
    'SELECT id, name FROM organisations ORDER BY name, id',
  );
  return rows;
}

/** The lists (sources) of the session's own organisation. */
export async function listOwnSources(
  protect: ProtectedStore,
  session: Session,
): Promise<{ id: string; name: string }[]> {
  const organisationId = session.principal.organisationId;
  await session.require('case.read_deidentified', { organisationId });
  const { rows } = await protect.db.query<{ id: string; name: string }>(
    'SELECT id, name FROM sources WHERE organisation_id = $1 ORDER BY name, id',
    [organisationId],
  );
  return rows;
}
