import { describe, expect, it } from 'vitest';
import { lookupForms, normaliseName, stripSuffix } from './normalise';

describe('normaliseName', () => {
  it('folds case, width, diacritics, apostrophes, hyphens and spaces', () => {
    expect(normaliseName("P'yŏngan-namdo")).toBe('pyongannamdo');
    expect(normaliseName('P’YŎNGAN NAMDO')).toBe('pyongannamdo');
    expect(normaliseName('Ｙａｎｊｉ')).toBe('yanji');
    expect(normaliseName("Jí'ān")).toBe('jian');
    expect(normaliseName('Hamgyŏng‐bukto')).toBe('hamgyongbukto'); // U+2010 hyphen
  });

  it('keeps Hangul and Chinese characters, whatever their normal form', () => {
    expect(normaliseName('혜산 시')).toBe('혜산시');
    expect(normaliseName('혜산시'.normalize('NFD'))).toBe('혜산시');
    expect(normaliseName('延吉市')).toBe('延吉市');
  });
});

describe('stripSuffix', () => {
  it('removes an administrative suffix and says what it means', () => {
    expect(stripSuffix('혜산시')).toEqual({ base: '혜산', hint: 'city' });
    expect(stripSuffix('hyesansi')).toEqual({ base: 'hyesan', hint: 'city' });
    expect(stripSuffix('hyesanshi')).toEqual({ base: 'hyesan', hint: 'city' });
    expect(stripSuffix('吉林省')).toEqual({ base: '吉林', hint: 'province' });
    expect(stripSuffix('연변조선족자치주')).toEqual({ base: '연변', hint: 'prefecture' });
    expect(stripSuffix('yanbiankoreanautonomousprefecture')).toEqual({
      base: 'yanbian',
      hint: 'prefecture',
    });
    expect(stripSuffix('musangun')).toEqual({ base: 'musan', hint: 'county' });
  });

  it('leaves names that only end like a suffix', () => {
    expect(stripSuffix('안도')).toBeUndefined(); // Antu, not 안 + 도
    expect(stripSuffix('ando')).toBeUndefined();
    expect(stripSuffix('온성')).toBeUndefined();
    expect(stripSuffix('시')).toBeUndefined();
    expect(stripSuffix('yanji')).toBeUndefined();
    // A Latin suffix is not cut from a Hangul name, nor the reverse.
    expect(stripSuffix('혜산si')).toBeUndefined();
  });
});

describe('lookupForms', () => {
  it('yields the key, then up to two suffixes removed', () => {
    expect([...lookupForms('안도현')].map((f) => f.form)).toEqual(['안도현', '안도']);
    expect([...lookupForms('hyesancity')]).toEqual([
      { form: 'hyesancity', hints: [] },
      { form: 'hyesan', hints: ['city'] },
    ]);
  });
});
