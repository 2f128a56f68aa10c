/**
 * Cases through the API: every read and write goes through the signed-in Session of the
 * protection layer (permission checks, audited sealers, consent), and through the ingest layer's
 * case import/export for the rows themselves, so the API writes exactly what `jayu import` would.
 *
 * A reader who may see identifying data of the case (and whose sealer may open it: consent for
 * case management, not restricted to others) gets it opened and audited; anyone else allowed to
 * read the case gets it de-identified: no names, no exact dates, no free text.
 */
import type { Case } from '../model/types';
import type { RecordSealer } from '../protect/contracts';
import { recordRef } from '../protect/audit-entry';
import type { ProtectedStore, Session } from '../protect/protected-store';
import { caseTextInput } from '../ingest/case-files';
import { exportCases } from '../ingest/export-cases';
import { importCasesIn } from '../ingest/import-cases';
import { InvalidInputError } from '../ingest/issues';
import type { Queryable } from '../store/db';
import { NAME_KEY_INSERT, nameKeyRows } from './name-index';
import { HttpProblem } from './problem';
import type { CaseDto, CaseInput } from './schemas';

/** The purpose every read and write of the API declares: the case work of the organisation. */
export const API_PURPOSE = 'case_management' as const;

export interface CaseRead {
  case: CaseDto;
  deidentified: boolean;
  updatedAt: string;
}

/**
 * Opens nothing: reading through it yields a case without any vault content (names, exact
 * dates, free text, informants, notes). Used for readers the policy allows de-identified data
 * only; it can neither seal nor compute blind indexes.
 */
export function deidentifyingReader(organisationId: string): RecordSealer {
  return {
    organisationId,
    seal() {
      throw new HttpProblem('forbidden');
    },
    open() {
      return '{}';
    },
    blindIndex() {
      throw new HttpProblem('forbidden');
    },
  };
}

/** Dates without their vault are years: say so, rather than "exact" with a bare year. */
function coarsenDates(c: Case): Case {
  const coarse = <T extends { value?: string; precision: string }>(d: T): T =>
    d.value && d.value.length === 4 && (d.precision === 'exact' || d.precision === 'month')
      ? { ...d, precision: 'year' }
      : d;
  return {
    ...c,
    person: {
      ...c.person,
      birthYearPrecision:
        c.person.birthYearPrecision === 'exact' || c.person.birthYearPrecision === 'month'
          ? 'year'
          : c.person.birthYearPrecision,
    },
    events: c.events.map((e) => ({ ...e, start: coarse(e.start), end: e.end && coarse(e.end) })),
    information: c.information.map((i) => ({
      ...i,
      interviewDate: i.interviewDate && coarse(i.interviewDate),
    })),
    // Consent dates are exact dates about the person: kept for the identified view only.
    consent: { purposes: c.consent.purposes },
  };
}

async function readOne(
  protect: ProtectedStore,
  sealer: RecordSealer,
  caseId: string,
): Promise<Case | undefined> {
  for await (const page of exportCases(protect.db, sealer, { ids: [caseId] })) {
    return page.find((c) => c.id === caseId);
  }
  return undefined;
}

export async function readCase(
  protect: ProtectedStore,
  session: Session,
  caseId: string,
): Promise<CaseRead> {
  // The case's access, and a sealer if this session may open its identifying data (role,
  // organisation, restriction, consent for case management), in one step of protect.
  const { access, sealer } = await session.openCase(caseId, API_PURPOSE);
  const { updatedAt: changed, ...rest } = access;
  const resource = { caseId, ...rest };
  // As of the access check, before the case is read (a save in between shows as a newer case).
  const updatedAt = changed.toISOString();
  if (sealer) {
    const c = await readOne(protect, sealer, caseId);
    // The reads are on the audit log before anything leaves the process.
    await sealer.flush();
    if (!c) throw new HttpProblem('not-found');
    return { case: c as CaseDto, deidentified: false, updatedAt };
  }
  await session.require('case.read_deidentified', resource);
  const c = await readOne(protect, deidentifyingReader(access.organisationId), caseId);
  if (!c) throw new HttpProblem('not-found');
  return {
    case: coarsenDates(c) as CaseDto,
    deidentified: true,
    updatedAt,
  };
}

async function writeNameKeys(
  tx: Queryable,
  sealer: RecordSealer,
  caseId: string,
  c: CaseInput,
): Promise<void> {
  await tx.query('DELETE FROM case_name_keys WHERE case_id = $1', [caseId]);
  const keys = nameKeyRows(sealer, c.person.names);
  await tx.query(NAME_KEY_INSERT, [keys.map(() => caseId), keys]);
}

/** Creates (create=true) or replaces a case of the session's organisation. */
export async function saveCase(
  protect: ProtectedStore,
  session: Session,
  input: CaseInput,
  opts: { create: boolean },
): Promise<void> {
  const organisationId = session.principal.organisationId;
  if (!organisationId) throw new HttpProblem('forbidden');
  if (input.organisation && input.organisation !== organisationId) {
    throw new HttpProblem('forbidden', 'A case is saved in your own organisation only.');
  }
  let exists = true;
  try {
    await session.caseAccess(input.id);
  } catch {
    exists = false;
  }
  if (opts.create) {
    await session.require('case.create', { organisationId });
    if (exists) throw new HttpProblem('conflict', 'A case with this id exists.');
  } else {
    if (!exists) throw new HttpProblem('not-found');
    await session.require('case.update', { caseId: input.id });
  }
  const source = input.source || `${organisationId}-intake`;
  const c: CaseInput = {
    ...input,
    organisation: organisationId,
    source,
    person: { ...input.person, recordId: input.person.recordId ?? input.id },
    information: input.information.map((i) => ({ ...i, sourceId: i.sourceId || source })),
  };
  const sealer = await session.sealerFor(organisationId, { purpose: API_PURPOSE, write: true });
  try {
    await protect.db.transaction(async (tx) => {
      await importCasesIn(tx, sealer, [caseTextInput('api', JSON.stringify(c), false)]);
      await writeNameKeys(tx, sealer, c.id, c);
      await tx.query('UPDATE cases SET updated_at = now() WHERE id = $1', [c.id]);
    });
  } catch (err) {
    await sealer.flush({ committed: false });
    if (err instanceof InvalidInputError) {
      // The issues' paths, never their values (an issue may quote a non-identifying value,
      // but the API keeps to paths for all).
      throw new HttpProblem(
        'validation',
        'The case has invalid fields.',
        err.issues.map((i) => ({
          path: `body${i.field ? `.${i.field.replace(/^\[\d+\]\.?/, '')}` : ''}`,
          code: 'invalid',
        })),
      );
    }
    throw err;
  }
  await sealer.flush();
  await session.log([
    {
      action: opts.create ? 'case.create' : 'case.update',
      organisationId,
      record: recordRef('case', c.id),
      purpose: API_PURPOSE,
    },
  ]);
}
