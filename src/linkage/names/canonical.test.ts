import { describe, expect, it } from 'vitest';
import { canonicalHangul, jamoString } from './canonical';

describe('canonicalHangul', () => {
  it.each([
    ['리', '이'],
    ['림', '임'],
    ['류', '유'],
    ['로', '노'],
    ['량', '양'],
    ['라', '나'],
    ['렴', '염'],
    ['려', '여'],
    ['녀', '여'],
    ['니', '이'],
    ['룡', '용'],
    ['련화', '연화'],
  ])('brings the North Korean %s to the South Korean %s', (north, south) => {
    expect(canonicalHangul(north)).toBe(south);
    expect(canonicalHangul(south)).toBe(south);
  });

  it('leaves syllables other than the first alone (영란 keeps 란)', () => {
    expect(canonicalHangul('영란')).toBe('영란');
    expect(canonicalHangul('리영란')).toBe('이영란');
  });

  it('does not touch syllables the law does not concern', () => {
    for (const s of ['김', '박', '나', '노', '남', '이', '유']) expect(canonicalHangul(s)).toBe(s);
  });

  it('reads decomposed jamo (NFD input) as syllables and ignores other characters', () => {
    expect(canonicalHangul('리'.normalize('NFD'))).toBe('이');
    expect(canonicalHangul(' 김 (Kim) ')).toBe('김');
    expect(canonicalHangul('Kim')).toBe('');
  });
});

describe('jamoString', () => {
  it('spells syllables letter by letter, dropping the silent initial ㅇ', () => {
    expect(jamoString('영희')).toBe('ㅕㅇㅎㅢ');
    expect(jamoString('김')).toBe('ㄱㅣㅁ');
  });
});
