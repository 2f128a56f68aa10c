import { describe, expect, it } from 'vitest';
import type { EventType } from '../types';
import {
  LANGS,
  UnknownCodeError,
  ageBand,
  elementsOf,
  isCode,
  label,
  vocabularies,
  type VocabName,
} from './index';

const names = Object.keys(vocabularies) as VocabName[];

describe('vocabularies', () => {
  it.each(names)('%s: every entry has ko, en and zh labels and a unique code', (name) => {
    const entries = vocabularies[name];
    expect(entries.length).toBeGreaterThan(1);
    const codes = entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of entries) {
      expect(e.code).toMatch(/^\S+$/);
      for (const lang of LANGS) {
        expect(e.labels[lang].trim(), `${name}.${e.code}.${lang}`).not.toBe('');
      }
      // Korean labels carry Hangul and Chinese labels Han characters (not a copy of the English).
      expect(e.labels.ko, `${name}.${e.code}.ko`).toMatch(/[\uac00-\ud7a3]|^[A-F] |\d/);
      expect(e.labels.zh, `${name}.${e.code}.zh`).toMatch(/\p{Script=Han}|\d/u);
    }
  });

  it('has the 13 event types of the model, in route order', () => {
    const expected: EventType[] = [
      'Recruitment',
      'BorderCrossing',
      'Sale',
      'Transit',
      'Exploitation',
      'Escape',
      'ArrestPRC',
      'DetentionPRC',
      'Repatriation',
      'InterrogationDPRK',
      'DetentionDPRK',
      'Release',
      'Death',
    ];
    expect(vocabularies.eventTypes.map((e) => e.code)).toEqual(expected);
  });

  it('covers every row of the violations table', () => {
    const codes = vocabularies.violations.map((v) => v.code);
    for (const c of [
      'trafficking',
      'rape',
      'sexual_slavery',
      'cybersex_trafficking',
      'forced_marriage',
      'forced_pregnancy',
      'forced_abortion',
      'enslavement',
      'forced_repatriation',
      'arbitrary_imprisonment',
      'torture',
      'enforced_disappearance',
      'execution',
    ]) {
      expect(codes).toContain(c);
    }
  });

  it("every violation's elements and frameworks exist, and every element is used", () => {
    const used = new Set<string>();
    for (const v of vocabularies.violations) {
      expect(v.routes.length).toBeGreaterThan(0);
      for (const r of v.routes) {
        expect(isCode('legalFrameworks', r.framework), r.framework).toBe(true);
        for (const e of r.elements) {
          expect(isCode('legalElements', e), `${v.code}: ${e}`).toBe(true);
          used.add(e);
        }
      }
      expect(elementsOf(v.code).map((e) => e.code)).toEqual(v.elements);
    }
    expect([...used].sort()).toEqual(vocabularies.legalElements.map((e) => e.code).sort());
  });

  it('every crime-against-humanity route carries the context elements, others do not', () => {
    for (const v of vocabularies.violations) {
      for (const r of v.routes) {
        const rome7 = vocabularies.legalFrameworks.find((f) => f.code === r.framework)!.rome7;
        expect(r.elements.includes('icc.context.widespread'), `${v.code} ${r.framework}`).toBe(
          rome7,
        );
        expect(r.elements.includes('icc.context.knowledge'), `${v.code} ${r.framework}`).toBe(
          rome7,
        );
      }
    }
    expect(
      vocabularies.violations.find((v) => v.code === 'trafficking')!.crimeAgainstHumanity,
    ).toBe(false);
    expect(vocabularies.violations.find((v) => v.code === 'rape')!.crimeAgainstHumanity).toBe(true);
  });

  it('trafficking needs act, means and purpose, but no means for a child', () => {
    const adult = elementsOf('trafficking').map((e) => e.code);
    expect(adult).toEqual(['palermo.act', 'palermo.means', 'palermo.purpose']);
    const child = elementsOf('trafficking', { victimIsChild: true }).map((e) => e.code);
    expect(child).toEqual(['palermo.act', 'palermo.purpose']);
    // The rule is the element's, so it holds wherever the Palermo route appears.
    const cyber = elementsOf('cybersex_trafficking', { victimIsChild: true }).map((e) => e.code);
    expect(cyber).not.toContain('palermo.means');
    expect(cyber).toContain('icc.7_1_g_2.ownership');
  });

  it('sexual slavery requires ownership and a sexual act, plus the context', () => {
    expect(elementsOf('sexual_slavery').map((e) => e.code)).toEqual([
      'icc.7_1_g_2.ownership',
      'icc.7_1_g_2.sexual_act',
      'icc.context.widespread',
      'icc.context.knowledge',
    ]);
  });

  it('labels a code in each language and rejects unknown codes', () => {
    expect(label('eventTypes', 'Repatriation', 'ko')).toBe('강제송환');
    expect(label('eventTypes', 'Repatriation', 'en')).toBe('Repatriation');
    expect(label('eventTypes', 'Repatriation', 'zh')).toBe('遣返');
    expect(label('perpetratorTypes', 'mss', 'zh')).toBe('朝鲜国家保卫省');
    expect(() => label('eventTypes', 'repatriation', 'en')).toThrow(UnknownCodeError);
    expect(() => elementsOf('genocide')).toThrow(/unknown code 'genocide'/);
  });

  it('isCode is exact', () => {
    expect(isCode('sourceReliability', 'A')).toBe(true);
    expect(isCode('sourceReliability', 'a')).toBe(false);
    expect(isCode('sourceReliability', 'G')).toBe(false);
    expect(isCode('datePrecisions', 'estimate')).toBe(true);
    expect(isCode('consentPurposes', 'un_reporting')).toBe(true);
    expect(isCode('saleKinds', 'wife')).toBe(true);
    expect(isCode('roles', 'harbourer')).toBe(true);
    expect(isCode('meansOfControl', 'threat_of_law_enforcement')).toBe(true);
    expect(isCode('recruitmentMethods', 'smuggling_ransom')).toBe(true);
  });

  it('has the 11 perpetrator types and the 4 consent purposes and 5 date precisions', () => {
    expect(vocabularies.perpetratorTypes).toHaveLength(11);
    expect(vocabularies.consentPurposes).toHaveLength(4);
    expect(vocabularies.datePrecisions).toHaveLength(5);
    expect(vocabularies.sourceReliability.map((r) => r.code)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
    ]);
  });
});

describe('ageBand', () => {
  it('puts the boundary ages in the CTDC bands', () => {
    expect(ageBand(0)).toBe('0-8');
    expect(ageBand(8)).toBe('0-8');
    expect(ageBand(9)).toBe('9-17');
    expect(ageBand(17)).toBe('9-17');
    expect(ageBand(17.9)).toBe('9-17');
    expect(ageBand(18)).toBe('18-20');
    expect(ageBand(20)).toBe('18-20');
    expect(ageBand(21)).toBe('21-23');
    expect(ageBand(29)).toBe('27-29');
    expect(ageBand(30)).toBe('30-38');
    expect(ageBand(38)).toBe('30-38');
    expect(ageBand(39)).toBe('39-47');
    expect(ageBand(47)).toBe('39-47');
    expect(ageBand(48)).toBe('48+');
    expect(ageBand(95)).toBe('48+');
  });

  it('bands tile the ages without gaps or overlaps', () => {
    for (let age = 0; age <= 120; age++) {
      const hits = vocabularies.ageBands.filter(
        (b) => age >= b.min && (b.max === undefined || age <= b.max),
      );
      expect(hits, `age ${age}`).toHaveLength(1);
      expect(ageBand(age)).toBe(hits[0].code);
    }
  });

  it('rejects impossible ages', () => {
    expect(() => ageBand(-1)).toThrow(RangeError);
    expect(() => ageBand(Number.NaN)).toThrow(RangeError);
    expect(() => ageBand(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
