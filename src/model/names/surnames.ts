/**
 * Korean surnames as facts: one entry per Hanja (a Hangul surname can stand for several clans
 * with different characters, and Chinese documents read the character, not the Hangul).
 *
 * Counts are the 2015 South Korean census figures (thousands, rounded) as tabulated in the
 * English Wikipedia "List of Korean surnames"; they are used as sampling weights, so rough is
 * enough. North Korea publishes no census of surnames; the same ranking is assumed.
 * Passport spellings: only 정's shares are measured (National Institute of the Korean Language,
 * 2007: Jung 48.6%, Jeong 37.0%, Chung 9.2%); the others list the spellings seen in practice with
 * rough weights, the first being the usual one.
 * RR, MR and DPRK forms are not stored: they follow from the Hangul by the romanisers, except
 * where a convention overrides the rule (`mr` for 李: Yi).
 */
export interface Surname {
  /** Traditional character (as written in Korea). */
  hanja: string;
  /** The character as mainland China writes it (simplified). */
  simplified: string;
  /** Mandarin reading of the character, as Chinese documents romanise it. */
  pinyin: string;
  /** Hangul in South Korean spelling (initial-sound law applied). */
  south: string;
  /** Hangul in North Korean spelling. */
  north: string;
  /** Approximate number of bearers in South Korea, thousands (2015 census). */
  thousands: number;
  /** Passport and self-chosen spellings with rough weights, the usual one first. */
  passport: ReadonlyArray<readonly [string, number]>;
  /** A conventional MR form where it differs from the rule (李: Yi, not I). */
  mr?: string;
}

type Row = [string, string, string, string, string, number, string, string?];

// hanja, simplified, pinyin, south, north, thousands, passport spellings (name:weight|...), mr
const ROWS: Row[] = [
  ['金', '金', 'Jin', '김', '김', 10690, 'Kim:97|Gim:2|Ghim:1'],
  ['李', '李', 'Li', '이', '리', 7307, 'Lee:93|Yi:3|Rhee:2|I:1|Ri:1', 'Yi'],
  ['朴', '朴', 'Piao', '박', '박', 4192, 'Park:95|Pak:3|Bak:1|Bahk:1'],
  ['崔', '崔', 'Cui', '최', '최', 2334, 'Choi:92|Choe:6|Choy:1|Chwe:1'],
  ['鄭', '郑', 'Zheng', '정', '정', 2152, 'Jung:48.6|Jeong:37|Chung:9.2|Joung:2|Cheong:2|Jong:1.2'],
  ['姜', '姜', 'Jiang', '강', '강', 1177, 'Kang:96|Gang:3|Kahng:1'],
  ['趙', '赵', 'Zhao', '조', '조', 1056, 'Cho:85|Jo:13|Joe:2'],
  ['尹', '尹', 'Yin', '윤', '윤', 1021, 'Yoon:70|Yun:28|Youn:2'],
  ['張', '张', 'Zhang', '장', '장', 993, 'Jang:65|Chang:34|Zang:1'],
  ['林', '林', 'Lin', '임', '림', 824, 'Lim:70|Im:18|Yim:8|Rim:4'],
  ['韓', '韩', 'Han', '한', '한', 773, 'Han:97|Hahn:3'],
  ['吳', '吴', 'Wu', '오', '오', 763, 'Oh:93|O:6|Ohe:1'],
  ['徐', '徐', 'Xu', '서', '서', 752, 'Seo:62|Suh:34|Surh:2|So:2'],
  ['申', '申', 'Shen', '신', '신', 741, 'Shin:90|Sin:9|Shinn:1'],
  ['權', '权', 'Quan', '권', '권', 706, 'Kwon:90|Gwon:6|Kweon:4'],
  ['黃', '黄', 'Huang', '황', '황', 697, 'Hwang:98|Whang:2'],
  ['安', '安', 'An', '안', '안', 686, 'Ahn:75|An:24|Ann:1'],
  ['宋', '宋', 'Song', '송', '송', 683, 'Song:99|Soung:1'],
  ['柳', '柳', 'Liu', '유', '류', 643, 'Yoo:45|Ryu:30|Yu:20|Lyu:3|Rhyu:2'],
  ['全', '全', 'Quan', '전', '전', 560, 'Jeon:55|Jun:25|Chun:15|Chon:5'],
  ['洪', '洪', 'Hong', '홍', '홍', 559, 'Hong:100'],
  ['高', '高', 'Gao', '고', '고', 471, 'Ko:75|Koh:20|Go:5'],
  ['文', '文', 'Wen', '문', '문', 464, 'Moon:90|Mun:10'],
  ['梁', '梁', 'Liang', '양', '량', 462, 'Yang:95|Ryang:4|Lyang:1'],
  ['孫', '孙', 'Sun', '손', '손', 457, 'Son:93|Sohn:7'],
  ['裵', '裴', 'Pei', '배', '배', 401, 'Bae:85|Pae:10|Bai:5'],
  ['曺', '曹', 'Cao', '조', '조', 400, 'Cho:85|Jo:13|Joe:2'],
  ['白', '白', 'Bai', '백', '백', 382, 'Baek:60|Paik:25|Back:10|Paek:5'],
  ['許', '许', 'Xu', '허', '허', 327, 'Heo:45|Huh:45|Hur:10'],
  ['劉', '刘', 'Liu', '유', '류', 313, 'Yoo:45|Ryu:30|Yu:20|Lyu:3|Rhyu:2'],
  ['南', '南', 'Nan', '남', '남', 276, 'Nam:99|Nahm:1'],
  ['沈', '沈', 'Shen', '심', '심', 272, 'Shim:85|Sim:15'],
  ['丁', '丁', 'Ding', '정', '정', 256, 'Jung:48.6|Jeong:37|Chung:9.2|Joung:2|Cheong:2|Jong:1.2'],
  ['河', '河', 'He', '하', '하', 231, 'Ha:98|Hah:2'],
  ['盧', '卢', 'Lu', '노', '로', 220, 'Noh:45|Roh:40|No:10|Ro:5'],
  ['任', '任', 'Ren', '임', '임', 219, 'Lim:60|Im:25|Yim:15'],
  ['具', '具', 'Ju', '구', '구', 208, 'Koo:70|Ku:20|Gu:10'],
  ['郭', '郭', 'Guo', '곽', '곽', 204, 'Kwak:92|Gwak:8'],
  ['辛', '辛', 'Xin', '신', '신', 200, 'Shin:90|Sin:9|Shinn:1'],
  ['成', '成', 'Cheng', '성', '성', 199, 'Sung:70|Seong:25|Song:5'],
  ['禹', '禹', 'Yu', '우', '우', 195, 'Woo:90|U:5|Wu:5'],
  ['車', '车', 'Che', '차', '차', 186, 'Cha:98|Char:2'],
  ['朱', '朱', 'Zhu', '주', '주', 177, 'Joo:60|Ju:30|Chu:10'],
  ['閔', '闵', 'Min', '민', '민', 172, 'Min:100'],
  ['羅', '罗', 'Luo', '나', '라', 171, 'Na:75|Ra:20|La:5'],
  ['池', '池', 'Chi', '지', '지', 165, 'Ji:60|Chi:35|Jee:5'],
  ['田', '田', 'Tian', '전', '전', 160, 'Jeon:55|Jun:25|Chun:15|Chon:5'],
  ['陳', '陈', 'Chen', '진', '진', 153, 'Jin:90|Chin:10'],
  ['嚴', '严', 'Yan', '엄', '엄', 144, 'Um:50|Eom:45|Uhm:5'],
  ['兪', '俞', 'Yu', '유', '유', 133, 'Yoo:50|Yu:45|You:5'],
  ['蔡', '蔡', 'Cai', '채', '채', 132, 'Chae:97|Chai:3'],
  ['元', '元', 'Yuan', '원', '원', 126, 'Won:97|Weon:3'],
  ['千', '千', 'Qian', '천', '천', 112, 'Chun:55|Cheon:40|Chon:5'],
  ['方', '方', 'Fang', '방', '방', 104, 'Bang:85|Pang:15'],
  ['孔', '孔', 'Kong', '공', '공', 89, 'Kong:95|Gong:5'],
  ['康', '康', 'Kang', '강', '강', 86, 'Kang:96|Gang:3|Kahng:1'],
  ['玄', '玄', 'Xuan', '현', '현', 86, 'Hyun:80|Hyeon:15|Hyon:5'],
  ['咸', '咸', 'Xian', '함', '함', 76, 'Ham:100'],
  ['廉', '廉', 'Lian', '염', '렴', 70, 'Yeom:55|Yum:35|Ryom:10'],
  ['卞', '卞', 'Bian', '변', '변', 65, 'Byun:70|Byeon:20|Pyun:10'],
  ['楊', '杨', 'Yang', '양', '양', 63, 'Yang:100'],
  ['呂', '吕', 'Lü', '여', '려', 60, 'Yeo:60|Yuh:30|Ryo:10'],
  ['秋', '秋', 'Qiu', '추', '추', 60, 'Choo:60|Chu:40'],
  ['都', '都', 'Du', '도', '도', 57, 'Do:80|Doh:15|To:5'],
  ['愼', '慎', 'Shen', '신', '신', 55, 'Shin:90|Sin:10'],
  ['石', '石', 'Shi', '석', '석', 50, 'Seok:55|Suk:40|Sok:5'],
  ['蘇', '苏', 'Su', '소', '소', 50, 'So:95|Soh:5'],
  ['宣', '宣', 'Xuan', '선', '선', 40, 'Sun:60|Seon:40'],
  ['薛', '薛', 'Xue', '설', '설', 40, 'Seol:50|Sul:45|Sol:5'],
  ['馬', '马', 'Ma', '마', '마', 35, 'Ma:100'],
  ['吉', '吉', 'Ji', '길', '길', 35, 'Gil:55|Kil:45'],
  ['周', '周', 'Zhou', '주', '주', 35, 'Joo:60|Ju:30|Chu:10'],
  ['延', '延', 'Yan', '연', '연', 30, 'Yeon:60|Yun:30|Youn:10'],
  ['魏', '魏', 'Wei', '위', '위', 30, 'Wi:70|Wee:30'],
  ['表', '表', 'Biao', '표', '표', 30, 'Pyo:100'],
  ['明', '明', 'Ming', '명', '명', 25, 'Myung:80|Myeong:20'],
  ['奇', '奇', 'Qi', '기', '기', 25, 'Ki:80|Gi:20'],
  ['王', '王', 'Wang', '왕', '왕', 25, 'Wang:100'],
  ['玉', '玉', 'Yu', '옥', '옥', 25, 'Ok:90|Ock:10'],
  ['琴', '琴', 'Qin', '금', '금', 23, 'Keum:60|Geum:30|Kum:10'],
  ['潘', '潘', 'Pan', '반', '반', 20, 'Ban:80|Pan:20'],
  ['陸', '陆', 'Lu', '육', '륙', 20, 'Yook:50|Yuk:40|Ryuk:10'],
  ['孟', '孟', 'Meng', '맹', '맹', 20, 'Maeng:100'],
  ['卓', '卓', 'Zhuo', '탁', '탁', 20, 'Tak:95|Tark:5'],
  ['鞠', '鞠', 'Ju', '국', '국', 20, 'Kook:60|Kuk:30|Guk:10'],
  ['蔣', '蒋', 'Jiang', '장', '장', 17, 'Jang:65|Chang:35'],
  ['龍', '龙', 'Long', '용', '룡', 15, 'Yong:85|Ryong:15'],
];

function parseSpellings(text: string): ReadonlyArray<readonly [string, number]> {
  const merged = new Map<string, number>();
  for (const part of text.split('|')) {
    const [spelling, weight] = part.split(':');
    merged.set(spelling, (merged.get(spelling) ?? 0) + Number(weight));
  }
  return [...merged.entries()];
}

/** Surnames, most frequent first. */
export const SURNAMES: readonly Surname[] = ROWS.map(
  ([hanja, simplified, pinyin, south, north, thousands, spellings, mr]) => ({
    hanja,
    simplified,
    pinyin,
    south,
    north,
    thousands,
    passport: parseSpellings(spellings),
    ...(mr ? { mr } : {}),
  }),
);

const byHanja = new Map(SURNAMES.map((s) => [s.hanja, s]));

/** The surname written with this (traditional or simplified) character, if known. */
export function surnameByHanja(character: string): Surname | undefined {
  return byHanja.get(character) ?? SURNAMES.find((s) => s.simplified === character);
}

/** Every surname entry whose Hangul (South or North spelling) is `hangul`: 정 gives 鄭 and 丁. */
export function surnamesByHangul(hangul: string): Surname[] {
  return SURNAMES.filter((s) => s.south === hangul || s.north === hangul);
}
