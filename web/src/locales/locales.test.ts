import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ko } from './ko';
import { zh } from './zh';

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}

function leaves(tree: Tree): string[] {
  return Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v)));
}

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('web app strings', () => {
  it('has exactly the same keys in Korean, English and Chinese', () => {
    const enKeys = keys(en).sort();
    expect(keys(ko as Tree).sort()).toEqual(enKeys);
    expect(keys(zh as Tree).sort()).toEqual(enKeys);
  });

  it('has no empty string, and Korean and Chinese are written in their scripts', () => {
    for (const tree of [en, ko, zh] as Tree[])
      for (const s of leaves(tree)) expect(s.trim()).not.toBe('');
    const hangul = leaves(ko as Tree).filter((s) => /[\uac00-\ud7a3]/.test(s)).length;
    const han = leaves(zh as Tree).filter((s) => /[\u4e00-\u9fff]/.test(s)).length;
    expect(hangul / leaves(ko as Tree).length).toBeGreaterThan(0.85);
    expect(han / leaves(zh as Tree).length).toBeGreaterThan(0.85);
  });

  it('defines every literal key the code asks for, and a prefix for every computed one', () => {
    const defined = new Set(keys(en).map((k) => k.replace(/_(one|other)$/, '')));
    const prefixes = new Set([...defined].map((k) => k.slice(0, k.lastIndexOf('.') + 1)));
    const missing: string[] = [];
    let asked = 0;
    for (const file of sourceFiles(srcDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        asked++;
        if (!defined.has(m[1]!)) missing.push(`${path.basename(file)}: ${m[1]}`);
      }
      for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]+\.)\$\{/g)) {
        if (!prefixes.has(m[1]!)) missing.push(`${path.basename(file)}: ${m[1]}*`);
      }
      for (const m of text.matchAll(/key: '([a-zA-Z0-9_.]+)'/g)) {
        if (!defined.has(m[1]!)) missing.push(`${path.basename(file)}: ${m[1]}`);
      }
    }
    expect(asked).toBeGreaterThan(150);
    expect(missing).toEqual([]);
  });
});
