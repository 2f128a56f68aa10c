import { fromRecord, type Labels } from './labels';

/** How she was recruited: HTCDS MethodOfRecruitment; `htcds` is the value name on export. */
const RECRUITMENT_METHODS = {
  abduction: { labels: { ko: '납치', en: 'Abduction', zh: '绑架' }, htcds: 'Abduction' },
  educational_facility: {
    labels: { ko: '교육기관', en: 'Educational facility', zh: '教育机构' },
    htcds: 'EducationalFacility',
  },
  familial: { labels: { ko: '가족·친척', en: 'Familial', zh: '家人亲属' }, htcds: 'Familial' },
  internet: {
    labels: {
      ko: '인터넷 (SNS, 온라인 광고)',
      en: 'Internet (social media, online ads)',
      zh: '互联网（社交媒体、网络广告）',
    },
    htcds: 'Internet',
  },
  international_marriage_broker: {
    labels: { ko: '국제결혼 중개업체', en: 'International marriage broker', zh: '跨国婚姻中介' },
    htcds: 'InternationalMarriageBroker',
  },
  intimate_partner: {
    labels: {
      ko: '연인·혼인 제안',
      en: 'Intimate partner / marriage proposition',
      zh: '亲密伴侣／求婚',
    },
    htcds: 'IntimatePartnerMarriageProposition',
  },
  job_offer: {
    labels: { ko: '일자리 제안·광고', en: 'Job offer / advertisement', zh: '工作机会／招聘广告' },
    htcds: 'JobOfferAdvertisement',
  },
  posing_as_benefactor: {
    labels: { ko: '후원자 행세', en: 'Posing as benefactor', zh: '假扮恩人' },
    htcds: 'PosingAsBenefactor',
  },
  public_area: {
    labels: { ko: '공공장소', en: 'Public area', zh: '公共场所' },
    htcds: 'PublicArea',
  },
  offer_of_accommodation: {
    labels: { ko: '숙소 제공', en: 'Offer of accommodation', zh: '提供住处' },
    htcds: 'OfferOfAccommodation',
  },
  shelter: { labels: { ko: '보호시설', en: 'Shelter', zh: '庇护所' }, htcds: 'Shelter' },
  // For North Korean women: the offer to take her across the river, or to ransom a relative.
  smuggling_ransom: {
    labels: { ko: '도강 알선·몸값', en: 'Smuggling, ransom', zh: '偷渡、赎金' },
    htcds: 'SmugglingRansom',
  },
  work: { labels: { ko: '직장', en: 'Work', zh: '工作场所' }, htcds: 'Work' },
  other: { labels: { ko: '기타', en: 'Other', zh: '其他' }, htcds: 'Other' },
  unknown: { labels: { ko: '알 수 없음', en: 'Unknown', zh: '不详' }, htcds: 'Unknown' },
} satisfies Record<string, { labels: Labels; htcds: string }>;

export type RecruitmentMethodCode = keyof typeof RECRUITMENT_METHODS;
export const recruitmentMethods = fromRecord(RECRUITMENT_METHODS);
