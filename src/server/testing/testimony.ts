/**
 * A complete testimony as the intake form sends it, in Korean: a woman from Musan crosses the
 * Tumen, is sold twice (to a broker, then as a "wife"), escapes, is arrested in Yanji, detained
 * and repatriated. The names are canaries: tests assert they never appear where they must not.
 */
import type { CaseInput } from '../schemas';

export const CANARY = {
  familyName: '김',
  givenName: '순희',
  otherName: '金順姬',
  romanised: 'Kim Sun-hee',
  description: '두만강을 건너다 브로커에게 넘겨졌다는 캐너리진술',
  informant: '캐너리제보자',
  birthDate: '1996-04-17',
  perpetrator: '왕캐너리',
};

export function testimony(
  caseId: string,
  opts: { urgent?: boolean; purposes?: CaseInput['consent']['purposes'] } = {},
): CaseInput {
  const ev = (n: number) => `${caseId}-e${n}`;
  const act = (n: number) => `${caseId}-a${n}`;
  const perp = (n: number) => `${caseId}-p${n}`;
  return {
    id: caseId,
    source: '',
    status: opts.urgent ? 'urgent' : 'open',
    person: {
      id: `${caseId}-person`,
      sex: 'female',
      birthYear: 1996,
      birthYearPrecision: 'exact',
      birthDate: CANARY.birthDate,
      citizenship: 'KP',
      homeProvince: 'kp-hamn',
      homeCounty: 'kp-hamn-musan',
      countingUnit: 'individual',
      names: {
        familyName: CANARY.familyName,
        givenName: CANARY.givenName,
        otherNames: [CANARY.otherName],
      },
    },
    events: [
      {
        id: ev(1),
        type: 'BorderCrossing',
        start: { value: '2018-03', precision: 'month' },
        placeId: 'kp-hamn-musan',
        description: CANARY.description,
      },
      {
        id: ev(2),
        type: 'Sale',
        start: { value: '2018-03-20', precision: 'exact' },
        placeId: 'cn-jl-yanbian-helong',
      },
      {
        id: ev(3),
        type: 'Sale',
        start: { value: '2018-05', precision: 'month' },
        placeId: 'cn-hl',
      },
      {
        id: ev(4),
        type: 'Exploitation',
        start: { value: '2018', precision: 'year' },
        placeId: 'cn-hl',
      },
      { id: ev(5), type: 'Escape', start: { value: '2021', precision: 'year' }, placeId: 'cn-hl' },
      {
        id: ev(6),
        type: 'ArrestPRC',
        start: { value: '2021-09', precision: 'month' },
        placeId: 'cn-jl-yanbian-yanji',
      },
      {
        id: ev(7),
        type: 'DetentionPRC',
        start: { value: '2021-09', precision: 'month' },
        placeId: 'cn-jl-yanbian-tumen',
      },
    ],
    acts: [
      {
        id: act(1),
        eventId: ev(2),
        victimId: `${caseId}-person`,
        violation: 'trafficking',
        salePrice: 5000,
        saleCurrency: 'CNY',
        saleKind: 'other',
      },
      {
        id: act(2),
        eventId: ev(3),
        victimId: `${caseId}-person`,
        violation: 'sexual_slavery',
        salePrice: 20000,
        saleCurrency: 'CNY',
        saleKind: 'wife',
      },
      { id: act(3), eventId: ev(4), victimId: `${caseId}-person`, violation: 'forced_marriage' },
      {
        id: act(4),
        eventId: ev(7),
        victimId: `${caseId}-person`,
        violation: 'arbitrary_imprisonment',
      },
    ],
    perpetrators: [
      { id: perp(1), kind: 'person', type: 'prc_broker', name: CANARY.perpetrator },
      { id: perp(2), kind: 'person', type: 'buyer' },
      { id: perp(3), kind: 'organisation', type: 'prc_public_security' },
    ],
    involvements: [
      { perpetratorId: perp(1), actId: act(1), role: 'seller', degree: 'direct' },
      { perpetratorId: perp(1), actId: act(2), role: 'seller', degree: 'direct' },
      { perpetratorId: perp(2), actId: act(2), role: 'buyer', degree: 'direct' },
      { perpetratorId: perp(3), actId: act(4), role: 'captor', degree: 'direct' },
    ],
    links: [1, 2, 3, 4, 5, 6].map((n) => ({
      from: ev(n),
      to: ev(n + 1),
      kind: 'precedes' as const,
    })),
    information: [
      {
        id: `${caseId}-i1`,
        sourceId: '',
        knowledge: 'direct',
        reliability: 'B',
        language: 'ko',
        interviewDate: { value: '2024-02-02', precision: 'exact' },
        informant: CANARY.informant,
      },
    ],
    consent: {
      purposes: opts.purposes ?? ['case_management', 'legal_proceedings', 'aggregate_statistics'],
      givenOn: '2024-02-02',
    },
    interventions: opts.urgent
      ? [
          {
            id: `${caseId}-v1`,
            kind: 'un_urgent_appeal',
            status: 'open',
            responsible: 'Legal team',
            deadline: '2025-03-15',
          },
        ]
      : [],
    evidence: [],
    assessments: [],
  };
}
