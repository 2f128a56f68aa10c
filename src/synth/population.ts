import { crossingPairs, provinceOf, type CrossingPair } from '../model/gazetteer';
import { GIVEN_SYLLABLES, SURNAMES, type KoreanName } from '../model/names';
import type { Act, EventType, Involvement, Perpetrator } from '../model/types';
import type {
  MeansOfControlCode,
  PerpetratorTypeCode,
  RoleCode,
  ViolationCode,
} from '../model/vocabularies';
import { dayOf, daysIn, isoOf, yearOf, type Day } from './dates';
import {
  AFTER_RETURN,
  AGE_AT_CROSSING,
  BORDER_SEALED,
  CHILDREN,
  CROSSING_BY_ORIGIN,
  crossingYearWeight,
  ESCAPE_ROUTES,
  EXPLOITATION_SHARES,
  FIRST_SALE_PLACES,
  HOME_PROVINCES,
  MASS_REPATRIATION_DATE,
  MEAN_YEARS_IN_CHINA,
  ONWARD_PLACES,
  OUTCOME_SHARES,
  PRICE_CNY,
  SALES_COUNT_SHARES,
  TRAFFICKED_SHARE,
  type Exploitation,
  type Outcome,
} from './facts';
import { Categorical, Rng } from './rng';

/**
 * The hidden population: each woman's whole trajectory, as it happened. Organisations see parts
 * of it later (./organisations, ./record); nothing here is noisy.
 */

export interface TrueInvolvement {
  /** Index into the victim's perpetrators. */
  perpetrator: number;
  role: RoleCode;
  degree: Involvement['degree'];
}

export interface TrueAct {
  violation: ViolationCode;
  methods?: MeansOfControlCode[];
  victimStatusAtEnd?: Act['victimStatusAtEnd'];
  salePrice?: number;
  saleKind?: Act['saleKind'];
  involvements: TrueInvolvement[];
}

export interface TrueEvent {
  type: EventType;
  start: Day;
  end?: Day;
  placeId?: string;
  acts: TrueAct[];
}

export interface TruePerpetrator {
  kind: Perpetrator['kind'];
  type: PerpetratorTypeCode;
  /** What victims call them (identifying); many are known by no name. */
  alias?: string;
}

/** Where a woman is at the end of the period, as the counts report it. */
export type Situation = 'south_korea' | 'china' | 'repatriated' | 'dead';

export type Fate = 'released' | 'detained' | 'disappeared' | 'died_in_custody' | 'executed';

export interface Victim {
  /** 0-based position in the population; the entity id is derived from it. */
  index: number;
  entityId: string;
  name: KoreanName;
  /** A Chinese name given by a buyer or used in hiding (simplified characters). */
  chineseAlias?: string;
  birthDay: Day;
  homeProvince: string;
  homeCounty?: string;
  crossing: CrossingPair;
  crossingDay: Day;
  trafficked: boolean;
  exploitation?: Exploitation;
  /** Prices of each sale, CNY, in order, with the kind of sale. */
  sales: Array<{ kind: NonNullable<Act['saleKind']>; price: number; day: Day; placeId: string }>;
  children: number;
  outcome: Outcome;
  situation: Situation;
  repatriationDay?: Day;
  arrivalDay?: Day;
  fate?: Fate;
  /** Last place in China she is known to have been. */
  lastPlaceInChina: string;
  phone?: string;
  /** South Korean resident registration number, once resettled (synthetic). */
  residentNumber?: string;
  /** Latent visibility: how findable she is by any organisation (standard normal). */
  visibility: number;
  events: TrueEvent[];
  perpetrators: TruePerpetrator[];
}

export interface PopulationOptions {
  seed: number;
  years: { from: number; to: number };
}

// Chinese names women are given by buyers or take in hiding (common surnames and women's names).
const CHINESE_SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
];
const CHINESE_GIVEN = [
  '春花',
  '美玲',
  '丽华',
  '秀英',
  '桂兰',
  '玉梅',
  '红梅',
  '晓燕',
  '小红',
  '海燕',
  '丽娟',
  '金花',
  '凤英',
  '秀兰',
  '淑珍',
  '玉兰',
  '艳',
  '丽',
  '静',
  '敏',
];

/** Tables built once: sampling distributions over the facts. */
class Tables {
  readonly surname = new Categorical(SURNAMES.map((s) => [s, s.thousands] as const));
  readonly givenFirst = new Categorical(GIVEN_SYLLABLES.map((g) => [g, g.first] as const));
  readonly givenSecond = new Categorical(GIVEN_SYLLABLES.map((g) => [g, g.second] as const));
  readonly crossingYear: Categorical<number>;
  readonly ageBand = new Categorical(AGE_AT_CROSSING);
  readonly province = new Categorical(HOME_PROVINCES.map(([id, w]) => [id, w] as const));
  readonly county = new Map(
    HOME_PROVINCES.map(([id, , counties]) => [id, new Categorical(counties)]),
  );
  readonly crossing = new Map(
    Object.entries(CROSSING_BY_ORIGIN).map(([origin, pairs]) => [origin, new Categorical(pairs)]),
  );
  readonly pairById = new Map(crossingPairs.map((p) => [p.id, p]));
  readonly exploitation = new Categorical(
    Object.entries(EXPLOITATION_SHARES) as Array<[Exploitation, number]>,
  );
  readonly salesCount = new Categorical(SALES_COUNT_SHARES);
  readonly firstSale = new Map(
    Object.entries(FIRST_SALE_PLACES).map(([river, places]) => [river, new Categorical(places)]),
  );
  readonly onward = new Map(
    Object.entries(ONWARD_PLACES).map(([kind, places]) => [kind, new Categorical(places)]),
  );
  readonly outcome = new Categorical(Object.entries(OUTCOME_SHARES) as Array<[Outcome, number]>);
  readonly escapeRoute = new Categorical(ESCAPE_ROUTES);

  constructor(years: { from: number; to: number }) {
    const entries: Array<[number, number]> = [];
    for (let y = years.from; y <= years.to; y++) entries.push([y, crossingYearWeight(y)]);
    this.crossingYear = new Categorical(entries);
  }
}

const tablesCache = new Map<string, Tables>();
function tablesFor(years: { from: number; to: number }): Tables {
  const key = `${years.from}-${years.to}`;
  let tables = tablesCache.get(key);
  if (!tables) tablesCache.set(key, (tables = new Tables(years)));
  return tables;
}

/** The entity id of the person at `index`: the `entity_id` of truth.csv. */
export function entityIdOf(index: number): string {
  return `E${String(index + 1).padStart(7, '0')}`;
}

const SALE_KIND_OF: Record<Exploitation, NonNullable<Act['saleKind']>> = {
  prostitution: 'brothel',
  forced_marriage: 'wife',
  cybersex: 'cybersex',
  forced_labour: 'labour',
};

const BUYER_OF: Record<NonNullable<Act['saleKind']>, PerpetratorTypeCode> = {
  wife: 'buyer',
  brothel: 'brothel_operator',
  cybersex: 'cybersex_operator',
  labour: 'other',
  other: 'other',
};

/** How long each kind of exploitation lasts before a resale, in days (assumption). */
const EXPLOITATION_DAYS: Record<NonNullable<Act['saleKind']>, readonly [number, number]> = {
  wife: [180, 2000],
  brothel: [60, 700],
  cybersex: [90, 1000],
  labour: [90, 700],
  other: [60, 700],
};

function price(rng: Rng, kind: NonNullable<Act['saleKind']>): number {
  const range = PRICE_CNY[kind === 'other' ? 'labour' : kind];
  const raw = rng.bool(range.commonShare)
    ? rng.uniform(range.commonMin, range.max)
    : rng.uniform(range.min, range.commonMin);
  // Prices are quoted in round hundreds.
  return Math.min(range.max, Math.max(range.min, Math.round(raw / 100) * 100));
}

function subset<T>(rng: Rng, items: readonly T[], p: number): T[] {
  const out = items.filter(() => rng.bool(p));
  return out.length > 0 ? out : [items[0]];
}

const METHODS: Record<NonNullable<Act['saleKind']>, readonly MeansOfControlCode[]> = {
  wife: [
    'restricts_movement',
    'threat_of_law_enforcement',
    'threats',
    'sexual_abuse',
    'physical_abuse',
  ],
  brothel: [
    'debt_bondage',
    'takes_earnings',
    'restricts_movement',
    'threats',
    'physical_abuse',
    'threat_of_law_enforcement',
  ],
  cybersex: [
    'restricts_movement',
    'threats',
    'withholds_documents',
    'psychological_abuse',
    'takes_earnings',
  ],
  labour: [
    'excessive_working_hours',
    'takes_earnings',
    'restricts_movement',
    'threat_of_law_enforcement',
  ],
  other: ['threats'],
};

/** Where forced returns leave China from, by the Chinese province or prefecture she was held in. */
function returnCrossing(tables: Tables, placeId: string, rng: Rng): CrossingPair {
  let id: string;
  if (placeId.startsWith('cn-ln')) id = 'sinuiju-dandong';
  else if (placeId.startsWith('cn-jl-baishan') || placeId.startsWith('cn-jl-tonghua'))
    id = 'hyesan-changbai';
  else if (placeId.startsWith('cn-jl-yanbian'))
    id = rng.bool(0.7) ? 'onsong-tumen' : 'musan-nanping';
  else id = rng.pick(['sinuiju-dandong', 'onsong-tumen', 'hyesan-changbai', 'musan-nanping']);
  return tables.pairById.get(id) as CrossingPair;
}

function addPerpetrator(
  rng: Rng,
  tables: Tables,
  perpetrators: TruePerpetrator[],
  type: PerpetratorTypeCode,
  kind: Perpetrator['kind'] = 'person',
): number {
  const p: TruePerpetrator = { kind, type };
  if (kind === 'person' && rng.bool(0.3)) {
    p.alias =
      type === 'dprk_broker'
        ? `${tables.surname.sample(rng).south} 씨`
        : `老${rng.pick(CHINESE_SURNAMES)}`;
  }
  perpetrators.push(p);
  return perpetrators.length - 1;
}

function digits(rng: Rng, n: number): string {
  return String(rng.int(0, 10 ** n - 1)).padStart(n, '0');
}

function phoneFor(rng: Rng, inKorea: boolean): string {
  return inKorea
    ? `010-${digits(rng, 4)}-${digits(rng, 4)}`
    : `+86 1${rng.pick(['3', '5', '8'])}${digits(rng, 1)} ${digits(rng, 4)} ${digits(rng, 4)}`;
}

function residentNumberFor(rng: Rng, birthDay: Day): string {
  const iso = isoOf(birthDay);
  const yymmdd = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  // 2 = woman born 1900-1999, 4 = woman born 2000 or later.
  const sexDigit = yearOf(birthDay) >= 2000 ? '4' : '2';
  return `${yymmdd}-${sexDigit}${String(rng.int(0, 999999)).padStart(6, '0')}`;
}

/**
 * Draws the whole trajectory of the person at `index`. Pure: the same (seed, index, years) gives
 * the same victim, in any order and whatever else is generated.
 */
export function generateVictim(index: number, options: PopulationOptions): Victim {
  const tables = tablesFor(options.years);
  const rng = new Rng(options.seed, 'person', index);
  const horizon = dayOf(options.years.to, 12, 31);

  // Name.
  const surname = tables.surname.sample(rng);
  const first = tables.givenFirst.sample(rng);
  let second = tables.givenSecond.sample(rng);
  if (second.reading === first.reading) second = tables.givenSecond.sample(rng);
  const name: KoreanName = { surname, given: [first, second] };

  // Origin, crossing, age.
  const crossingYear = tables.crossingYear.sample(rng);
  const crossingDay = dayOf(crossingYear) + rng.int(0, daysIn(crossingYear) - 1);
  const [ageLo, ageHi] = tables.ageBand.sample(rng);
  const age = rng.int(ageLo, ageHi);
  // At least `age` full years old on the day she crossed.
  const birthDay = crossingDay - Math.ceil(age * 365.25) - rng.int(0, 364);
  const homeProvince = tables.province.sample(rng);
  const county = tables.county.get(homeProvince)?.sample(rng) ?? '';
  const homeCounty = county === '' ? undefined : county;
  const crossingDist =
    (homeCounty ? tables.crossing.get(homeCounty) : undefined) ??
    tables.crossing.get(homeProvince) ??
    (tables.crossing.get('elsewhere') as Categorical<string>);
  const crossing = tables.pairById.get(crossingDist.sample(rng)) as CrossingPair;

  const perpetrators: TruePerpetrator[] = [];
  const events: TrueEvent[] = [];
  const sales: Victim['sales'] = [];

  const child = age < 12;
  const trafficked = child ? rng.bool(0.9) : rng.bool(TRAFFICKED_SHARE);
  let exploitation: Exploitation | undefined;
  let children = 0;
  let day = crossingDay;
  let lastPlaceInChina = crossing.prc;
  let lastExploitation: TrueEvent | undefined;

  if (trafficked) {
    const recruitedInDprk = rng.bool(0.6);
    let broker = -1;
    if (recruitedInDprk) {
      broker = addPerpetrator(rng, tables, perpetrators, 'dprk_broker');
      events.push({
        type: 'Recruitment',
        start: crossingDay - rng.int(3, 60),
        placeId: homeCounty ?? homeProvince,
        acts: [
          {
            violation: 'trafficking',
            methods: ['false_promises'],
            involvements: [{ perpetrator: broker, role: 'recruiter', degree: 'direct' }],
          },
        ],
      });
    }
    events.push({
      type: 'BorderCrossing',
      start: crossingDay,
      placeId: crossing.prc,
      acts: recruitedInDprk
        ? [
            {
              violation: 'trafficking',
              involvements: [{ perpetrator: broker, role: 'transporter', degree: 'direct' }],
            },
          ]
        : [],
    });
    exploitation = child && rng.bool(0.6) ? 'cybersex' : tables.exploitation.sample(rng);
    const primaryKind = SALE_KIND_OF[exploitation];
    const count = tables.salesCount.sample(rng);
    const river = crossing.river;
    day = crossingDay + rng.int(1, 30);
    let seller = addPerpetrator(rng, tables, perpetrators, 'prc_broker');
    for (let k = 0; k < count; k++) {
      // A woman resold is often first sold as a "wife" and later to a brothel, or the reverse.
      const kind =
        k < count - 1 && rng.bool(0.25)
          ? primaryKind === 'wife'
            ? 'brothel'
            : 'wife'
          : primaryKind;
      const placeId =
        k === 0
          ? (tables.firstSale.get(river) as Categorical<string>).sample(rng)
          : (tables.onward.get(kind) as Categorical<string>).sample(rng);
      const buyer = addPerpetrator(
        rng,
        tables,
        perpetrators,
        BUYER_OF[kind],
        kind === 'wife' ? 'person' : rng.bool(0.5) ? 'organisation' : 'person',
      );
      const salePrice = price(rng, kind);
      sales.push({ kind, price: salePrice, day, placeId });
      const saleInvolvements: TrueInvolvement[] = [
        { perpetrator: seller, role: 'seller', degree: 'direct' },
        { perpetrator: buyer, role: 'buyer', degree: 'direct' },
      ];
      if (k === 0 && broker >= 0)
        saleInvolvements.push({ perpetrator: broker, role: 'seller', degree: 'assisted' });
      events.push({
        type: 'Sale',
        start: day,
        placeId,
        acts: [
          {
            violation: 'trafficking',
            salePrice,
            saleKind: kind,
            methods: subset(rng, ['restricts_movement', 'threats', 'false_promises'], 0.4),
            involvements: saleInvolvements,
          },
        ],
      });
      const [lo, hi] = EXPLOITATION_DAYS[kind];
      const start = day + rng.int(0, 7);
      const end = start + rng.int(lo, hi);
      const methods = subset(rng, METHODS[kind], 0.45);
      const byBuyer: TrueInvolvement[] = [
        { perpetrator: buyer, role: 'exploiter', degree: 'direct' },
      ];
      const asBuyer: TrueInvolvement[] = [{ perpetrator: buyer, role: 'buyer', degree: 'direct' }];
      const asAbuser: TrueInvolvement[] = [
        { perpetrator: buyer, role: 'abuser', degree: 'direct' },
      ];
      const acts: TrueAct[] = [];
      if (kind === 'wife') {
        acts.push({ violation: 'forced_marriage', methods, involvements: asBuyer });
        acts.push({ violation: 'sexual_slavery', methods, involvements: asBuyer });
        acts.push({ violation: 'rape', involvements: asAbuser });
        const had = rng.bool(CHILDREN.anyIfWife) ? (rng.bool(CHILDREN.twoIfAny) ? 2 : 1) : 0;
        if (had > 0) acts.push({ violation: 'forced_pregnancy', involvements: asAbuser });
        children += had;
      } else if (kind === 'brothel') {
        acts.push({ violation: 'sexual_slavery', methods, involvements: byBuyer });
        acts.push({ violation: 'rape', involvements: byBuyer });
        if (rng.bool(CHILDREN.anyOtherwise)) children += 1;
      } else if (kind === 'cybersex') {
        acts.push({ violation: 'cybersex_trafficking', methods, involvements: byBuyer });
        acts.push({ violation: 'sexual_slavery', methods, involvements: byBuyer });
      } else {
        acts.push({ violation: 'enslavement', methods, involvements: byBuyer });
      }
      lastExploitation = { type: 'Exploitation', start, end, placeId, acts };
      events.push(lastExploitation);
      lastPlaceInChina = placeId;
      day = end + rng.int(1, 20);
      seller = buyer;
    }
  } else {
    events.push({ type: 'BorderCrossing', start: crossingDay, placeId: crossing.prc, acts: [] });
    // She finds work or shelter somewhere, moving on from the border.
    const placeId = (tables.onward.get('labour') as Categorical<string>).sample(rng);
    day = crossingDay + rng.int(10, 200);
    events.push({ type: 'Transit', start: day, placeId, acts: [] });
    lastPlaceInChina = placeId;
  }

  // How her time in China ends.
  let outcome = tables.outcome.sample(rng);
  let outcomeDay = Math.max(
    day,
    crossingDay +
      Math.round((1 + rng.geometric(1 / MEAN_YEARS_IN_CHINA)) * 365 * rng.uniform(0.5, 1.5)),
  );
  const sealedFrom = dayOf(BORDER_SEALED.from);
  const sealedTo = dayOf(BORDER_SEALED.to, 12, 31);
  if (
    outcome === 'escape_to_south_korea' &&
    outcomeDay >= sealedFrom &&
    outcomeDay <= sealedTo &&
    rng.bool(0.9)
  ) {
    // Nobody could travel: the escape waits for the reopening.
    outcomeDay = dayOf(BORDER_SEALED.to + 1) + rng.int(0, 700);
  }
  if (outcomeDay > horizon) outcome = 'remains_in_china';
  if (lastExploitation) {
    // She is held until she gets away or is caught; if neither, it goes on.
    lastExploitation.end = outcome === 'remains_in_china' ? undefined : outcomeDay;
  }

  let situation: Situation = 'china';
  let repatriationDay: Day | undefined;
  let arrivalDay: Day | undefined;
  let fate: Fate | undefined;

  if (outcome === 'escape_to_south_korea') {
    const route = tables.escapeRoute.sample(rng);
    const arrival = outcomeDay + rng.int(30, 240);
    if (arrival > horizon) {
      outcome = 'remains_in_china';
    } else {
      events.push({ type: 'Escape', start: outcomeDay, placeId: lastPlaceInChina, acts: [] });
      if (route !== '') {
        events.push({
          type: 'Transit',
          start: outcomeDay + rng.int(5, 25),
          end: arrival - rng.int(1, 20),
          placeId: route,
          acts: [],
        });
      }
      arrivalDay = arrival;
      situation = 'south_korea';
    }
  } else if (outcome === 'arrested') {
    const police = addPerpetrator(rng, tables, perpetrators, 'prc_public_security', 'organisation');
    const mss = addPerpetrator(rng, tables, perpetrators, 'mss', 'organisation');
    const socialSecurity = addPerpetrator(
      rng,
      tables,
      perpetrators,
      'social_security',
      'organisation',
    );
    const arrest = outcomeDay;
    events.push({ type: 'ArrestPRC', start: arrest, placeId: lastPlaceInChina, acts: [] });
    const pair = returnCrossing(tables, lastPlaceInChina, rng);
    const massReturn = dayOf(
      ...(MASS_REPATRIATION_DATE.split('-').map(Number) as [number, number, number]),
    );
    let returnDay = arrest + rng.int(14, 120);
    // Held while the border was sealed, then sent back in the mass return of October 2023.
    if (returnDay >= sealedFrom && arrest <= massReturn)
      returnDay = Math.max(returnDay, massReturn);
    const detentionPlace =
      provinceOf(lastPlaceInChina)?.id === 'cn-ln' ? 'cn-ln-dandong' : pair.prc;
    events.push({
      type: 'DetentionPRC',
      start: arrest + rng.int(0, 3),
      end: Math.min(returnDay, horizon),
      placeId: detentionPlace,
      acts: [
        {
          violation: 'arbitrary_imprisonment',
          victimStatusAtEnd: returnDay > horizon ? 'detained' : 'alive',
          involvements: [{ perpetrator: police, role: 'jailer', degree: 'direct' }],
        },
      ],
    });
    if (returnDay > horizon) {
      situation = 'china';
      fate = 'detained';
    } else {
      repatriationDay = returnDay;
      situation = 'repatriated';
      events.push({
        type: 'Repatriation',
        start: returnDay,
        placeId: pair.prc,
        acts: [
          {
            violation: 'forced_repatriation',
            involvements: [
              { perpetrator: police, role: 'returning_official', degree: 'direct' },
              { perpetrator: mss, role: 'receiver', degree: 'direct' },
            ],
          },
        ],
      });
      const interrogationEnd = returnDay + rng.int(7, 60);
      const interrogationActs: TrueAct[] = [];
      if (rng.bool(AFTER_RETURN.torturedInInterrogation)) {
        interrogationActs.push({
          violation: 'torture',
          involvements: [{ perpetrator: mss, role: 'interrogator', degree: 'direct' }],
        });
      }
      if (children > 0 && rng.bool(AFTER_RETURN.forcedAbortionIfRecentChild)) {
        interrogationActs.push({
          violation: 'forced_abortion',
          involvements: [{ perpetrator: mss, role: 'interrogator', degree: 'direct' }],
        });
      }
      events.push({
        type: 'InterrogationDPRK',
        start: returnDay,
        end: interrogationEnd,
        placeId: pair.dprk,
        acts: interrogationActs,
      });
      let releaseDay = interrogationEnd;
      fate = 'released';
      if (rng.bool(AFTER_RETURN.detained)) {
        const detentionEnd = interrogationEnd + rng.int(60, 900);
        const r = rng.float();
        const held = {
          perpetrator: socialSecurity,
          role: 'jailer' as RoleCode,
          degree: 'direct' as const,
        };
        if (r < AFTER_RETURN.disappeared) {
          fate = 'disappeared';
          events.push({
            type: 'DetentionDPRK',
            start: interrogationEnd,
            placeId: homeProvince,
            acts: [
              {
                violation: 'arbitrary_imprisonment',
                victimStatusAtEnd: 'missing',
                involvements: [held],
              },
              {
                violation: 'enforced_disappearance',
                victimStatusAtEnd: 'missing',
                involvements: [{ perpetrator: mss, role: 'captor', degree: 'direct' }],
              },
            ],
          });
        } else if (
          r <
          AFTER_RETURN.disappeared + AFTER_RETURN.diedInCustody + AFTER_RETURN.executed
        ) {
          const executed = r >= AFTER_RETURN.disappeared + AFTER_RETURN.diedInCustody;
          fate = executed ? 'executed' : 'died_in_custody';
          const deathDay = Math.min(detentionEnd, horizon);
          events.push({
            type: 'DetentionDPRK',
            start: interrogationEnd,
            end: deathDay,
            placeId: homeCounty ?? homeProvince,
            acts: [
              {
                violation: 'arbitrary_imprisonment',
                victimStatusAtEnd: 'dead',
                involvements: [held],
              },
            ],
          });
          events.push({
            type: 'Death',
            start: deathDay,
            placeId: homeCounty ?? homeProvince,
            acts: [
              executed
                ? {
                    violation: 'execution',
                    victimStatusAtEnd: 'dead',
                    involvements: [{ perpetrator: mss, role: 'other', degree: 'ordered' }],
                  }
                : { violation: 'torture', victimStatusAtEnd: 'dead', involvements: [held] },
            ],
          });
          situation = 'dead';
        } else {
          events.push({
            type: 'DetentionDPRK',
            start: interrogationEnd,
            end: detentionEnd,
            placeId: homeCounty ?? homeProvince,
            acts: [
              {
                violation: 'arbitrary_imprisonment',
                victimStatusAtEnd: detentionEnd > horizon ? 'detained' : 'alive',
                involvements: [held],
              },
            ],
          });
          releaseDay = detentionEnd;
          if (detentionEnd > horizon) fate = 'detained';
        }
      }
      if (fate === 'released' && releaseDay <= horizon) {
        events.push({
          type: 'Release',
          start: releaseDay,
          placeId: homeCounty ?? homeProvince,
          acts: [],
        });
      }
    }
  } else if (outcome === 'died_in_china') {
    events.push({ type: 'Death', start: outcomeDay, placeId: lastPlaceInChina, acts: [] });
    situation = 'dead';
  }

  // Events are kept in date order, and nothing after the end of the period is known.
  const known = events.filter((e) => e.start <= horizon).sort((a, b) => a.start - b.start);
  const chineseAlias =
    trafficked && rng.bool(0.4) ? rng.pick(CHINESE_SURNAMES) + rng.pick(CHINESE_GIVEN) : undefined;
  const phone = rng.bool(0.6) ? phoneFor(rng, situation === 'south_korea') : undefined;
  const residentNumber = situation === 'south_korea' ? residentNumberFor(rng, birthDay) : undefined;

  return {
    index,
    entityId: entityIdOf(index),
    name,
    chineseAlias,
    birthDay,
    homeProvince,
    homeCounty,
    crossing,
    crossingDay,
    trafficked,
    exploitation,
    sales,
    children,
    outcome,
    situation,
    repatriationDay,
    arrivalDay,
    fate,
    lastPlaceInChina,
    phone,
    residentNumber,
    visibility: rng.normal(),
    events: known,
    perpetrators,
  };
}

/** The places the population draws from, for a test that every one exists in the gazetteer. */
export function placesUsed(): string[] {
  const ids = new Set<string>();
  for (const [province, , counties] of HOME_PROVINCES) {
    ids.add(province);
    for (const [county] of counties) if (county) ids.add(county);
  }
  for (const places of [...Object.values(FIRST_SALE_PLACES), ...Object.values(ONWARD_PLACES)]) {
    for (const [id] of places) ids.add(id);
  }
  for (const [id] of ESCAPE_ROUTES) if (id) ids.add(id);
  return [...ids];
}
