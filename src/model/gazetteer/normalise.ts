/**
 * Place-name normalisation for lookup: the same place is written in Hangul (South or North
 * spelling), Chinese characters, pinyin with or without tones, McCune-Reischauer with or without
 * breves and apostrophes, Revised Romanisation, with or without an administrative suffix
 * (시/군/道/市/县/-si/-gun/County/...). Every form is reduced to a key; keys compare equal when the
 * written forms differ only in case, width, spacing, hyphens, apostrophes or diacritics.
 */

/** What an administrative suffix says about the level of the place it ends. */
export type SuffixHint =
  'province' | 'region' | 'prefecture' | 'city' | 'county' | 'district' | 'town';

// Normalised forms (see normaliseName), longest first so that 조선족자치주 wins over 주.
const SUFFIXES: ReadonlyArray<readonly [string, SuffixHint]> = (
  [
    // Korean
    ['조선족자치주', 'prefecture'],
    ['조선족자치현', 'county'],
    ['만족자치현', 'county'],
    ['자치주', 'prefecture'],
    ['자치현', 'county'],
    ['좡족자치구', 'region'],
    ['후이족자치구', 'region'],
    ['장족자치구', 'region'],
    ['회족자치구', 'region'],
    ['위구르자치구', 'region'],
    ['자치구', 'region'],
    ['특별시', 'city'],
    ['특급시', 'city'],
    ['직할시', 'city'],
    ['노동자구', 'town'],
    ['구역', 'district'],
    ['지구', 'prefecture'],
    ['시', 'city'],
    ['군', 'county'],
    ['현', 'county'],
    ['구', 'district'],
    ['도', 'province'],
    ['성', 'province'],
    ['주', 'prefecture'],
    ['진', 'town'],
    ['읍', 'town'],
    // Chinese (simplified and traditional)
    ['朝鲜族自治州', 'prefecture'],
    ['朝鮮族自治州', 'prefecture'],
    ['朝鲜族自治县', 'county'],
    ['朝鮮族自治縣', 'county'],
    ['满族自治县', 'county'],
    ['滿族自治縣', 'county'],
    ['自治州', 'prefecture'],
    ['自治县', 'county'],
    ['自治縣', 'county'],
    ['壮族自治区', 'region'],
    ['回族自治区', 'region'],
    ['维吾尔自治区', 'region'],
    ['自治区', 'region'],
    ['自治區', 'region'],
    ['特别市', 'city'],
    ['特別市', 'city'],
    ['直辖市', 'city'],
    ['直轄市', 'city'],
    ['地区', 'prefecture'],
    ['地區', 'prefecture'],
    ['市', 'city'],
    ['县', 'county'],
    ['縣', 'county'],
    ['郡', 'county'],
    ['省', 'province'],
    ['道', 'province'],
    ['州', 'prefecture'],
    ['区', 'district'],
    ['區', 'district'],
    ['镇', 'town'],
    ['鎮', 'town'],
    // Latin (English, pinyin, Korean romanisations)
    ['koreanautonomousprefecture', 'prefecture'],
    ['koreanautonomouscounty', 'county'],
    ['manchuautonomouscounty', 'county'],
    ['autonomousprefecture', 'prefecture'],
    ['autonomouscounty', 'county'],
    ['zhuangautonomousregion', 'region'],
    ['huiautonomousregion', 'region'],
    ['uyghurautonomousregion', 'region'],
    ['uygurautonomousregion', 'region'],
    ['autonomousregion', 'region'],
    ['specialcity', 'city'],
    ['directlygovernedcity', 'city'],
    ['municipality', 'city'],
    ['prefecture', 'prefecture'],
    ['province', 'province'],
    ['district', 'district'],
    ['county', 'county'],
    ['city', 'city'],
    ['town', 'town'],
    ['teukbyeolsi', 'city'],
    ['tukpyolsi', 'city'],
    ['jikhalsi', 'city'],
    ['chikhalsi', 'city'],
    ['sheng', 'province'],
    ['zizhiqu', 'region'],
    ['zizhizhou', 'prefecture'],
    ['zizhixian', 'county'],
    ['diqu', 'prefecture'],
    ['xian', 'county'],
    ['zhen', 'town'],
    ['shi', 'city'],
    ['gun', 'county'],
    ['kun', 'county'],
    ['si', 'city'],
    ['do', 'province'],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

const APOSTROPHES_AND_SEPARATORS = /[\s\p{Pd}'’‘‛`´ʼʻʹ"“”.,·・()（）_/]+/gu;

/**
 * The comparison key of a written name: NFKC (full-width forms, compatibility characters),
 * lower case, diacritics removed (ŏ ŭ é ǐ -> o u e i), spaces, hyphens, apostrophes and
 * punctuation removed. Hangul survives: its syllables decompose to letters, not marks.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .replace(APOSTROPHES_AND_SEPARATORS, '');
}

const LATIN = /^[a-z0-9]+$/;

// Suffixes by their last character, so that stripping tests only the few that can match.
const SUFFIXES_BY_LAST = new Map<string, Array<readonly [string, SuffixHint]>>();
for (const entry of SUFFIXES) {
  const last = entry[0].slice(-1);
  const list = SUFFIXES_BY_LAST.get(last) ?? [];
  list.push(entry);
  SUFFIXES_BY_LAST.set(last, list);
}

/**
 * The key without one administrative suffix, and what the suffix says, or undefined when the key
 * has none. A suffix is removed only when what remains is still a name: at least 2 Hangul/Han
 * characters (안도 is not 안 + 도) or 3 Latin letters (Ando is not An + do).
 */
export function stripSuffix(key: string): { base: string; hint: SuffixHint } | undefined {
  for (const [suffix, hint] of SUFFIXES_BY_LAST.get(key.slice(-1)) ?? []) {
    if (key.length <= suffix.length || !key.endsWith(suffix)) continue;
    const base = key.slice(0, -suffix.length);
    const latin = LATIN.test(suffix);
    if (latin !== LATIN.test(base)) continue;
    if (base.length < (latin ? 3 : 2)) continue;
    return { base, hint };
  }
  return undefined;
}

/**
 * The forms a key is looked up under, most literal first: the key itself, then with one suffix
 * removed, then two (연변조선족자치주 -> 연변; Hyesan-si -> hyesan), each with the hints gathered
 * so far. Lazy, as the first form usually matches.
 */
export function* lookupForms(key: string): Generator<{ form: string; hints: SuffixHint[] }> {
  yield { form: key, hints: [] };
  let current = key;
  const hints: SuffixHint[] = [];
  for (let i = 0; i < 2; i++) {
    const stripped = stripSuffix(current);
    if (!stripped) return;
    hints.push(stripped.hint);
    current = stripped.base;
    yield { form: current, hints: [...hints] };
  }
}
