import { describe, expect, it } from 'vitest';
import {
  allPlaces,
  ancestors,
  childrenOf,
  countryOf,
  crossingPairs,
  getPlace,
  lookupPlace,
  lookupPlaceAll,
  namesOf,
  normaliseName,
  placeName,
  provinceOf,
} from './index';

const places = allPlaces();

describe('gazetteer data', () => {
  it('has unique lowercase ASCII ids and unique ISO codes', () => {
    const ids = places.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]{2}(-[a-z]+)*$/);
    const isos = places.flatMap((p) => (p.iso ? [p.iso] : []));
    expect(new Set(isos).size).toBe(isos.length);
  });

  it('every parent exists, is one level up, and is in the same country', () => {
    const level = { country: 0, province: 1, prefecture: 2, county: 3, town: 4 };
    for (const p of places) {
      if (p.kind === 'country') {
        expect(p.parent, p.id).toBeUndefined();
        continue;
      }
      const parent = getPlace(p.parent!);
      expect(parent, `${p.id} parent`).toBeDefined();
      expect(level[parent!.kind], p.id).toBeLessThan(level[p.kind]);
      expect(countryOf(p.id)!.iso, p.id).toBe(p.country);
    }
  });

  it('names are in the right scripts', () => {
    for (const p of places) {
      expect(p.names.ko, p.id).toMatch(/^[\uac00-\ud7a3 ]+$/);
      if (p.names.koNorth) {
        expect(p.names.koNorth, p.id).toMatch(/^[\uac00-\ud7a3 ]+$/);
        expect(p.names.koNorth, p.id).not.toBe(p.names.ko);
      }
      expect(p.names.zh, p.id).toMatch(/^\p{Script=Han}+$/u);
      expect(p.names.en, p.id).toMatch(/^[A-Za-z' ]+$/);
    }
  });

  it('coordinates lie in a plausible box for the country', () => {
    // [minLat, maxLat, minLon, maxLon], generous boxes around each country.
    const boxes: Record<string, [number, number, number, number]> = {
      CN: [18, 54, 73, 135],
      KP: [37.6, 43.1, 124.1, 130.8],
      KR: [33, 38.7, 124.5, 131],
      LA: [13.9, 22.6, 100, 107.7],
      TH: [5.6, 20.5, 97.3, 105.7],
      MN: [41.5, 52.2, 87.7, 120],
      VN: [8.4, 23.4, 102.1, 109.5],
      MM: [9.5, 28.6, 92.1, 101.2],
      KH: [10.4, 14.7, 102.3, 107.7],
    };
    for (const p of places) {
      const [minLat, maxLat, minLon, maxLon] = boxes[p.country];
      expect(p.lat, p.id).toBeGreaterThanOrEqual(minLat);
      expect(p.lat, p.id).toBeLessThanOrEqual(maxLat);
      expect(p.lon, p.id).toBeGreaterThanOrEqual(minLon);
      expect(p.lon, p.id).toBeLessThanOrEqual(maxLon);
    }
    // The border counties sit along the rivers: north of 39.8 N.
    for (const c of crossingPairs) {
      expect(getPlace(c.dprk)!.lat).toBeGreaterThan(39.8);
      expect(getPlace(c.prc)!.lat).toBeGreaterThan(39.8);
    }
  });

  it('has every prefecture-level division of the three northeastern provinces', () => {
    const prefectures = (id: string) => childrenOf(id).filter((p) => p.kind === 'prefecture');
    expect(prefectures('cn-ln')).toHaveLength(14);
    expect(prefectures('cn-jl')).toHaveLength(9);
    expect(prefectures('cn-hl')).toHaveLength(13);
    expect(
      childrenOf('cn-jl-yanbian')
        .map((p) => p.names.en)
        .sort(),
    ).toEqual(['Antu', 'Dunhua', 'Helong', 'Hunchun', 'Longjing', 'Tumen', 'Wangqing', 'Yanji']);
  });

  it('has every DPRK province-level division with its ISO code, and all of mainland China', () => {
    const kp = childrenOf('kp').map((p) => p.iso);
    for (const n of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '13']) {
      expect(kp).toContain(`KP-${n}`);
    }
    expect(childrenOf('cn').filter((p) => p.kind === 'province')).toHaveLength(31);
    expect(getPlace('cn-he')!.names.en).toBe('Hebei');
    expect(getPlace('cn-ha')!.names.en).toBe('Henan');
  });

  it('every crossing pair links a DPRK place to a Chinese place across a border river', () => {
    expect(crossingPairs.length).toBeGreaterThanOrEqual(7);
    expect(new Set(crossingPairs.map((c) => c.id)).size).toBe(crossingPairs.length);
    for (const c of crossingPairs) {
      expect(countryOf(c.dprk)?.id, c.id).toBe('kp');
      expect(countryOf(c.prc)?.id, c.id).toBe('cn');
      expect(['tumen', 'yalu']).toContain(c.river);
      // Facing places are close: within ~0.7 degrees of each other.
      const a = getPlace(c.dprk)!;
      const b = getPlace(c.prc)!;
      expect(Math.hypot(a.lat - b.lat, a.lon - b.lon), c.id).toBeLessThan(0.7);
    }
    const pairs = crossingPairs.map((c) => `${c.dprk}|${c.prc}`);
    expect(pairs).toContain('kp-pyan-sinuiju|cn-ln-dandong');
    expect(pairs).toContain('kp-ryanggang-hyesan|cn-jl-baishan-changbai');
    expect(pairs).toContain('kp-hamn-musan|cn-jl-yanbian-helong-nanping');
    expect(pairs).toContain('kp-hamn-onsong|cn-jl-yanbian-tumen');
    expect(pairs).toContain('kp-hamn-saeppyol|cn-jl-yanbian-hunchun');
    expect(pairs).toContain('kp-hamn-hoeryong|cn-jl-yanbian-longjing-sanhe');
    expect(pairs).toContain('kp-chagang-manpo|cn-jl-tonghua-jian');
  });
});

describe('lookupPlace', () => {
  // Names that really are shared, and what lookupPlace does with them.
  // Keyed by normalised name.
  const SHARED: Record<string, string | undefined> = {
    jilin: 'cn-jl', // province and the city in it: the province
    kirin: 'cn-jl',
    gillim: 'cn-jl',
    killim: 'cn-jl',
    산시성: undefined, // Shanxi and Shaanxi are both 산시 in South Korean transcription
    kangso: undefined, // 강소 (Jiangsu) and 강서 (Jiangxi) in McCune-Reischauer without breves
  };

  it('every name and alias finds its own place, or is one of the known shared names', () => {
    for (const p of places) {
      for (const name of namesOf(p)) {
        const all = lookupPlaceAll(name).map((x) => x.id);
        expect(all, `${p.id}: ${name}`).toContain(p.id);
        const found = lookupPlace(name)?.id;
        if (found !== p.id) {
          const key = normaliseName(name);
          expect(Object.keys(SHARED), `${p.id}: ${name} -> ${all.join(',')}`).toContain(key);
          expect(found).toBe(SHARED[key]);
        }
      }
    }
  });

  it.each([
    ['연길', 'cn-jl-yanbian-yanji'],
    ['연길시', 'cn-jl-yanbian-yanji'],
    ['延吉市', 'cn-jl-yanbian-yanji'],
    ['延吉', 'cn-jl-yanbian-yanji'],
    ['Yanji', 'cn-jl-yanbian-yanji'],
    ['Yenji', 'cn-jl-yanbian-yanji'],
    ['옌지', 'cn-jl-yanbian-yanji'],
    ['yonbyon', 'cn-jl-yanbian'],
    ['Yanbian', 'cn-jl-yanbian'],
    ['연변조선족자치주', 'cn-jl-yanbian'],
    ['延边朝鲜族自治州', 'cn-jl-yanbian'],
    ['Yanbian Korean Autonomous Prefecture', 'cn-jl-yanbian'],
    ['량강도', 'kp-ryanggang'],
    ['양강도', 'kp-ryanggang'],
    ['Ryanggang', 'kp-ryanggang'],
    ['Yanggang-do', 'kp-ryanggang'],
    ['两江道', 'kp-ryanggang'],
    ['KP-10', 'kp-ryanggang'],
    ['혜산', 'kp-ryanggang-hyesan'],
    ['혜산시', 'kp-ryanggang-hyesan'],
    ['Hyesan', 'kp-ryanggang-hyesan'],
    ['Hyesan-si', 'kp-ryanggang-hyesan'],
    ['惠山', 'kp-ryanggang-hyesan'],
    ['라선', 'kp-rason'],
    ['나선', 'kp-rason'],
    ['Rasŏn', 'kp-rason'],
    ['룡정', 'cn-jl-yanbian-longjing'],
    ['용정', 'cn-jl-yanbian-longjing'],
    ['Longjing', 'cn-jl-yanbian-longjing'],
    ["Ch'ŏngjin", 'kp-hamn-chongjin'],
    ['Chongjin', 'kp-hamn-chongjin'],
    ['Cheongjin', 'kp-hamn-chongjin'],
    ['Sinŭiju', 'kp-pyan-sinuiju'],
    ['新義州', 'kp-pyan-sinuiju'],
    ['Manpho', 'kp-chagang-manpo'],
    ['Kyongwon', 'kp-hamn-saeppyol'],
    ['경원군', 'kp-hamn-saeppyol'],
    ['새별', 'kp-hamn-saeppyol'],
    ['Phyongyang', 'kp-pyongyang'],
    ['평양', 'kp-pyongyang'],
    ['함북', 'kp-hamn'],
    ['North Hamgyong Province', 'kp-hamn'],
    ['Hamgyŏng-bukto', 'kp-hamn'],
    ['Hamgyeongbuk-do', 'kp-hamn'],
    ['안도', 'cn-jl-yanbian-antu'],
    ['Antu County', 'cn-jl-yanbian-antu'],
    ['长白', 'cn-jl-baishan-changbai'],
    ['장백현', 'cn-jl-baishan-changbai'],
    ['南坪', 'cn-jl-yanbian-helong-nanping'],
    ['吉林', 'cn-jl'],
    ['吉林省', 'cn-jl'],
    ['吉林市', 'cn-jl-jilin'],
    ['Jilin City', 'cn-jl-jilin'],
    ['Jilin Province', 'cn-jl'],
    ['河北', 'cn-he'],
    ['Hebei', 'cn-he'],
    ['Henan', 'cn-ha'],
    ['Shanxi', 'cn-sx'],
    ['Shaanxi', 'cn-sn'],
    ['Inner Mongolia', 'cn-nm'],
    ['내몽고', 'cn-nm'],
    ['北朝鲜', 'kp'],
    ['북한', 'kp'],
    ['DPRK', 'kp'],
    ['라오스', 'la'],
  ])('%s -> %s', (name, id) => {
    expect(lookupPlace(name)?.id).toBe(id);
  });

  it('ignores case, width, spacing, hyphens, apostrophes and diacritics', () => {
    for (const name of [
      'HOERYONG',
      'hoe ryong',
      'Hoe-ryong',
      'Hoeryŏng',
      'Ｈｏｅｒｙｏｎｇ',
      ' Hoeryong-si ',
      'Hoeryong City',
      '회령 시',
      '會寧',
      '会宁市',
    ]) {
      expect(lookupPlace(name)?.id, name).toBe('kp-hamn-hoeryong');
    }
    expect(lookupPlace("P'yŏngan-namdo")?.id).toBe('kp-pyas');
    expect(lookupPlace('Pyongan-namdo')?.id).toBe('kp-pyas');
    expect(lookupPlace('Ji’an')?.id).toBe('cn-jl-tonghua-jian');
    expect(lookupPlace('Jian')?.id).toBe('cn-jl-tonghua-jian');
  });

  it('accepts a name written in NFD (decomposed Hangul and accents)', () => {
    expect(lookupPlace('혜산시'.normalize('NFD'))?.id).toBe('kp-ryanggang-hyesan');
    expect(lookupPlace('Hyesan'.normalize('NFD'))?.id).toBe('kp-ryanggang-hyesan');
    expect(lookupPlace('Sinŭiju'.normalize('NFD'))?.id).toBe('kp-pyan-sinuiju');
  });

  it('reports shared names through lookupPlaceAll and returns nothing for unknown names', () => {
    expect(lookupPlaceAll('산시').map((p) => p.id)).toEqual(['cn-sn', 'cn-sx']);
    expect(lookupPlace('산시')).toBeUndefined();
    // Not a place of its own: North or South Hamgyong must be said.
    expect(lookupPlace('Hamgyong')).toBeUndefined();
    expect(lookupPlaceAll('吉林').map((p) => p.id)).toEqual(['cn-jl', 'cn-jl-jilin']);
    expect(lookupPlace('Atlantis')).toBeUndefined();
    expect(lookupPlace('')).toBeUndefined();
    expect(lookupPlace('   ')).toBeUndefined();
    expect(lookupPlace('시')).toBeUndefined();
    expect(lookupPlace('County')).toBeUndefined();
    // A suffix alone does not make a name: 안도 is Antu, not "안" + 도.
    expect(lookupPlace('안')).toBeUndefined();
  });
});

describe('lookupPlace with compound names', () => {
  it.each([
    ['함경북도 무산군', 'kp-hamn-musan'],
    ['함경북도무산군', 'kp-hamn-musan'],
    ['양강도 혜산시', 'kp-ryanggang-hyesan'],
    ['량강도혜산시', 'kp-ryanggang-hyesan'],
    ['Musan, North Hamgyong', 'kp-hamn-musan'],
    ['Hyesan Ryanggang Province', 'kp-ryanggang-hyesan'],
    ['吉林省延吉市', 'cn-jl-yanbian-yanji'],
    ['平安北道新义州', 'kp-pyan-sinuiju'],
    ['길림성 연변조선족자치주 훈춘시', 'cn-jl-yanbian-hunchun'],
    ['吉林 延边 和龙 南坪', 'cn-jl-yanbian-helong-nanping'],
    ['China / Jilin / Yanji', 'cn-jl-yanbian-yanji'],
  ])('%s -> %s', (name, id) => {
    expect(lookupPlace(name)?.id).toBe(id);
  });

  it('rejects parts that do not nest, and text that is not only place names', () => {
    expect(lookupPlace('Musan Hyesan')).toBeUndefined();
    expect(lookupPlace('양강도 무산군')).toBeUndefined();
    expect(lookupPlace('연길시 하남가 123')).toBeUndefined();
    expect(lookupPlace('the city of Yanji')).toBeUndefined();
  });
});

describe('hierarchy', () => {
  it('walks up from a crossing town to the country', () => {
    expect(ancestors('cn-jl-yanbian-helong-nanping').map((p) => p.id)).toEqual([
      'cn-jl-yanbian-helong',
      'cn-jl-yanbian',
      'cn-jl',
      'cn',
    ]);
    expect(provinceOf('cn-jl-yanbian-helong-nanping')?.id).toBe('cn-jl');
    expect(provinceOf('kp-hamn-musan')?.id).toBe('kp-hamn');
    expect(provinceOf('kp-rason')?.id).toBe('kp-rason');
    expect(provinceOf('cn')).toBeUndefined();
    expect(countryOf('kp-ryanggang-hyesan')?.id).toBe('kp');
    expect(countryOf('nowhere')).toBeUndefined();
    expect(ancestors('cn')).toEqual([]);
  });

  it('children are exactly the places whose parent is the given id', () => {
    for (const p of places) {
      const expected = places.filter((c) => c.parent === p.id).map((c) => c.id);
      expect(
        childrenOf(p.id).map((c) => c.id),
        p.id,
      ).toEqual(expected);
    }
    expect(childrenOf('kp-hamn-onsong').map((p) => p.id)).toEqual(['kp-hamn-onsong-namyang']);
  });

  it('names a place in the spelling asked for', () => {
    const r = getPlace('kp-ryanggang')!;
    expect(placeName(r, 'ko')).toBe('양강도');
    expect(placeName(r, 'ko', 'north')).toBe('량강도');
    expect(placeName(getPlace('kp-hamn')!, 'ko', 'north')).toBe('함경북도');
    expect(placeName(r, 'zh')).toBe('两江道');
    expect(placeName(r, 'en')).toBe('Ryanggang');
  });
});
