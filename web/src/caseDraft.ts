/**
 * The intake form's working shape, and its conversion to and from the API's Case. The form keeps
 * each event's violations and perpetrators inside the event (that is how a documenter hears the
 * story); the Case keeps them as flat acts, perpetrators and involvements, as HURIDOCS does.
 */
import type { CaseDto, CaseInput } from '../../src/server/schemas';

export type EventType = CaseDto['events'][number]['type'];
export type FuzzyDate = CaseDto['events'][number]['start'];

export interface PerpetratorDraft {
  id: string;
  kind: 'person' | 'organisation';
  type: string;
  name: string;
  role: string;
  degree: 'direct' | 'ordered' | 'assisted' | 'suspected';
}

export interface ActDraft {
  id: string;
  violation: string;
  salePrice?: number;
  saleCurrency?: string;
  saleKind?: 'wife' | 'brothel' | 'cybersex' | 'labour' | 'other';
  victimStatusAtEnd?: 'alive' | 'dead' | 'detained' | 'missing' | 'unknown';
  perpetrators: PerpetratorDraft[];
}

export interface EventDraft {
  id: string;
  type: EventType;
  start: FuzzyDate;
  placeId?: string;
  placeText?: string;
  description: string;
  acts: ActDraft[];
}

export interface CaseDraft {
  id: string;
  source: string;
  status: CaseDto['status'];
  person: CaseDto['person'];
  events: EventDraft[];
  information: CaseDto['information'];
  consent: CaseDto['consent'];
  interventions: CaseDto['interventions'];
  /** Kept as they were when editing an existing case. */
  evidence: CaseDto['evidence'];
  assessments: CaseDto['assessments'];
}

export function newId(): string {
  return crypto.randomUUID();
}

export function emptyDraft(source: string): CaseDraft {
  return {
    id: newId(),
    source,
    status: 'draft',
    person: {
      id: newId(),
      sex: 'female',
      countingUnit: 'individual',
      names: {},
      citizenship: 'KP',
    },
    events: [],
    information: [{ id: newId(), sourceId: source, knowledge: 'direct', reliability: 'B' }],
    consent: { purposes: [] },
    interventions: [],
    evidence: [],
    assessments: [],
  };
}

/** Infers the precision a typed date has: 2019 -> year, 2019-03 -> month, 2019-03-04 -> exact. */
export function precisionOf(
  value: string,
  current: FuzzyDate['precision'],
): FuzzyDate['precision'] {
  if (current === 'estimate' && /^\d{4}$/.test(value)) return 'estimate';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'exact';
  if (/^\d{4}-\d{2}$/.test(value)) return 'month';
  if (/^\d{4}$/.test(value)) return current === 'estimate' ? 'estimate' : 'year';
  return 'unknown';
}

function clean<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0 && k !== 'purposes'))
      continue;
    out[k] = v;
  }
  return out as T;
}

/** The form's draft as the API's case input. Consecutive events are linked as "precedes". */
export function draftToCase(d: CaseDraft): CaseInput {
  const acts: CaseDto['acts'] = [];
  const perpetrators: CaseDto['perpetrators'] = [];
  const involvements: CaseDto['involvements'] = [];
  for (const ev of d.events) {
    for (const a of ev.acts) {
      if (!a.violation) continue;
      acts.push(
        clean({
          id: a.id,
          eventId: ev.id,
          victimId: d.person.id,
          violation: a.violation,
          salePrice: a.salePrice,
          saleCurrency: a.salePrice !== undefined ? (a.saleCurrency ?? 'CNY') : undefined,
          saleKind: a.saleKind,
          victimStatusAtEnd: a.victimStatusAtEnd,
        }),
      );
      for (const p of a.perpetrators) {
        if (!p.type) continue;
        perpetrators.push(
          clean({ id: p.id, kind: p.kind, type: p.type, name: p.name.trim() || undefined }),
        );
        involvements.push({ perpetratorId: p.id, actId: a.id, role: p.role, degree: p.degree });
      }
    }
  }
  const events = d.events.map((ev) =>
    clean({
      id: ev.id,
      type: ev.type,
      start: clean({ value: ev.start.value || undefined, precision: ev.start.precision }),
      placeId: ev.placeId,
      placeText: ev.placeText,
      description: ev.description.trim() || undefined,
    }),
  );
  const links: CaseDto['links'] = [];
  for (let i = 1; i < d.events.length; i++) {
    links.push({ from: d.events[i - 1]!.id, to: d.events[i]!.id, kind: 'precedes' });
  }
  const names = clean({
    familyName: d.person.names.familyName?.trim(),
    givenName: d.person.names.givenName?.trim(),
    otherNames: d.person.names.otherNames?.map((n) => n.trim()).filter(Boolean),
  });
  return {
    id: d.id,
    source: d.source,
    status: d.status,
    person: clean({ ...d.person, names }),
    events,
    acts,
    perpetrators,
    involvements,
    links,
    information: d.information.map((i) => clean({ ...i, sourceId: i.sourceId || d.source })),
    consent: clean(d.consent),
    interventions: d.interventions.map((i) => clean(i)),
    evidence: d.evidence,
    assessments: d.assessments,
  };
}

/** A stored case back into the form's shape (for editing a draft or an open case). */
export function caseToDraft(c: CaseDto): CaseDraft {
  const perpById = new Map(c.perpetrators.map((p) => [p.id, p]));
  const ordered = orderEvents(c);
  return {
    id: c.id,
    source: c.source,
    status: c.status,
    person: { ...c.person, names: { ...c.person.names } },
    events: ordered.map((ev) => ({
      id: ev.id,
      type: ev.type,
      start: ev.start,
      placeId: ev.placeId,
      placeText: ev.placeText,
      description: ev.description ?? '',
      acts: c.acts
        .filter((a) => a.eventId === ev.id)
        .map((a) => ({
          id: a.id,
          violation: a.violation,
          salePrice: a.salePrice,
          saleCurrency: a.saleCurrency,
          saleKind: a.saleKind,
          victimStatusAtEnd: a.victimStatusAtEnd,
          perpetrators: c.involvements
            .filter((inv) => inv.actId === a.id)
            .flatMap((inv) => {
              const p = perpById.get(inv.perpetratorId);
              return p
                ? [
                    {
                      id: p.id,
                      kind: p.kind,
                      type: p.type,
                      name: p.name ?? '',
                      role: inv.role,
                      degree: inv.degree,
                    },
                  ]
                : [];
            }),
        })),
    })),
    information: c.information,
    consent: c.consent,
    interventions: c.interventions,
    evidence: c.evidence,
    assessments: c.assessments,
  };
}

/** Events in route order: following "precedes" links, then by date for the unlinked. */
export function orderEvents(c: Pick<CaseDto, 'events' | 'links'>): CaseDto['events'] {
  const next = new Map<string, string>();
  const hasPrev = new Set<string>();
  for (const l of c.links) {
    if (l.kind !== 'precedes') continue;
    next.set(l.from, l.to);
    hasPrev.add(l.to);
  }
  const byId = new Map(c.events.map((e) => [e.id, e]));
  const seen = new Set<string>();
  const out: CaseDto['events'] = [];
  const heads = c.events.filter((e) => !hasPrev.has(e.id)).sort(byDate);
  for (const h of heads) {
    let cur: string | undefined = h.id;
    while (cur && !seen.has(cur) && byId.has(cur)) {
      seen.add(cur);
      out.push(byId.get(cur)!);
      cur = next.get(cur);
    }
  }
  for (const e of c.events) if (!seen.has(e.id)) out.push(e);
  return out;
}

function byDate(a: CaseDto['events'][number], b: CaseDto['events'][number]): number {
  return (a.start.value ?? '9999').localeCompare(b.start.value ?? '9999');
}
