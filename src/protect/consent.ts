/**
 * Consent per purpose (domain.md rule 4), and the SQL conditions that every export, report and
 * statistic uses to leave out records without consent for its purpose.
 *
 * Where consent is recorded:
 *  - a case: `consents` (one row per purpose), authoritative when the person has a case;
 *  - a person without a case: `person_consents`, else their list's `source_consents`.
 * A row counts when granted and not withdrawn on or before the day of the query.
 */
import type { ConsentPurpose } from '../model/types';
import type { Queryable } from '../store/db';
import { invalidError, notFoundError } from './errors';

export const CONSENT_PURPOSES: readonly ConsentPurpose[] = [
  'case_management',
  'legal_proceedings',
  'un_reporting',
  'aggregate_statistics',
];

export function assertPurpose(purpose: string): asserts purpose is ConsentPurpose {
  if (!(CONSENT_PURPOSES as readonly string[]).includes(purpose)) {
    throw invalidError(`unknown purpose "${purpose}" (one of ${CONSENT_PURPOSES.join(', ')})`);
  }
}

const ident = /^[a-z_][a-z0-9_]*$/;
const placeholder = /^\$\d+$/;

function check(alias: string, param: string): void {
  if (!ident.test(alias)) throw invalidError(`"${alias}" is not a table alias`);
  if (!placeholder.test(param)) throw invalidError(`"${param}" is not a $n placeholder`);
}

const live = (t: string) =>
  `${t}.granted AND (${t}.withdrawn_on IS NULL OR ${t}.withdrawn_on > current_date)`;

/**
 * SQL condition: the case `alias` (a row of cases) has consent for the purpose in `param`.
 *   `SELECT ... FROM cases k WHERE ${caseConsentCondition('k', '$1')}`, params [purpose]
 */
export function caseConsentCondition(alias: string, param: string): string {
  check(alias, param);
  return `EXISTS (SELECT 1 FROM consents cc WHERE cc.case_id = ${alias}.id AND cc.purpose = ${param} AND ${live('cc')})`;
}

/**
 * SQL condition: the person `alias` (a row of persons) has consent for the purpose in `param`,
 * from their case if they have one, else their own row, else their list's.
 */
export function personConsentCondition(alias: string, param: string): string {
  check(alias, param);
  return `(CASE WHEN EXISTS (SELECT 1 FROM cases ck WHERE ck.person_id = ${alias}.id)
    THEN EXISTS (SELECT 1 FROM cases ck JOIN consents cc ON cc.case_id = ck.id
                  WHERE ck.person_id = ${alias}.id AND cc.purpose = ${param} AND ${live('cc')})
    ELSE COALESCE(
      (SELECT ${live('pc')} FROM person_consents pc WHERE pc.person_id = ${alias}.id AND pc.purpose = ${param}),
      (SELECT ${live('sc')} FROM source_consents sc WHERE sc.source_id = ${alias}.source_id AND sc.purpose = ${param}),
      false)
    END)`;
}

export type ConsentTarget = { caseId: string } | { personId: string } | { sourceId: string };

export interface ConsentChange {
  purpose: ConsentPurpose;
  granted: boolean;
  /** ISO date. */
  givenOn?: string;
  /** ISO date; from this day on the purpose is no longer consented to. */
  withdrawnOn?: string;
}

/** The organisation a consent target belongs to (for the access check). */
export async function organisationOfTarget(db: Queryable, target: ConsentTarget): Promise<string> {
  const [sql, id] =
    'caseId' in target
      ? ['SELECT organisation_id FROM cases WHERE id = $1', target.caseId]
      : 'personId' in target
        ? [
            'SELECT s.organisation_id FROM persons p JOIN sources s ON s.id = p.source_id WHERE p.id = $1',
            target.personId,
          ]
        : ['SELECT organisation_id FROM sources WHERE id = $1', target.sourceId];
  const { rows } = await db.query<{ organisation_id: string }>(sql, [id]);
  if (!rows.length) throw notFoundError(`no such ${Object.keys(target)[0].replace('Id', '')}`);
  return rows[0].organisation_id;
}

/** Writes (or replaces) the consent row of a target for one purpose. */
export async function writeConsent(
  tx: Queryable,
  target: ConsentTarget,
  change: ConsentChange,
): Promise<void> {
  assertPurpose(change.purpose);
  const values = [
    change.purpose,
    change.granted,
    change.givenOn ?? null,
    change.withdrawnOn ?? null,
  ];
  if ('caseId' in target) {
    await tx.query(
      `INSERT INTO consents (case_id, purpose, granted, given_on, withdrawn_on) VALUES ($5, $1, $2, $3, $4)
       ON CONFLICT (case_id, purpose) DO UPDATE SET granted = $2, given_on = COALESCE($3, consents.given_on), withdrawn_on = $4`,
      [...values, target.caseId],
    );
  } else {
    const [table, column, id] =
      'personId' in target
        ? ['person_consents', 'person_id', target.personId]
        : ['source_consents', 'source_id', target.sourceId];
    await tx.query(
      `INSERT INTO ${table} (${column}, purpose, granted, given_on, withdrawn_on) VALUES ($5, $1, $2, $3, $4)
       ON CONFLICT (${column}, purpose) DO UPDATE SET granted = $2, given_on = COALESCE($3, ${table}.given_on),
         withdrawn_on = $4, recorded_at = now()`,
      [...values, id],
    );
  }
}
