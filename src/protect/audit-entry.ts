/**
 * What one audit entry says, and its canonical text. Entries name who, when, what action, which
 * record and fields, for what purpose: never a value. Anything that could carry a value (a record
 * id with spaces or non-ASCII letters, a free-text detail) is refused or replaced by its hash, so
 * the log can be shown to an auditor without revealing anyone.
 */
import { createHash } from 'node:crypto';
import type { ConsentPurpose } from '../model/types';
import { invalidError } from './errors';

export interface AuditEvent {
  /** 'user:<id>', 'operator:local' (the key holder at the command line) or 'system'. */
  actor: string;
  /** '<object>.<verb>', e.g. 'case.create', 'case.read', 'evidence.export', 'user.login'. */
  action: string;
  organisationId?: string | null;
  /** '<kind>:<id>', e.g. 'case:C-0012'; see `recordRef`. */
  record?: string | null;
  /** Names of the fields touched (model paths or column names), never their values. */
  fields?: string[];
  purpose?: ConsentPurpose | null;
  /** Counts, codes and hashes only. */
  detail?: Record<string, string | number | boolean>;
}

export interface AuditEntry extends Required<Omit<AuditEvent, 'detail'>> {
  v: 1;
  seq: number;
  at: string;
  detail: Record<string, string | number | boolean>;
}

const ACTOR = /^(?:user:[A-Za-z0-9_.-]{1,64}|operator:[a-z0-9_.-]{1,64}|system)$/;
const ACTION = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$/;
const RECORD = /^[a-z][a-z_]*:[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_.[\]]{0,99}$/;
const DETAIL_KEY = /^[a-z][a-z0-9_]{0,39}$/;
const DETAIL_TEXT = /^[A-Za-z0-9_.:/+=-]{0,256}$/;
const PURPOSES = new Set([
  'case_management',
  'legal_proceedings',
  'un_reporting',
  'aggregate_statistics',
]);

/**
 * A record reference for the log: `kind:id` when the id is a plain code, else `kind:sha256:<hex>`
 * (an organisation's own record ids can be anything; a hash still lets an auditor match them).
 */
export function recordRef(kind: string, id: string): string {
  return SAFE_ID.test(id)
    ? `${kind}:${id}`
    : `${kind}:sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** An event checked and normalised: its entry but for the sequence number and the time. */
export type CheckedEvent = Omit<AuditEntry, 'v' | 'seq' | 'at'>;

/** The entry of a checked event at `seq`, written at `at` (ISO 8601). */
export function entryAt(event: CheckedEvent, seq: number, at: string): AuditEntry {
  return { v: 1, seq, at, ...event };
}

/**
 * Checks an event (throws naming the bad part) and returns it normalised: what is checked is
 * what is written, whenever it is appended.
 */
export function checkEvent(event: AuditEvent): CheckedEvent {
  if (!ACTOR.test(event.actor))
    throw invalidError(`audit: actor "${event.actor}" is not a principal id`);
  if (!ACTION.test(event.action))
    throw invalidError(`audit: action "${event.action}" is not object.verb`);
  const org = event.organisationId ?? null;
  if (org !== null && !SAFE_ID.test(org))
    throw invalidError('audit: organisation id is not a plain code');
  const record = event.record ?? null;
  if (record !== null && !RECORD.test(record)) {
    throw invalidError('audit: record reference is not kind:id (use recordRef)');
  }
  const fields = [...(event.fields ?? [])];
  for (const f of fields)
    if (!FIELD.test(f)) throw invalidError('audit: a field name is not an identifier');
  const purpose = event.purpose ?? null;
  if (purpose !== null && !PURPOSES.has(purpose)) throw invalidError(`audit: unknown purpose`);
  const detail: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(event.detail ?? {}).sort()) {
    const value = event.detail![key];
    if (!DETAIL_KEY.test(key))
      throw invalidError(`audit: detail key "${key}" is not an identifier`);
    if (typeof value === 'string' && !DETAIL_TEXT.test(value)) {
      throw invalidError(`audit: detail ${key} must be a code, count or hash, not text`);
    }
    if (typeof value === 'number' && !Number.isFinite(value))
      throw invalidError(`audit: detail ${key} is not finite`);
    detail[key] = value;
  }
  return {
    actor: event.actor,
    action: event.action,
    organisationId: org,
    record,
    fields,
    purpose,
    detail,
  };
}

/** The exact text that is hashed and stored: fixed key order, no whitespace. */
export function entryText(entry: AuditEntry): string {
  return JSON.stringify({
    v: entry.v,
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    organisationId: entry.organisationId,
    record: entry.record,
    fields: entry.fields,
    purpose: entry.purpose,
    detail: entry.detail,
  });
}

/** Parses stored entry text; null if it is not an entry. */
export function parseEntry(text: string): AuditEntry | null {
  try {
    const e = JSON.parse(text) as AuditEntry;
    return e && e.v === 1 && Number.isSafeInteger(e.seq) && e.seq >= 0 ? e : null;
  } catch {
    return null;
  }
}
