import { fromRecord, type Labels } from './labels';

/**
 * The instruments (and provisions) a violation can be proved under (domain.md section 5).
 * `rome7` marks a crime against humanity under Rome Statute art. 7: such a route must also show
 * the context elements (a widespread or systematic attack on a civilian population, known to the
 * perpetrator), which violations.ts adds to it.
 */
export interface LegalFrameworkData {
  readonly labels: Labels;
  readonly citation: string;
  readonly rome7: boolean;
}

const FRAMEWORKS = {
  'palermo.art3': {
    labels: {
      ko: '인신매매 방지 의정서(팔레르모 의정서) 제3조',
      en: 'Palermo Protocol, art. 3 (trafficking in persons)',
      zh: '《巴勒莫议定书》第3条（贩运人口）',
    },
    citation: 'Protocol to Prevent, Suppress and Punish Trafficking in Persons (2000), art. 3',
    rome7: false,
  },
  'icc.7_1_a': {
    labels: {
      ko: '로마규정 제7조 1항 (a) 살해',
      en: 'Rome Statute art. 7(1)(a): murder',
      zh: '《罗马规约》第7条第1款(a)项：谋杀',
    },
    citation: 'Rome Statute art. 7(1)(a); ICC Elements of Crimes',
    rome7: true,
  },
  'icc.7_1_c': {
    labels: {
      ko: '로마규정 제7조 1항 (c) 노예화',
      en: 'Rome Statute art. 7(1)(c): enslavement',
      zh: '《罗马规约》第7条第1款(c)项：奴役',
    },
    citation: 'Rome Statute art. 7(1)(c); ICC Elements of Crimes',
    rome7: true,
  },
  'icc.7_1_e': {
    labels: {
      ko: '로마규정 제7조 1항 (e) 구금 또는 신체적 자유의 심각한 박탈',
      en: 'Rome Statute art. 7(1)(e): imprisonment or severe deprivation of liberty',
      zh: '《罗马规约》第7条第1款(e)项：监禁或严重剥夺人身自由',
    },
    citation: 'Rome Statute art. 7(1)(e); ICC Elements of Crimes',
    rome7: true,
  },
  'icc.7_1_f': {
    labels: {
      ko: '로마규정 제7조 1항 (f) 고문',
      en: 'Rome Statute art. 7(1)(f): torture',
      zh: '《罗马规约》第7条第1款(f)项：酷刑',
    },
    citation: 'Rome Statute art. 7(1)(f); ICC Elements of Crimes',
    rome7: true,
  },
  'icc.7_1_g_1': {
    labels: {
      ko: '로마규정 제7조 1항 (g)-1 강간',
      en: 'Rome Statute art. 7(1)(g)-1: rape',
      zh: '《罗马规约》第7条第1款(g)项之一：强奸',
    },
    citation: 'Rome Statute art. 7(1)(g); ICC Elements of Crimes 7(1)(g)-1',
    rome7: true,
  },
  'icc.7_1_g_2': {
    labels: {
      ko: '로마규정 제7조 1항 (g)-2 성노예화',
      en: 'Rome Statute art. 7(1)(g)-2: sexual slavery',
      zh: '《罗马规约》第7条第1款(g)项之二：性奴役',
    },
    citation: 'Rome Statute art. 7(1)(g); ICC Elements of Crimes 7(1)(g)-2',
    rome7: true,
  },
  'icc.7_1_g_4': {
    labels: {
      ko: '로마규정 제7조 1항 (g)-4 강제임신',
      en: 'Rome Statute art. 7(1)(g)-4: forced pregnancy',
      zh: '《罗马规约》第7条第1款(g)项之四：强迫怀孕',
    },
    citation: 'Rome Statute art. 7(1)(g), 7(2)(f); ICC Elements of Crimes 7(1)(g)-4',
    rome7: true,
  },
  'icc.7_1_i': {
    labels: {
      ko: '로마규정 제7조 1항 (i) 강제실종',
      en: 'Rome Statute art. 7(1)(i): enforced disappearance',
      zh: '《罗马规约》第7条第1款(i)项：强迫失踪',
    },
    citation: 'Rome Statute art. 7(1)(i), 7(2)(i); ICC Elements of Crimes',
    rome7: true,
  },
  'icc.7_1_k': {
    labels: {
      ko: '로마규정 제7조 1항 (k) 기타 비인도적 행위',
      en: 'Rome Statute art. 7(1)(k): other inhumane acts',
      zh: '《罗马规约》第7条第1款(k)项：其他不人道行为',
    },
    citation: 'Rome Statute art. 7(1)(k); ICC Elements of Crimes; Prosecutor v. Ongwen',
    rome7: true,
  },
  'ilo.c29': {
    labels: {
      ko: 'ILO 강제노동 협약(제29호)',
      en: 'ILO Forced Labour Convention (No. 29)',
      zh: '国际劳工组织《强迫劳动公约》（第29号）',
    },
    citation: 'ILO Convention No. 29 (1930), art. 2(1)',
    rome7: false,
  },
  'refugee.art33': {
    labels: {
      ko: '난민협약 제33조 (강제송환 금지)',
      en: 'Refugee Convention art. 33 (non-refoulement)',
      zh: '《关于难民地位的公约》第33条（不推回）',
    },
    citation: 'Convention relating to the Status of Refugees (1951), art. 33',
    rome7: false,
  },
  'cat.art1': {
    labels: {
      ko: '고문방지협약 제1조 (고문의 정의)',
      en: 'Convention against Torture art. 1 (definition of torture)',
      zh: '《禁止酷刑公约》第1条（酷刑的定义）',
    },
    citation: 'Convention against Torture (1984), art. 1',
    rome7: false,
  },
  'cat.art3': {
    labels: {
      ko: '고문방지협약 제3조 (강제송환 금지)',
      en: 'Convention against Torture art. 3 (non-refoulement)',
      zh: '《禁止酷刑公约》第3条（不驱回）',
    },
    citation: 'Convention against Torture (1984), art. 3',
    rome7: false,
  },
  'iccpr.art9': {
    labels: {
      ko: '자유권규약 제9조 (자의적 구금 금지)',
      en: 'ICCPR art. 9 (liberty and security of person)',
      zh: '《公民权利和政治权利国际公约》第9条（人身自由和安全）',
    },
    citation: 'International Covenant on Civil and Political Rights, art. 9',
    rome7: false,
  },
  'iccpr.art6_14': {
    labels: {
      ko: '자유권규약 제6조·제14조 (생명권, 공정한 재판)',
      en: 'ICCPR arts 6 and 14 (right to life, fair trial)',
      zh: '《公民权利和政治权利国际公约》第6条和第14条（生命权、公正审判）',
    },
    citation: 'International Covenant on Civil and Political Rights, arts 6 and 14',
    rome7: false,
  },
} satisfies Record<string, LegalFrameworkData>;

export type LegalFrameworkCode = keyof typeof FRAMEWORKS;
export const legalFrameworks = fromRecord<LegalFrameworkCode, LegalFrameworkData>(FRAMEWORKS);
