import type { EventType } from '../types';
import { fromRecord, type Labels } from './labels';

/** Event types (types.ts EventType): the steps of a woman's route, in the usual order. */
const EVENT_TYPES: Record<EventType, { labels: Labels }> = {
  Recruitment: { labels: { ko: '모집·유인', en: 'Recruitment', zh: '招募' } },
  BorderCrossing: { labels: { ko: '국경 이동', en: 'Border crossing', zh: '越境' } },
  Sale: { labels: { ko: '매매', en: 'Sale', zh: '买卖' } },
  Transit: { labels: { ko: '이동·경유', en: 'Transit', zh: '中转' } },
  Exploitation: { labels: { ko: '착취', en: 'Exploitation', zh: '剥削' } },
  Escape: { labels: { ko: '탈출', en: 'Escape', zh: '逃脱' } },
  ArrestPRC: { labels: { ko: '중국 공안에 체포', en: 'Arrest in China', zh: '在中国被捕' } },
  DetentionPRC: { labels: { ko: '중국 내 구금', en: 'Detention in China', zh: '在中国被拘留' } },
  Repatriation: { labels: { ko: '강제송환', en: 'Repatriation', zh: '遣返' } },
  InterrogationDPRK: {
    labels: { ko: '북한 내 조사·심문', en: 'Interrogation in the DPRK', zh: '在朝鲜受审讯' },
  },
  DetentionDPRK: {
    labels: { ko: '북한 내 구금', en: 'Detention in the DPRK', zh: '在朝鲜被拘禁' },
  },
  Release: { labels: { ko: '석방', en: 'Release', zh: '释放' } },
  Death: { labels: { ko: '사망', en: 'Death', zh: '死亡' } },
};

export const eventTypes = fromRecord(EVENT_TYPES);
