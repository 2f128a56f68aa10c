import { fromRecord, type Labels } from './labels';

/**
 * Means of control (types.ts Act.methods), the CTDC / HTCDS MethodsOfControl list; `ctdc` is the
 * value name used by both standards on export.
 */
const MEANS_OF_CONTROL = {
  debt_bondage: {
    labels: { ko: '채무 속박', en: 'Debt bondage', zh: '债务奴役' },
    ctdc: 'DebtBondage',
  },
  takes_earnings: {
    labels: { ko: '수입 갈취', en: 'Takes earnings', zh: '拿走收入' },
    ctdc: 'TakesEarnings',
  },
  restricts_financial_access: {
    labels: { ko: '금전 접근 제한', en: 'Restricts financial access', zh: '限制经济来源' },
    ctdc: 'RestrictsFinancialAccess',
  },
  threats: { labels: { ko: '위협', en: 'Threats', zh: '威胁' }, ctdc: 'Threats' },
  psychological_abuse: {
    labels: { ko: '정신적 학대', en: 'Psychological abuse', zh: '精神虐待' },
    ctdc: 'PsychologicalAbuse',
  },
  physical_abuse: {
    labels: { ko: '신체적 학대', en: 'Physical abuse', zh: '身体虐待' },
    ctdc: 'PhysicalAbuse',
  },
  sexual_abuse: {
    labels: { ko: '성적 학대', en: 'Sexual abuse', zh: '性虐待' },
    ctdc: 'SexualAbuse',
  },
  false_promises: {
    labels: { ko: '거짓 약속', en: 'False promises', zh: '虚假承诺' },
    ctdc: 'FalsePromises',
  },
  psychoactive_substances: {
    labels: { ko: '약물 사용', en: 'Psychoactive substances', zh: '使用精神活性物质' },
    ctdc: 'PsychoactiveSubstances',
  },
  restricts_movement: {
    labels: { ko: '이동 제한·감금', en: 'Restricts movement', zh: '限制行动' },
    ctdc: 'RestrictsMovement',
  },
  restricts_medical_care: {
    labels: { ko: '의료 접근 제한', en: 'Restricts medical care', zh: '限制就医' },
    ctdc: 'RestrictsMedicalCare',
  },
  excessive_working_hours: {
    labels: { ko: '과도한 노동시간', en: 'Excessive working hours', zh: '工作时间过长' },
    ctdc: 'ExcessiveWorkingHours',
  },
  uses_children: {
    labels: { ko: '자녀를 이용한 통제', en: 'Uses children', zh: '利用子女控制' },
    ctdc: 'UsesChildren',
  },
  // For a North Korean woman in China this is the threat of being reported and repatriated.
  threat_of_law_enforcement: {
    labels: {
      ko: '신고·강제송환 위협',
      en: 'Threat of law enforcement (reporting, repatriation)',
      zh: '以报警、遣返相威胁',
    },
    ctdc: 'ThreatOfLawEnforcement',
  },
  withholds_necessities: {
    labels: { ko: '생필품 박탈', en: 'Withholds necessities', zh: '扣留生活必需品' },
    ctdc: 'WithholdsNecessities',
  },
  withholds_documents: {
    labels: { ko: '신분증 압수', en: 'Withholds documents', zh: '扣押证件' },
    ctdc: 'WithholdsDocuments',
  },
  other: { labels: { ko: '기타', en: 'Other', zh: '其他' }, ctdc: 'Other' },
} satisfies Record<string, { labels: Labels; ctdc: string }>;

export type MeansOfControlCode = keyof typeof MEANS_OF_CONTROL;
export const meansOfControl = fromRecord(MEANS_OF_CONTROL);
