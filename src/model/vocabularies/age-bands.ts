import { fromRecord, type Labels } from './labels';

/** CTDC age bands; `max` is inclusive and absent for the open top band. */
const AGE_BANDS = {
  '0-8': { labels: { ko: '0~8세', en: '0–8', zh: '0–8岁' }, min: 0, max: 8 },
  '9-17': { labels: { ko: '9~17세', en: '9–17', zh: '9–17岁' }, min: 9, max: 17 },
  '18-20': { labels: { ko: '18~20세', en: '18–20', zh: '18–20岁' }, min: 18, max: 20 },
  '21-23': { labels: { ko: '21~23세', en: '21–23', zh: '21–23岁' }, min: 21, max: 23 },
  '24-26': { labels: { ko: '24~26세', en: '24–26', zh: '24–26岁' }, min: 24, max: 26 },
  '27-29': { labels: { ko: '27~29세', en: '27–29', zh: '27–29岁' }, min: 27, max: 29 },
  '30-38': { labels: { ko: '30~38세', en: '30–38', zh: '30–38岁' }, min: 30, max: 38 },
  '39-47': { labels: { ko: '39~47세', en: '39–47', zh: '39–47岁' }, min: 39, max: 47 },
  '48+': { labels: { ko: '48세 이상', en: '48+', zh: '48岁及以上' }, min: 48, max: undefined },
} satisfies Record<string, { labels: Labels; min: number; max: number | undefined }>;

export type AgeBandCode = keyof typeof AGE_BANDS;
export const ageBands = fromRecord(AGE_BANDS);

/** The CTDC band of an age in whole years (fractions are truncated: 17.9 is 17). */
export function ageBand(age: number): AgeBandCode {
  if (!Number.isFinite(age) || age < 0) {
    throw new RangeError(`age must be a finite number of years >= 0, got ${age}`);
  }
  const years = Math.floor(age);
  const band = ageBands.find((b) => years >= b.min && (b.max === undefined || years <= b.max));
  // The bands cover 0..infinity without gaps, so a band is always found.
  return band!.code;
}

/** A child in the sense of Palermo art. 3(d): under 18. */
export function isChildAge(age: number): boolean {
  return age < 18;
}
