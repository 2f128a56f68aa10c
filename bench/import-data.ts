/**
 * A person-list CSV of n rows for the import benchmark: realistic field lengths and scripts
 * (Hangul, Chinese, romanised names; gazetteer place names in several scripts; some unknown
 * places; dates, ids, empty fields), deterministic for a seed. Invented data.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { PERSON_LIST_COLUMNS } from '../src/model/types';
import { csvLine } from '../src/ingest/csv';

const FAMILY = ['김', '리', '박', '최', '정', 'Kim', 'Ri', 'Pak', 'Choe', '金', '李', '朴'];
const GIVEN = [
  '순희',
  '은정',
  '명옥',
  '영희',
  'Sun Hui',
  'Myong-ok',
  'Un Jong',
  '顺姬',
  '英姬',
  '光明',
];
const PROVINCES = [
  '함경북도',
  'North Hamgyong',
  '량강도',
  'Ryanggang',
  '양강도',
  'South Hamgyong',
  '咸镜北道',
  '',
];
const COUNTIES = [
  '무산군',
  'Musan',
  'Hoeryong',
  '회령시',
  'Onsong',
  'Hyesan',
  '혜산시',
  'Kyongwon',
  '',
];
const CROSSINGS = [
  'Musan',
  'Tumen',
  'Changbai',
  'Hyesan',
  'Dandong',
  'Sinuiju',
  'Nanping',
  'a river ford',
  '',
];
const CHINA = [
  'Yanji',
  '延吉',
  'Harbin',
  'Shenyang',
  'Shandong',
  'Hebei',
  'Longjing',
  'a farm village',
  '',
];

/** Writes the CSV and returns its row count. */
export async function writePersonListCsv(file: string, rows: number, seed = 1): Promise<number> {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: fast, deterministic, good enough for picking test values.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const pick = <T>(list: readonly T[]) => list[next() % list.length];
  const stream = createWriteStream(file);
  let chunk = csvLine(PERSON_LIST_COLUMNS);
  for (let i = 0; i < rows; i++) {
    const birthYear = 1960 + (next() % 45);
    const withDate = next() % 4 === 0;
    const month = 1 + (next() % 12);
    const day = 1 + (next() % 28);
    const eventYear = Math.min(2024, birthYear + 14 + (next() % 20));
    chunk += csvLine([
      `R-${String(i).padStart(8, '0')}`,
      `list${1 + (i % 4)}`,
      pick(FAMILY),
      pick(GIVEN),
      next() % 3 === 0 ? `${pick(GIVEN)}; ${pick(FAMILY)} ${pick(GIVEN)}` : '',
      next() % 20 === 0 ? 'unknown' : 'female',
      next() % 10 === 0 ? '' : String(birthYear),
      withDate
        ? `${birthYear}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
        : '',
      next() % 5 === 0 ? `010-${1000 + (next() % 9000)}-${1000 + (next() % 9000)}` : '',
      next() % 10 === 0 ? `Seoul, district ${next() % 25}` : '',
      pick(PROVINCES),
      pick(COUNTIES),
      pick(CROSSINGS),
      pick(CHINA),
      next() % 8 === 0 ? '' : String(eventYear),
      pick(['yes', 'no', '']),
      next() % 20 === 0 ? 'met at the shelter, said she had, a child' : '',
    ]);
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await once(stream, 'close');
  return rows;
}
