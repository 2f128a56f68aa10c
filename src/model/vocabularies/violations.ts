import { fromRecord, type Labels } from './labels';
import { CONTEXT_ELEMENTS, type LegalElementCode } from './legal-elements';
import { legalFrameworks, type LegalFrameworkCode } from './legal-frameworks';

/** One way of proving a violation: a framework and the elements it requires. */
export interface ViolationRoute {
  readonly framework: LegalFrameworkCode;
  /** Elements to show, in order; for a crime against humanity the context elements are included. */
  readonly elements: readonly LegalElementCode[];
}

export interface ViolationData {
  readonly labels: Labels;
  /** Alternative routes: showing every element of any one of them proves the violation. */
  readonly routes: readonly ViolationRoute[];
}

export interface Violation extends ViolationData {
  readonly code: ViolationCode;
  /** Every element of every route, without repeats, in order of first appearance. */
  readonly elements: readonly LegalElementCode[];
  /** True when a route is a crime against humanity (Rome Statute art. 7). */
  readonly crimeAgainstHumanity: boolean;
}

/** A route as written below; Rome Statute art. 7 routes get the context elements appended. */
function route(framework: LegalFrameworkCode, elements: LegalElementCode[]): ViolationRoute {
  const rome7 = legalFrameworks.find((f) => f.code === framework)?.rome7 ?? false;
  return { framework, elements: rome7 ? [...elements, ...CONTEXT_ELEMENTS] : elements };
}

const PALERMO: LegalElementCode[] = ['palermo.act', 'palermo.means', 'palermo.purpose'];

// domain.md section 5: one entry per row, except that forced pregnancy and forced abortion are
// separate acts with separate law, so they are two codes.
const VIOLATIONS = {
  trafficking: {
    labels: { ko: '인신매매', en: 'Trafficking in persons', zh: '贩运人口' },
    routes: [route('palermo.art3', PALERMO)],
  },
  rape: {
    labels: { ko: '강간', en: 'Rape', zh: '强奸' },
    routes: [route('icc.7_1_g_1', ['icc.7_1_g_1.invasion', 'icc.7_1_g_1.coercion'])],
  },
  sexual_slavery: {
    labels: {
      ko: '성노예화 (“아내”로 매매, 성매매업소, 화상 성매매)',
      en: 'Sexual slavery (sale as a "wife", brothel, cybersex den)',
      zh: '性奴役（作为“妻子”出卖、妓院、网络色情窝点）',
    },
    routes: [route('icc.7_1_g_2', ['icc.7_1_g_2.ownership', 'icc.7_1_g_2.sexual_act'])],
  },
  cybersex_trafficking: {
    labels: { ko: '사이버 성착취 인신매매', en: 'Cybersex trafficking', zh: '网络性剥削贩运' },
    routes: [
      route('palermo.art3', [...PALERMO, 'cybersex.online']),
      route('icc.7_1_g_2', ['icc.7_1_g_2.ownership', 'icc.7_1_g_2.sexual_act', 'cybersex.online']),
    ],
  },
  forced_marriage: {
    labels: { ko: '강제결혼', en: 'Forced marriage', zh: '强迫婚姻' },
    routes: [
      route('icc.7_1_k', [
        'icc.7_1_k.conjugal',
        'icc.7_1_k.suffering',
        'icc.7_1_k.similar_character',
        'icc.7_1_k.awareness',
      ]),
    ],
  },
  forced_pregnancy: {
    labels: { ko: '강제임신', en: 'Forced pregnancy', zh: '强迫怀孕' },
    routes: [route('icc.7_1_g_4', ['icc.7_1_g_4.confinement', 'icc.7_1_g_4.intent'])],
  },
  forced_abortion: {
    labels: { ko: '강제낙태', en: 'Forced abortion', zh: '强迫堕胎' },
    routes: [
      route('icc.7_1_k', [
        'forced_abortion.termination',
        'icc.7_1_k.suffering',
        'icc.7_1_k.similar_character',
        'icc.7_1_k.awareness',
      ]),
      route('icc.7_1_f', [
        'forced_abortion.termination',
        'icc.7_1_f.pain',
        'icc.7_1_f.custody',
        'icc.7_1_f.not_lawful_sanction',
      ]),
    ],
  },
  enslavement: {
    labels: { ko: '노예화·강제노동', en: 'Enslavement / forced labour', zh: '奴役／强迫劳动' },
    routes: [
      route('icc.7_1_c', ['icc.7_1_c.ownership']),
      route('ilo.c29', ['ilo.c29.menace', 'ilo.c29.involuntary']),
    ],
  },
  forced_repatriation: {
    labels: {
      ko: '강제송환',
      en: 'Forced repatriation (refoulement)',
      zh: '强制遣返（推回）',
    },
    routes: [
      route('refugee.art33', ['refoulement.return', 'refoulement.persecution']),
      route('cat.art3', ['refoulement.return', 'refoulement.torture_risk']),
    ],
  },
  arbitrary_imprisonment: {
    labels: { ko: '자의적 구금', en: 'Arbitrary imprisonment', zh: '任意监禁' },
    routes: [
      route('icc.7_1_e', [
        'icc.7_1_e.deprivation',
        'icc.7_1_e.fundamental_rules',
        'icc.7_1_e.awareness',
      ]),
      route('iccpr.art9', ['iccpr.9.arbitrary']),
    ],
  },
  torture: {
    labels: {
      ko: '고문 (침해적 알몸·체강 검사 포함)',
      en: 'Torture (incl. invasive strip and cavity searches)',
      zh: '酷刑（包括侵入性脱衣搜查和体腔搜查）',
    },
    routes: [
      route('icc.7_1_f', ['icc.7_1_f.pain', 'icc.7_1_f.custody', 'icc.7_1_f.not_lawful_sanction']),
      route('cat.art1', ['icc.7_1_f.pain', 'cat.1.purpose', 'cat.1.official']),
    ],
  },
  enforced_disappearance: {
    labels: { ko: '강제실종', en: 'Enforced disappearance', zh: '强迫失踪' },
    routes: [
      route('icc.7_1_i', [
        'icc.7_1_i.deprivation',
        'icc.7_1_i.refusal',
        'icc.7_1_i.state',
        'icc.7_1_i.intent',
      ]),
    ],
  },
  execution: {
    labels: {
      ko: '처형·공정한 재판 없는 사형',
      en: 'Execution / death sentence without fair trial',
      zh: '处决／未经公正审判的死刑',
    },
    routes: [
      route('icc.7_1_a', ['icc.7_1_a.killing']),
      route('iccpr.art6_14', ['icc.7_1_a.killing', 'iccpr.6_14.no_fair_trial']),
    ],
  },
} satisfies Record<string, ViolationData>;

export type ViolationCode = keyof typeof VIOLATIONS;

export const violations: readonly Violation[] = fromRecord<ViolationCode, ViolationData>(
  VIOLATIONS,
).map((v) => ({
  ...v,
  elements: [...new Set(v.routes.flatMap((r) => r.elements))],
  crimeAgainstHumanity: v.routes.some(
    (r) => legalFrameworks.find((f) => f.code === r.framework)?.rome7 === true,
  ),
}));
