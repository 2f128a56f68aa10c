import { describe, expect, it } from 'vitest';
import { compactVault, normaliseIdNumberForKey, normaliseNameForKey } from './vault';

/** The definitions the key normal forms must keep (the fast path skips NFKC where it is a no-op). */
const byDefinition = {
  name: (s: string) =>
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}]+/gu, ''),
  id: (s: string) =>
    s
      .normalize('NFKC')
      .toUpperCase()
      .replace(/[^\p{L}\p{N}]+/gu, ''),
};

describe('blind-key normal forms', () => {
  const samples = [
    'Kim Sun-hui',
    '김순희',
    '金顺姬',
    'Myong-ok',
    'ＫＩＭ',
    'ﬁona',
    'Ｍ１２３－４５６',
    '010-1234-5678',
    'Ri\u00a0Un',
    'Jose\u0301',
    'José',
    '각\u1100\u1161',
    '\u1100\u1161\u11a8',
    '㈜',
    '①②',
    '丽\uf900',
    '',
    'a.b,c;d e\tf',
    '𠀀 name',
  ];
  it('are exactly NFKC, case-folded, without spaces and punctuation, in every script', () => {
    for (const s of samples) {
      expect(normaliseNameForKey(s)).toBe(byDefinition.name(s));
      expect(normaliseIdNumberForKey(s)).toBe(byDefinition.id(s));
    }
    expect(normaliseNameForKey('ＫＩＭ Sun-hui')).toBe('kimsunhui');
    expect(normaliseIdNumberForKey('ｍ１２３-456')).toBe('M123456');
  });

  it('compactVault drops what is unknown and keeps the rest', () => {
    expect(compactVault({ a: '', b: undefined, c: [], d: {}, e: 'x', f: ['y'] })).toEqual({
      e: 'x',
      f: ['y'],
    });
    expect(compactVault({ a: '' })).toBeUndefined();
  });
});
