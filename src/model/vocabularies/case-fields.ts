import type {
  Act,
  Case,
  ConsentPurpose,
  DatePrecision,
  ElementAssessment,
  EventLink,
  InformationSource,
  Intervention,
  Person,
  Sex,
} from '../types';
import { fromRecord, type Labels } from './labels';

// The small closed lists of types.ts, labelled. Each is a Record over the union it mirrors, so a
// member added to (or removed from) types.ts fails to compile here until it is labelled.

type Labelled<C extends string> = Record<C, { labels: Labels }>;

const DATE_PRECISIONS: Labelled<DatePrecision> = {
  exact: { labels: { ko: '정확한 날짜', en: 'Exact date', zh: '确切日期' } },
  month: { labels: { ko: '월까지', en: 'Month', zh: '精确到月' } },
  year: { labels: { ko: '연도까지', en: 'Year', zh: '精确到年' } },
  estimate: { labels: { ko: '추정', en: 'Estimate', zh: '估计' } },
  unknown: { labels: { ko: '알 수 없음', en: 'Unknown', zh: '不详' } },
};
export const datePrecisions = fromRecord(DATE_PRECISIONS);

/** Source reliability, Admiralty (NATO) scale A-F. */
const SOURCE_RELIABILITY = {
  A: { labels: { ko: 'A 완전히 신뢰할 수 있음', en: 'A Completely reliable', zh: 'A 完全可靠' } },
  B: { labels: { ko: 'B 대체로 신뢰할 수 있음', en: 'B Usually reliable', zh: 'B 通常可靠' } },
  C: { labels: { ko: 'C 어느 정도 신뢰할 수 있음', en: 'C Fairly reliable', zh: 'C 比较可靠' } },
  D: {
    labels: { ko: 'D 대체로 신뢰하기 어려움', en: 'D Not usually reliable', zh: 'D 通常不可靠' },
  },
  E: { labels: { ko: 'E 신뢰할 수 없음', en: 'E Unreliable', zh: 'E 不可靠' } },
  F: {
    labels: {
      ko: 'F 신뢰도 판단 불가',
      en: 'F Reliability cannot be judged',
      zh: 'F 无法判断可靠性',
    },
  },
} satisfies Labelled<string>;
export type SourceReliabilityCode = keyof typeof SOURCE_RELIABILITY;
export const sourceReliability = fromRecord(SOURCE_RELIABILITY);

const KNOWLEDGE: Labelled<InformationSource['knowledge']> = {
  direct: {
    labels: {
      ko: '직접 경험 (피해자 본인)',
      en: 'Direct (the victim)',
      zh: '亲身经历（受害者本人）',
    },
  },
  witness: { labels: { ko: '목격자', en: 'Witness', zh: '目击者' } },
  hearsay: { labels: { ko: '전문 (전해 들음)', en: 'Hearsay', zh: '传闻' } },
  document: { labels: { ko: '문서', en: 'Document', zh: '文件' } },
};
export const informationKnowledge = fromRecord(KNOWLEDGE);

const CONSENT_PURPOSES: Labelled<ConsentPurpose> = {
  case_management: { labels: { ko: '사례 관리', en: 'Case management', zh: '个案管理' } },
  legal_proceedings: { labels: { ko: '법적 절차', en: 'Legal proceedings', zh: '法律程序' } },
  un_reporting: { labels: { ko: '유엔 보고', en: 'Reporting to the UN', zh: '向联合国报告' } },
  aggregate_statistics: { labels: { ko: '집계 통계', en: 'Aggregate statistics', zh: '汇总统计' } },
};
export const consentPurposes = fromRecord(CONSENT_PURPOSES);

const SALE_KINDS: Labelled<NonNullable<Act['saleKind']>> = {
  wife: { labels: { ko: '“아내”로 매매', en: 'Sold as a "wife"', zh: '被卖作“妻子”' } },
  brothel: { labels: { ko: '성매매업소로 매매', en: 'Sold to a brothel', zh: '被卖到妓院' } },
  cybersex: {
    labels: { ko: '화상 성매매로 매매', en: 'Sold into cybersex', zh: '被卖从事网络色情' },
  },
  labour: { labels: { ko: '노동력으로 매매', en: 'Sold for labour', zh: '被卖作劳力' } },
  other: { labels: { ko: '기타', en: 'Other', zh: '其他' } },
};
export const saleKinds = fromRecord(SALE_KINDS);

const VICTIM_STATUSES: Labelled<NonNullable<Act['victimStatusAtEnd']>> = {
  alive: { labels: { ko: '생존', en: 'Alive', zh: '存活' } },
  dead: { labels: { ko: '사망', en: 'Dead', zh: '死亡' } },
  detained: { labels: { ko: '구금 중', en: 'Detained', zh: '被拘禁' } },
  missing: { labels: { ko: '행방불명', en: 'Missing', zh: '下落不明' } },
  unknown: { labels: { ko: '알 수 없음', en: 'Unknown', zh: '不详' } },
};
export const victimStatuses = fromRecord(VICTIM_STATUSES);

const EVENT_LINK_KINDS: Labelled<EventLink['kind']> = {
  precedes: { labels: { ko: '선행', en: 'Precedes', zh: '先于' } },
  causes: { labels: { ko: '원인', en: 'Causes', zh: '导致' } },
  part_of: { labels: { ko: '일부', en: 'Part of', zh: '属于' } },
};
export const eventLinkKinds = fromRecord(EVENT_LINK_KINDS);

const ASSESSMENT_STATUSES: Labelled<ElementAssessment['status']> = {
  unassessed: { labels: { ko: '미평가', en: 'Unassessed', zh: '未评估' } },
  supported: { labels: { ko: '입증됨', en: 'Supported', zh: '有证据支持' } },
  contested: { labels: { ko: '다툼 있음', en: 'Contested', zh: '有争议' } },
  insufficient: { labels: { ko: '증거 불충분', en: 'Insufficient', zh: '证据不足' } },
};
export const assessmentStatuses = fromRecord(ASSESSMENT_STATUSES);

const INTERVENTION_KINDS: Labelled<Intervention['kind']> = {
  un_urgent_appeal: {
    labels: { ko: '유엔 긴급청원', en: 'UN urgent appeal', zh: '联合国紧急呼吁' },
  },
  un_working_group: {
    labels: {
      ko: '유엔 실무그룹 진정',
      en: 'UN working group communication',
      zh: '联合国工作组来文',
    },
  },
  legal_aid: { labels: { ko: '법률 지원', en: 'Legal aid', zh: '法律援助' } },
  family_contact: { labels: { ko: '가족 연락', en: 'Family contact', zh: '联系家人' } },
  referral: { labels: { ko: '연계·의뢰', en: 'Referral', zh: '转介' } },
  legal_action: { labels: { ko: '법적 조치', en: 'Legal action', zh: '法律行动' } },
};
export const interventionKinds = fromRecord(INTERVENTION_KINDS);

const INTERVENTION_STATUSES: Labelled<Intervention['status']> = {
  planned: { labels: { ko: '계획', en: 'Planned', zh: '计划中' } },
  open: { labels: { ko: '진행 중', en: 'Open', zh: '进行中' } },
  sent: { labels: { ko: '발송됨', en: 'Sent', zh: '已发送' } },
  answered: { labels: { ko: '회신 받음', en: 'Answered', zh: '已回复' } },
  closed: { labels: { ko: '종결', en: 'Closed', zh: '已结案' } },
};
export const interventionStatuses = fromRecord(INTERVENTION_STATUSES);

const SEXES: Labelled<Sex> = {
  female: { labels: { ko: '여성', en: 'Female', zh: '女' } },
  male: { labels: { ko: '남성', en: 'Male', zh: '男' } },
  other: { labels: { ko: '기타', en: 'Other', zh: '其他' } },
  unknown: { labels: { ko: '알 수 없음', en: 'Unknown', zh: '不详' } },
};
export const sexes = fromRecord(SEXES);

const CASE_STATUSES: Labelled<Case['status']> = {
  draft: { labels: { ko: '작성 중', en: 'Draft', zh: '草稿' } },
  open: { labels: { ko: '진행 중', en: 'Open', zh: '进行中' } },
  urgent: { labels: { ko: '긴급', en: 'Urgent', zh: '紧急' } },
  closed: { labels: { ko: '종결', en: 'Closed', zh: '已结案' } },
};
export const caseStatuses = fromRecord(CASE_STATUSES);

const COUNTING_UNITS: Labelled<Person['countingUnit']> = {
  individual: { labels: { ko: '개인', en: 'Individual', zh: '个人' } },
  group: { labels: { ko: '집단', en: 'Group', zh: '群体' } },
};
export const countingUnits = fromRecord(COUNTING_UNITS);
