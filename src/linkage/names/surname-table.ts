/**
 * Korean surnames as linkage needs them: every way a surname is written, pointing to its
 * canonical Hangul (South Korean spelling, as canonicalHangul produces). Facts from
 * ../shared/datasets/linkage/korean_surname_variants.tsv (2015 census ranking, NIKL passport
 * study, DPRK romanisation rules) extended with further common surnames; the table layout and
 * the extra rows are ours.
 *
 * A spelling may stand for several surnames (Chun: 전 or 천; Yun: 윤 or 연), and a Mandarin
 * reading for several characters (Quan: 全 전 or 權 권; Shen: 申 신 or 沈 심): lookups return
 * every candidate, the most frequent first.
 */
import { withinOneEdit } from '../compare/edit';
import { jamoString } from './canonical';
import { latinLetters, latinSkeleton, skeletonFromSyllables } from './skeleton';

export interface SurnameEntry {
  /** South Korean Hangul, which is the canonical form. */
  south: string;
  /** North Korean Hangul (initial-sound law not applied). */
  north: string;
  /** Characters, traditional first; simplified forms listed too where they differ. */
  characters: string[];
  /** Mandarin readings of the characters (pinyin without tones, ü as u and v). */
  pinyin: string[];
  /** Latin spellings: RR, MR, DPRK and passport habits, as written (breves, apostrophes). */
  spellings: string[];
}

// south | north | characters (traditional=simplified, space separated) | pinyin | spellings.
// Most frequent first (2015 census order; rows after 22 roughly by frequency).
const ROWS = `
김|김|金|jin|Kim Gim Ghim Kym Gym
이|리|李|li|Lee Yi I Rhee Rhie Ree Reeh Ri Li Ee Leigh Lie Yee Rie
박|박|朴|piao|Park Pak Bak Bahk Pahk Back Parck
최|최|崔|cui|Choi Choe Chey Choy Chwe Tsoi Ch'oe
정|정|鄭=郑 丁 程|zheng ding cheng|Jung Jeong Chung Joung Cheong Chong Jeoung Jeung Choung Jong Cheung Chŏng
강|강|姜 康 強=强|jiang kang qiang|Kang Gang Khang Kahng
조|조|趙=赵 曺=曹|zhao cao|Cho Jo Joe Chough Zo Joh Ch'o
윤|윤|尹|yin|Yoon Yun Youn Yune
장|장|張=张 蔣=蒋 章 莊=庄|zhang jiang zhuang|Jang Chang Zang
임|림|林|lin|Lim Im Yim Rim Lym Leem Rhim
임|임|任|ren|Lim Im Yim
한|한|韓=韩|han|Han Hahn
오|오|吳=吴|wu|Oh O Ohe Ou
서|서|徐|xu|Seo Suh Surh So Sur Su Sŏ
신|신|申 辛 愼=慎|shen xin|Shin Sin Shinn Sheen Synn
권|권|權=权|quan|Kwon Gwon Kweon Kwun Kwan Kwŏn
황|황|黃=黄|huang|Hwang Whang
안|안|安|an|Ahn An Ann
송|송|宋|song|Song Soung
전|전|全 田 錢=钱|quan tian qian|Jeon Jun Chun Chon Jeun Cheon Jŏn Chŏn
홍|홍|洪|hong|Hong Houng
유|류|柳 劉=刘|liu|Yoo Yu You Ryu Ryoo Rhyu Lyu Ryou
유|유|兪=俞|yu|Yoo Yu You
고|고|高|gao|Ko Koh Go Goh
노|로|盧=卢|lu|Roh Noh No Ro Rho
양|량|梁|liang|Yang Ryang Lyang
양|양|楊=杨|yang|Yang
문|문|文|wen|Moon Mun Mune
손|손|孫=孙|sun|Son Sohn
배|배|裵 裴|pei|Bae Pae Bai Pai Bea
백|백|白|bai|Baek Paik Paek Baik Beck Back Pack
허|허|許=许|xu|Heo Huh Hur Ho Hŏ
남|남|南|nan|Nam Nahm
심|심|沈|shen|Shim Sim Seem
하|하|河|he|Ha Hah
곽|곽|郭|guo|Kwak Gwak Kwok
성|성|成|cheng|Sung Seong Sŏng
차|차|車=车|che|Cha Char Ch'a
주|주|朱 周|zhu zhou|Joo Ju Chu Choo
우|우|禹|yu|Woo U Wu
구|구|具|ju|Koo Ku Gu Goo
민|민|閔=闵|min|Min
나|라|羅=罗|luo|Na Ra La Rha Nah
진|진|陳=陈 秦 晉=晋|chen qin jin|Jin Chin
지|지|池|chi|Ji Chi Jee
엄|엄|嚴=严|yan|Um Eom Uhm Ŏm Om
채|채|蔡|cai|Chae Chai Ch'ae
원|원|元|yuan|Won Weon Wŏn
천|천|千|qian|Chun Cheon Chon Ch'ŏn
방|방|方|fang|Bang Pang
공|공|孔|kong|Kong Gong
현|현|玄|xuan|Hyun Hyeon Hyon Hyŏn
함|함|咸|xian|Ham Hahm
변|변|卞 邊=边|bian|Byun Byeon Pyun Pyon Byon Pyŏn
염|렴|廉|lian|Yeom Yum Youm Ryom Yom Yŏm
여|려|呂=吕|lu lv|Yeo Yuh Ryo Yo Yŏ
추|추|秋|qiu|Choo Chu Ch'u
도|도|都|du|Do Doh To
석|석|石|shi|Seok Suk Sok Sŏk
소|소|蘇=苏|su|So Soh
선|선|宣|xuan|Sun Seon Sŏn
설|설|薛|xue|Seol Sul Sol Sŏl
마|마|馬=马|ma|Ma
길|길|吉|ji|Gil Kil
연|연|延|yan|Yeon Yun Youn Yon Yŏn
위|위|魏|wei|Wi Wee
표|표|表|biao|Pyo Pyoh P'yo
명|명|明|ming|Myung Myeong Myong Myŏng
기|기|奇|qi|Ki Gi Kee
왕|왕|王|wang|Wang
옥|옥|玉|yu|Ok Ock Oak
금|금|琴|qin|Keum Geum Kum Kŭm
반|반|潘|pan|Ban Pan
육|륙|陸=陆|lu|Yook Yuk Ryuk
맹|맹|孟|meng|Maeng
탁|탁|卓|zhuo|Tak Tark T'ak
국|국|鞠|ju|Kook Kuk Guk
용|룡|龍=龙|long|Yong Ryong
인|인|印|yin|In
은|은|殷|yin|Eun Un Ŭn
편|편|片|pian|Pyun Pyeon Pyon P'yŏn
경|경|慶=庆|qing|Kyung Gyeong Kyong Kyŏng
봉|봉|奉|feng|Bong Pong
황보|황보|皇甫|huangfu|Hwangbo Whangbo
남궁|남궁|南宮=南宫|nangong|Namgung Namkung
제갈|제갈|諸葛=诸葛|zhuge|Jegal Chegal
선우|선우|鮮于=鲜于|xianyu|Sunwoo Seonu Sŏnu
독고|독고|獨孤=独孤|dugu|Dokgo Tokko
사공|사공|司空|sikong|Sagong
서문|서문|西門=西门|ximen|Seomun
`;

export const SURNAME_TABLE: readonly SurnameEntry[] = ROWS.trim()
  .split('\n')
  .map((line) => {
    const [south, north, characters, pinyin, spellings] = line.split('|');
    return {
      south,
      north,
      characters: characters.split(/[ =]/),
      pinyin: pinyin.split(' '),
      spellings: spellings.split(' '),
    };
  });

function addTo(map: Map<string, string[]>, key: string, hangul: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [hangul]);
  else if (!list.includes(hangul)) list.push(hangul);
}

const bySpelling = new Map<string, string[]>();
const byPinyin = new Map<string, string[]>();
const byCharacters = new Map<string, string[]>();
const bySkeleton = new Map<string, string[]>();
const hangulSurnames = new Set<string>();
for (const entry of SURNAME_TABLE) {
  hangulSurnames.add(entry.south);
  hangulSurnames.add(entry.north);
  for (const s of entry.spellings) addTo(bySpelling, latinLetters(s), entry.south);
  for (const p of entry.pinyin) addTo(byPinyin, latinLetters(p), entry.south);
  for (const c of entry.characters) addTo(byCharacters, c, entry.south);
  addTo(bySkeleton, skeletonFromSyllables([...entry.south]), entry.south);
}

/** Canonical Hangul surnames a Korean Latin spelling stands for (Lee -> 이; Chun -> 전, 천). */
export function surnamesBySpelling(latin: string): readonly string[] {
  return bySpelling.get(latinLetters(latin)) ?? [];
}

/**
 * Surnames whose romanisation skeleton a spelling has, for spellings the table does not list
 * (DPRK Thak, Phyo): the fallback when surnamesBySpelling finds nothing.
 */
export function surnamesBySkeleton(latin: string): readonly string[] {
  return bySkeleton.get(latinSkeleton(latin)) ?? [];
}

/** Canonical Hangul surnames behind a Mandarin reading (Piao -> 박; Quan -> 전, 권). */
export function surnamesByPinyin(latin: string): readonly string[] {
  return byPinyin.get(latinLetters(latin)) ?? [];
}

/** Canonical Hangul surname written with these characters (traditional or simplified). */
export function surnamesByCharacters(characters: string): readonly string[] {
  return byCharacters.get(characters) ?? [];
}

let spellingList: string[] | undefined;
let southJamo: Array<[string, string]> | undefined;

/**
 * Surnames one typing error away from an unknown spelling (iKm, Pqk -> Kim, Pak) or Hangul
 * (긤, 뱍 -> 김, 박), for blocking and a weaker comparison level; [] for spellings shorter than
 * three letters, where every change lands on some surname.
 */
export function surnamesNear(text: string, isHangul: boolean): readonly string[] {
  const out: string[] = [];
  if (isHangul) {
    southJamo ??= SURNAME_TABLE.map((e) => [e.south, jamoString(e.south)]);
    const jamo = jamoString(text);
    if (jamo.length < 3) return out;
    for (const [south, j] of southJamo)
      if (withinOneEdit(jamo, j) && !out.includes(south)) out.push(south);
    return out;
  }
  const letters = latinLetters(text);
  if (letters.length < 3) return out;
  spellingList ??= [...bySpelling.keys()];
  for (const spelling of spellingList) {
    if (spelling.length >= 3 && withinOneEdit(letters, spelling)) {
      for (const h of bySpelling.get(spelling) ?? []) if (!out.includes(h)) out.push(h);
    }
  }
  return out;
}

/** Known two-syllable surnames and two-character surnames, to split a full name written whole. */
export function isKnownSurname(text: string): boolean {
  return hangulSurnames.has(text) || byCharacters.has(text);
}
