/**
 * The Korean names that may stand behind a Mandarin spelling. Chinese documents write a Korean
 * woman's name by reading its characters in Mandarin (金英姬 -> Jin Yingji); going back, each
 * pinyin syllable stands for several characters and so several Korean readings (ji: 姬 희,
 * 基 기, 吉 길, ...). Surnames come from the surname table (Piao -> 박); given-name syllables
 * from the Mandarin readings of the characters in hanja-table.ts, computed with pinyin-pro.
 */
import { pinyin } from 'pinyin-pro';
import { HANJA_READINGS } from './hanja-table';
import { latinLetters } from './skeleton';
import { canonicalFromSyllables } from './canonical';

// Syllables frequent in Korean given names (women's especially), ranked before rarer readings of
// the same pinyin: ji is 희 in a woman's name far more often than 箕 기.
const COMMON_NAME_SYLLABLES = new Set(
  (
    '희 영 숙 순 자 옥 미 정 경 은 선 화 향 련 란 혜 진 주 금 실 애 명 춘 월 복 분 녀 매 심 ' +
    '연 아 나 지 수 현 민 성 철 호 남 일 국 광 용 학 혁 훈 준 석 규 철 동 길 만 식'
  )
    .split(' ')
    .filter(Boolean),
);

let readingsBySyllable: Map<string, string[]> | undefined;
let longestSyllable = 0;

/** pinyin syllable -> Korean readings, the reading shared by most characters first. */
function syllableTable(): Map<string, string[]> {
  if (readingsBySyllable) return readingsBySyllable;
  const counts = new Map<string, Map<string, number>>();
  for (const { character, reading } of HANJA_READINGS) {
    const syllable = latinLetters(pinyin(character, { toneType: 'none' }));
    if (!syllable) continue;
    longestSyllable = Math.max(longestSyllable, syllable.length);
    let byReading = counts.get(syllable);
    if (!byReading) counts.set(syllable, (byReading = new Map()));
    byReading.set(reading, (byReading.get(reading) ?? 0) + 1);
  }
  readingsBySyllable = new Map();
  for (const [syllable, byReading] of counts) {
    const score = (reading: string, count: number) =>
      (COMMON_NAME_SYLLABLES.has(reading) ? 100 : 0) + count;
    const ranked = [...byReading.entries()].sort(
      (a, b) => score(b[0], b[1]) - score(a[0], a[1]) || (a[0] < b[0] ? -1 : 1),
    );
    readingsBySyllable.set(
      syllable,
      ranked.map(([reading]) => reading),
    );
  }
  return readingsBySyllable;
}

/** Korean readings of one pinyin syllable, most likely first (ji -> 기, 지, 희, 길, ...). */
export function readingsOfPinyinSyllable(syllable: string): readonly string[] {
  return syllableTable().get(latinLetters(syllable)) ?? [];
}

/**
 * Every way to split a Latin word into pinyin syllables known to the table with the fewest
 * syllables (shunai: shu-nai and shun-ai), at most `limit`; [] when it cannot be read as pinyin
 * (Younghee, Kim).
 */
export function segmentPinyin(word: string, limit = 4): string[][] {
  const table = syllableTable();
  const s = latinLetters(word);
  if (s.length === 0) return [];
  // fewest[i] = fewest syllables covering s[0..i).
  const fewest = new Array<number>(s.length + 1).fill(Infinity);
  fewest[0] = 0;
  for (let end = 1; end <= s.length; end++) {
    for (let start = Math.max(0, end - longestSyllable); start < end; start++) {
      if (fewest[start] + 1 < fewest[end] && table.has(s.slice(start, end))) {
        fewest[end] = fewest[start] + 1;
      }
    }
  }
  if (!Number.isFinite(fewest[s.length])) return [];
  const out: string[][] = [];
  const walk = (end: number, tail: string[]): void => {
    if (out.length >= limit) return;
    if (end === 0) {
      out.push(tail);
      return;
    }
    for (let start = Math.max(0, end - longestSyllable); start < end; start++) {
      if (fewest[start] + 1 === fewest[end] && table.has(s.slice(start, end))) {
        walk(start, [s.slice(start, end), ...tail]);
      }
    }
  };
  walk(s.length, []);
  return out;
}

/**
 * Korean given names (canonical Hangul) a pinyin given name may stand for, most likely first,
 * at most `limit`: Yingji -> 영기, 영지, 영희, ... Separators (Ying-ji, Ying Ji) are respected.
 */
export function koreanReadingsOfPinyin(given: string, limit = 8): string[] {
  let splits: string[][] = [[]];
  for (const word of given.split(/[\s\-'’.]+/).filter(Boolean)) {
    const options = segmentPinyin(word);
    if (options.length === 0) return [];
    splits = splits.flatMap((head) => options.map((option) => [...head, ...option])).slice(0, 4);
  }
  const results: string[][] = splits
    .filter((syllables) => syllables.length > 0 && syllables.length <= 4)
    .map((syllables) => readingsBeam(syllables, limit));
  // Interleave the splits' candidates so each split keeps its best guesses.
  const out: string[] = [];
  for (let rank = 0; out.length < limit && results.some((r) => rank < r.length); rank++) {
    for (const r of results) if (rank < r.length && !out.includes(r[rank])) out.push(r[rank]);
  }
  return out.slice(0, limit);
}

/** The `limit` combinations of readings whose ranks sum lowest. */
function readingsBeam(syllables: string[], limit: number): string[] {
  let beam: Array<{ hangul: string[]; cost: number }> = [{ hangul: [], cost: 0 }];
  for (const syllable of syllables) {
    const readings = readingsOfPinyinSyllable(syllable);
    const next: Array<{ hangul: string[]; cost: number }> = [];
    for (const item of beam) {
      readings.slice(0, limit).forEach((reading, rank) => {
        next.push({ hangul: [...item.hangul, reading], cost: item.cost + rank });
      });
    }
    next.sort((a, b) => a.cost - b.cost);
    beam = next.slice(0, limit);
  }
  return beam.map((item) => canonicalFromSyllables(item.hangul));
}
