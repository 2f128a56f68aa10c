/**
 * The dashboard's aggregates (the session's own organisation, or every organisation for a
 * coordinator) and the urgent-cases list (own organisation only).
 *
 * Aggregates count only cases whose consent covers aggregate statistics (domain rule 4) and hide
 * every cell below the minimum (rule 5: the internal floor is 5; a viewer, who sees nothing but
 * aggregates, gets the published k of 11). Hidden cells are reported as suppressed with count 0.
 */
import { recordRef } from '../protect/audit-entry';
import { caseConsentCondition } from '../protect/consent';
import { CROSS_ORGANISATION_ROLES } from '../protect/policy';
import type { ProtectedStore, Session } from '../protect/protected-store';
import { API_PURPOSE } from './cases';
import { caseNames } from './case-names';
import { PROVINCE_OF_PLACE } from './case-search';
import { HttpProblem } from './problem';
import type { Dashboard, UrgentItem } from './schemas';

export const INTERNAL_MIN_CELL = 5;
export const PUBLISHED_MIN_CELL = 11;

function suppress<T extends { count: number }>(
  rows: T[],
  k: number,
): (T & { suppressed: boolean })[] {
  return rows.map((r) =>
    r.count < k ? { ...r, count: 0, suppressed: true } : { ...r, suppressed: false },
  );
}

/**
 * The organisations whose statistics the session's dashboard combines: its own, or for a
 * coordinator of several organisations every organisation (stats.read checked on each).
 */
async function dashboardScope(protect: ProtectedStore, session: Session): Promise<string[]> {
  const p = session.principal;
  if (p.organisationId) {
    await session.require('stats.read', { organisationId: p.organisationId });
    return [p.organisationId];
  }
  if (p.role === 'operator' || !CROSS_ORGANISATION_ROLES.has(p.role)) {
    throw new HttpProblem('forbidden');
  }
  const orgs = [...protect.keyring.organisations()].sort();
  for (const organisationId of orgs) await session.require('stats.read', { organisationId });
  return orgs;
}

export async function dashboard(protect: ProtectedStore, session: Session): Promise<Dashboard> {
  const organisations = await dashboardScope(protect, session);
  // A viewer sees nothing but aggregates, and a coordinator's combine organisations: both get
  // the published k; members of one organisation working on its own cases the internal floor.
  const published =
    session.principal.role === 'viewer' || session.principal.organisationId === null;
  const k = published ? PUBLISHED_MIN_CELL : INTERNAL_MIN_CELL;
  const db = protect.db;
  const consented = `k.organisation_id = ANY($1::text[]) AND ${caseConsentCondition('k', '$2')}`;
  const params = [organisations, 'aggregate_statistics'];
  const [byYear, byProvince, repatriations, total] = await Promise.all([
    db.query<{ violation: string; year: number; count: number }>(
      `SELECT a.violation, e.start_year AS year, count(*)::int AS count
         FROM cases k JOIN acts a ON a.case_id = k.id
         JOIN events e ON e.case_id = a.case_id AND e.id = a.event_id
        WHERE ${consented} AND e.start_year IS NOT NULL
        GROUP BY 1, 2 ORDER BY 2, 1`,
      params,
    ),
    // A case counts once in each province its route passes through.
    db.query<{ province: string; count: number }>(
      `SELECT province, count(DISTINCT case_id)::int AS count FROM (
         SELECT e.case_id, ${PROVINCE_OF_PLACE('e.place_id')} AS province
           FROM cases k JOIN events e ON e.case_id = k.id WHERE ${consented}
         UNION ALL
         SELECT k.id, p.home_province_id FROM cases k JOIN persons p ON p.id = k.person_id
          WHERE ${consented}) x
        WHERE province IS NOT NULL GROUP BY 1 ORDER BY 1`,
      params,
    ),
    db.query<{ year: number; count: number }>(
      `SELECT e.start_year AS year, count(*)::int AS count
         FROM cases k JOIN events e ON e.case_id = k.id
        WHERE ${consented} AND e.type = 'Repatriation' AND e.start_year IS NOT NULL
        GROUP BY 1 ORDER BY 1`,
      params,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases k WHERE ${consented}`, params),
  ]);
  const n = total.rows[0]?.n ?? 0;
  return {
    minimumCell: k,
    violationsByYear: suppress(byYear.rows, k),
    byProvince: suppress(byProvince.rows, k),
    repatriationsByYear: suppress(repatriations.rows, k),
    totalCases: n < k ? 0 : n,
  };
}

const DETAINED_PRC = new Set(['ArrestPRC', 'DetentionPRC']);
const IN_DPRK = new Set(['Repatriation', 'InterrogationDPRK', 'DetentionDPRK']);

/** Cases marked urgent: the person is detained in China, at risk of return, or held after it. */
export async function urgentCases(
  protect: ProtectedStore,
  session: Session,
): Promise<UrgentItem[]> {
  const organisationId = session.principal.organisationId;
  if (!organisationId) throw new HttpProblem('forbidden');
  await session.require('case.read_deidentified', { organisationId });
  const db = protect.db;
  const { rows } = await db.query<{
    id: string;
    source_id: string;
    record_id: string;
    person_id: string;
    vault: Uint8Array | null;
    last_type: string | null;
    last_place: string | null;
    last_year: number | null;
  }>(
    `SELECT k.id, k.source_id, p.record_id, p.id AS person_id, p.vault,
            last.type AS last_type, last.place_id AS last_place, last.start_year AS last_year
       FROM cases k JOIN persons p ON p.id = k.person_id
       LEFT JOIN LATERAL (SELECT e.type, e.place_id, e.start_year FROM events e
                           WHERE e.case_id = k.id ORDER BY e.seq DESC, e.start_year DESC NULLS LAST LIMIT 1) last ON true
      WHERE k.organisation_id = $1 AND k.status = 'urgent'
        AND (NOT EXISTS (SELECT 1 FROM case_restrictions r WHERE r.case_id = k.id)
             OR EXISTS (SELECT 1 FROM case_restrictions r WHERE r.case_id = k.id AND r.user_id = $2))
      ORDER BY k.updated_at DESC LIMIT 500`,
    [organisationId, session.principal.id],
  );
  const ids = rows.map((r) => r.id);
  const interventions = await db.query<{
    case_id: string;
    id: string;
    kind: UrgentItem['interventions'][number]['kind'];
    status: UrgentItem['interventions'][number]['status'];
    responsible: string | null;
    deadline: string | Date | null;
  }>(
    `SELECT case_id, id, kind, status, responsible, deadline FROM interventions
      WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq, id`,
    [ids],
  );
  const names = await caseNames(session, organisationId, rows);
  const dateText = (d: string | Date | null) =>
    d === null
      ? undefined
      : d instanceof Date
        ? d.toISOString().slice(0, 10)
        : String(d).slice(0, 10);
  return rows.map((r) => {
    const ivs = interventions.rows
      .filter((i) => i.case_id === r.id)
      .map((i) => ({
        id: i.id,
        kind: i.kind,
        status: i.status,
        responsible: i.responsible ?? undefined,
        deadline: dateText(i.deadline),
      }));
    const open = ivs.filter((i) => i.status !== 'closed' && i.deadline).map((i) => i.deadline!);
    return {
      caseId: r.id,
      name: names.get(r.id),
      pseudonym: `P-${r.person_id
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 8)
        .toUpperCase()}`,
      situation:
        r.last_type && DETAINED_PRC.has(r.last_type)
          ? 'detained_prc'
          : r.last_type && IN_DPRK.has(r.last_type)
            ? 'repatriated_detained_dprk'
            : 'at_risk_of_repatriation',
      placeId: r.last_place ?? undefined,
      since: r.last_year ? String(r.last_year) : undefined,
      interventions: ivs,
      nextDeadline: open.sort()[0],
    };
  });
}

/** Changes an intervention of a case (status, responsible, deadline): a case update. */
export async function updateIntervention(
  protect: ProtectedStore,
  session: Session,
  caseId: string,
  interventionId: string,
  change: { kind: string; status: string; responsible?: string; deadline?: string },
): Promise<void> {
  await session.require('case.update', { caseId });
  const { affectedRows, rows } = await protect.db.query(
    `UPDATE interventions SET kind = $3, status = $4, responsible = $5, deadline = $6
      WHERE case_id = $1 AND id = $2 RETURNING id`,
    [
      caseId,
      interventionId,
      change.kind,
      change.status,
      change.responsible ?? null,
      change.deadline ?? null,
    ],
  );
  if ((affectedRows ?? rows.length) === 0) throw new HttpProblem('not-found');
  await protect.db.query('UPDATE cases SET updated_at = now() WHERE id = $1', [caseId]);
  await session.log([
    {
      action: 'case.update',
      organisationId: session.principal.organisationId,
      record: recordRef('case', caseId),
      fields: ['interventions[].status'],
      purpose: API_PURPOSE,
    },
  ]);
}
