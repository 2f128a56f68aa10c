import type { Involvement, Perpetrator } from '../types';
import { fromRecord, type Labels } from './labels';

/** Who the perpetrator is (types.ts Perpetrator.type). */
const PERPETRATOR_TYPES = {
  dprk_broker: {
    labels: { ko: '북한 측 브로커', en: 'DPRK-side broker', zh: '朝方中介' },
    side: 'KP',
  },
  prc_broker: {
    labels: { ko: '중국 측 브로커', en: 'PRC-side broker', zh: '中方中介' },
    side: 'CN',
  },
  buyer: {
    labels: { ko: '구매자 (“남편”)', en: 'Buyer ("husband")', zh: '买主（“丈夫”）' },
    side: 'CN',
  },
  brothel_operator: {
    labels: { ko: '성매매업소 운영자', en: 'Brothel operator', zh: '妓院经营者' },
    side: 'CN',
  },
  cybersex_operator: {
    labels: { ko: '화상 성매매 운영자', en: 'Cybersex operator', zh: '网络色情经营者' },
    side: 'CN',
  },
  prc_public_security: {
    labels: { ko: '중국 공안', en: 'PRC public security', zh: '中国公安' },
    side: 'CN',
  },
  mss: {
    labels: { ko: '북한 국가보위성', en: 'DPRK Ministry of State Security', zh: '朝鲜国家保卫省' },
    side: 'KP',
  },
  social_security: {
    labels: {
      ko: '북한 사회안전성 (구 인민보안성)',
      en: 'DPRK Ministry of Social Security',
      zh: '朝鲜社会安全省',
    },
    side: 'KP',
  },
  border_guard: {
    labels: { ko: '국경경비대', en: 'Border guard', zh: '边防部队' },
    side: undefined,
  },
  family_member: {
    labels: { ko: '가족 구성원', en: 'Family member', zh: '家庭成员' },
    side: undefined,
  },
  other: { labels: { ko: '기타', en: 'Other', zh: '其他' }, side: undefined },
} satisfies Record<string, { labels: Labels; side: 'KP' | 'CN' | undefined }>;

export type PerpetratorTypeCode = keyof typeof PERPETRATOR_TYPES;
export const perpetratorTypes = fromRecord(PERPETRATOR_TYPES);

/** Kind of perpetrator (types.ts Perpetrator.kind). */
const PERPETRATOR_KINDS: Record<Perpetrator['kind'], { labels: Labels }> = {
  person: { labels: { ko: '개인', en: 'Person', zh: '个人' } },
  organisation: { labels: { ko: '조직·기관', en: 'Organisation', zh: '组织或机构' } },
};
export const perpetratorKinds = fromRecord(PERPETRATOR_KINDS);

/**
 * Role in the act (types.ts Involvement.role), after HTCDS RoleInProcess; `htcds` is the HTCDS
 * value name it exports as. The last four are not in HTCDS: they are the state's roles in arrest,
 * return and punishment, which HTCDS (written for trafficking alone) does not cover.
 */
const ROLES = {
  recruiter: {
    labels: { ko: '모집책', en: 'Recruiter', zh: '招募者' },
    htcds: 'RecruiterOrIntermediary',
  },
  broker: { labels: { ko: '중개인', en: 'Broker', zh: '中介' }, htcds: 'BrokerTravelAgent' },
  transporter: { labels: { ko: '운반책', en: 'Transporter', zh: '运送者' }, htcds: 'Transporter' },
  transferrer: {
    labels: { ko: '인계자', en: 'Transferrer', zh: '转移者' },
    htcds: 'TransferredIndividual',
  },
  harbourer: {
    labels: { ko: '은닉자', en: 'Harbourer', zh: '窝藏者' },
    htcds: 'HarbouredIndividual',
  },
  seller: { labels: { ko: '판매자', en: 'Seller', zh: '卖方' }, htcds: 'SoldIndividual' },
  buyer: { labels: { ko: '구매자', en: 'Buyer', zh: '买方' }, htcds: 'BoughtIndividual' },
  receiver: { labels: { ko: '인수자', en: 'Receiver', zh: '接收者' }, htcds: 'ReceivedIndividual' },
  controller: {
    labels: { ko: '통제자', en: 'Controller', zh: '控制者' },
    htcds: 'ControlledIndividual',
  },
  captor: { labels: { ko: '납치·감금자', en: 'Captor', zh: '绑架者' }, htcds: 'Kidnapper' },
  exploiter: { labels: { ko: '착취자', en: 'Exploiter', zh: '剥削者' }, htcds: 'Exploiter' },
  abuser: { labels: { ko: '가해자', en: 'Abuser', zh: '施虐者' }, htcds: 'Abuser' },
  smuggler: { labels: { ko: '밀입국 알선자', en: 'Smuggler', zh: '偷渡者' }, htcds: 'Smuggler' },
  travelling_partner: {
    labels: { ko: '동행자', en: 'Travelling partner', zh: '同行者' },
    htcds: 'TravellingPartner',
  },
  arresting_officer: {
    labels: { ko: '체포자', en: 'Arresting officer', zh: '实施逮捕者' },
    htcds: undefined,
  },
  returning_official: {
    labels: { ko: '송환 책임자', en: 'Returning official', zh: '遣返执行者' },
    htcds: undefined,
  },
  interrogator: { labels: { ko: '심문자', en: 'Interrogator', zh: '审讯者' }, htcds: undefined },
  jailer: { labels: { ko: '구금시설 관리자', en: 'Jailer', zh: '看守' }, htcds: undefined },
  other: { labels: { ko: '기타', en: 'Other', zh: '其他' }, htcds: 'Other' },
} satisfies Record<string, { labels: Labels; htcds: string | undefined }>;

export type RoleCode = keyof typeof ROLES;
export const roles = fromRecord(ROLES);

/** Degree of involvement (types.ts Involvement.degree). */
const DEGREES: Record<Involvement['degree'], { labels: Labels }> = {
  direct: { labels: { ko: '직접 가담', en: 'Direct', zh: '直接参与' } },
  ordered: { labels: { ko: '지시', en: 'Ordered', zh: '下令' } },
  assisted: { labels: { ko: '방조', en: 'Assisted', zh: '协助' } },
  suspected: { labels: { ko: '혐의', en: 'Suspected', zh: '涉嫌' } },
};
export const involvementDegrees = fromRecord(DEGREES);
