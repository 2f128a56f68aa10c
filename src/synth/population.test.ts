import { beforeAll, describe, expect, it } from 'vitest';
import { getPlace } from '../model/gazetteer';
import { crossingPairs } from '../model/gazetteer';
import { isCode } from '../model/vocabularies';
import { dayOf, yearOf } from './dates';
import {
  ARRIVALS_BY_YEAR,
  CROSSING_BY_ORIGIN,
  EXPLOITATION_SHARES,
  MASS_REPATRIATION_DATE,
  NORTHERN_BORDER_PROVINCES,
  PRICE_CNY,
} from './facts';
import { generateVictim, placesUsed, type Victim } from './population';

const N = 20_000;
const years = { from: 2000, to: 2024 };
let people: Victim[];

beforeAll(() => {
  people = Array.from({ length: N }, (_, i) => generateVictim(i, { seed: 42, years }));
});

function share(predicate: (v: Victim) => boolean, among: Victim[] = people): number {
  return among.filter(predicate).length / among.length;
}

function countBy<K>(items: K[]): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of items) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

describe('the places the population uses', () => {
  it('are all in the gazetteer, and every crossing named is a crossing pair', () => {
    expect(placesUsed().filter((id) => !getPlace(id))).toEqual([]);
    const pairIds = new Set(crossingPairs.map((p) => p.id));
    const named = Object.values(CROSSING_BY_ORIGIN).flatMap((pairs) => pairs.map(([id]) => id));
    expect(named.filter((id) => !pairIds.has(id))).toEqual([]);
  });
});

describe('a person is a pure function of (seed, index)', () => {
  it('gives the same person whatever else was generated, and another for another seed', () => {
    expect(generateVictim(123, { seed: 42, years })).toEqual(people[123]);
    expect(generateVictim(123, { seed: 43, years })).not.toEqual(people[123]);
  });
});

describe('the population follows domain.md section 7', () => {
  it('has 60-80% trafficked (KFI 2019; GRC 2023)', () => {
    const trafficked = share((v) => v.trafficked);
    expect(trafficked).toBeGreaterThan(0.65);
    expect(trafficked).toBeLessThan(0.75);
  });

  it('has exploitation shares near 50% prostitution, 30% forced marriage, 15% cybersex', () => {
    const trafficked = people.filter((v) => v.trafficked);
    const of = (kind: string) => share((v) => v.exploitation === kind, trafficked);
    expect(of('prostitution')).toBeCloseTo(EXPLOITATION_SHARES.prostitution, 1);
    expect(of('forced_marriage')).toBeCloseTo(EXPLOITATION_SHARES.forced_marriage, 1);
    // Children are more often exploited in cybersex dens, which raises the share a little.
    expect(of('cybersex')).toBeGreaterThan(0.13);
    expect(of('cybersex')).toBeLessThan(0.21);
    expect(trafficked.every((v) => v.exploitation !== undefined && v.sales.length > 0)).toBe(true);
    expect(people.filter((v) => !v.trafficked).every((v) => v.sales.length === 0)).toBe(true);
  });

  it('prices a "wife" at CNY 1,000-10,000, mostly 3,000-10,000', () => {
    const wives = people.flatMap((v) => v.sales.filter((s) => s.kind === 'wife'));
    expect(wives.length).toBeGreaterThan(1000);
    expect(wives.every((s) => s.price >= 1000 && s.price <= 10000)).toBe(true);
    const common = wives.filter((s) => s.price >= 3000).length / wives.length;
    expect(common).toBeGreaterThan(0.75);
    expect(common).toBeLessThan(0.85);
    const brothel = people.flatMap((v) => v.sales.filter((s) => s.kind === 'brothel'));
    expect(
      brothel.every((s) => s.price >= PRICE_CNY.brothel.min && s.price <= PRICE_CNY.brothel.max),
    ).toBe(true);
  });

  it('sells many women more than once', () => {
    const resold = share(
      (v) => v.sales.length > 1,
      people.filter((v) => v.trafficked),
    );
    expect(resold).toBeGreaterThan(0.4);
    expect(resold).toBeLessThan(0.6);
  });

  it('draws over 85% from Ryanggang and the Hamgyongs, around Musan, Hoeryong and Hyesan', () => {
    const northern = share((v) => NORTHERN_BORDER_PROVINCES.includes(v.homeProvince));
    expect(northern).toBeGreaterThan(0.85);
    expect(northern).toBeLessThan(0.92);
    const hubs = share((v) =>
      ['kp-hamn-musan', 'kp-hamn-hoeryong', 'kp-ryanggang-hyesan'].includes(v.homeCounty ?? ''),
    );
    expect(hubs).toBeGreaterThan(0.35);
    expect(
      people.every((v) => !v.homeCounty || v.homeCounty.startsWith(v.homeProvince + '-')),
    ).toBe(true);
  });

  it('has ages mostly 12-29 at crossing, and some children', () => {
    const age = (v: Victim) => (v.crossingDay - v.birthDay) / 365.25;
    expect(share((v) => age(v) >= 12 && age(v) < 30)).toBeGreaterThan(0.7);
    expect(share((v) => age(v) < 12)).toBeGreaterThan(0.02);
    expect(people.every((v) => age(v) >= 9 && age(v) < 47)).toBe(true);
  });

  it('follows arrivals: high in the 2000s, decline, collapse in 2020-2022', () => {
    const byYear = countBy(people.map((v) => yearOf(v.crossingDay)));
    const at = (y: number) => byYear.get(y) ?? 0;
    expect(at(2009)).toBeGreaterThan(2 * at(2019));
    const sealed = (at(2020) + at(2021) + at(2022)) / 3;
    expect(sealed).toBeLessThan(0.2 * at(2019));
    // Proportional to the arrivals table within sampling error.
    const total = Object.values(ARRIVALS_BY_YEAR).reduce((a, b) => a + b, 0);
    expect(at(2009) / N).toBeCloseTo(ARRIVALS_BY_YEAR[2009] / total, 2);
    const arrivals = countBy(people.filter((v) => v.arrivalDay).map((v) => yearOf(v.arrivalDay!)));
    const arrivedSealed =
      ((arrivals.get(2020) ?? 0) + (arrivals.get(2021) ?? 0) + (arrivals.get(2022) ?? 0)) / 3;
    expect(arrivedSealed).toBeLessThan(0.3 * (arrivals.get(2019) ?? 0));
  });

  it('holds those arrested while the border was sealed until the mass return of 9 October 2023', () => {
    const from = dayOf(2020);
    const mass = dayOf(2023, 10, 9);
    const returned = people.filter((v) => v.repatriationDay !== undefined);
    expect(returned.length).toBeGreaterThan(N * 0.1);
    expect(returned.filter((v) => v.repatriationDay! >= from && v.repatriationDay! < mass)).toEqual(
      [],
    );
    const onTheDay = returned.filter((v) => v.repatriationDay === mass).length;
    expect(onTheDay).toBeGreaterThan(0);
    expect(MASS_REPATRIATION_DATE).toBe('2023-10-09');
  });

  it('follows each return with interrogation, and most with detention', () => {
    const returned = people.filter((v) => v.repatriationDay !== undefined);
    const types = (v: Victim) => v.events.map((e) => e.type);
    expect(returned.every((v) => types(v).includes('InterrogationDPRK'))).toBe(true);
    expect(share((v) => types(v).includes('DetentionDPRK'), returned)).toBeGreaterThan(0.8);
    const tortured = share(
      (v) => v.events.some((e) => e.acts.some((a) => a.violation === 'torture')),
      returned,
    );
    expect(tortured).toBeGreaterThan(0.75);
    expect(returned.some((v) => v.fate === 'disappeared')).toBe(true);
    expect(returned.some((v) => v.fate === 'executed' || v.fate === 'died_in_custody')).toBe(true);
  });

  it('orders every trajectory in time, within the period, starting before or at the crossing', () => {
    const horizon = dayOf(2024, 12, 31);
    const wrong = people.filter((v) => {
      const crossing = v.events.find((e) => e.type === 'BorderCrossing');
      return (
        v.events.some((e, i) => i > 0 && e.start < v.events[i - 1].start) ||
        v.events.some((e) => e.start > horizon) ||
        crossing?.start !== v.crossingDay ||
        v.events.some((e) => e.start < v.crossingDay && e.type !== 'Recruitment')
      );
    });
    expect(wrong.map((v) => v.entityId)).toEqual([]);
  });

  it('uses only codes from the vocabularies', () => {
    const bad: string[] = [];
    for (const v of people) {
      for (const p of v.perpetrators)
        if (!isCode('perpetratorTypes', p.type)) bad.push(`perpetrator ${p.type}`);
      for (const e of v.events) {
        if (!isCode('eventTypes', e.type)) bad.push(`event ${e.type}`);
        if (e.placeId && !getPlace(e.placeId)) bad.push(`place ${e.placeId}`);
        for (const a of e.acts) {
          if (!isCode('violations', a.violation)) bad.push(`violation ${a.violation}`);
          for (const m of a.methods ?? [])
            if (!isCode('meansOfControl', m)) bad.push(`method ${m}`);
          for (const inv of a.involvements) {
            if (!isCode('roles', inv.role)) bad.push(`role ${inv.role}`);
            if (!v.perpetrators[inv.perpetrator]) bad.push('dangling perpetrator');
          }
        }
      }
    }
    expect([...new Set(bad)]).toEqual([]);
  });
});
