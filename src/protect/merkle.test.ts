import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  leafHashesOf,
  MerkleFrontier,
  treeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

// The certificate-transparency reference test tree (8 leaves) and its published roots.
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const hashes = LEAVES.map((l) => leafHash(Buffer.from(l, 'hex')));
const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));

function leavesOf(n: number) {
  return leafHashesOf(Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`))));
}

describe('RFC 6962 tree hash', () => {
  it('matches the reference roots for 0..8 leaves, recursively and incrementally', () => {
    const frontier = new MerkleFrontier();
    expect(frontier.root().toString('hex')).toBe(ROOTS[0]);
    expect(EMPTY_ROOT.toString('hex')).toBe(ROOTS[0]);
    for (let n = 1; n <= 8; n++) {
      expect(treeHash(leafHashesOf(hashes.slice(0, n))).toString('hex')).toBe(ROOTS[n]);
      frontier.push(hashes[n - 1]);
      expect(frontier.root().toString('hex')).toBe(ROOTS[n]);
    }
  });

  it('matches the reference inclusion and consistency proofs', () => {
    const tree = leafHashesOf(hashes);
    expect(hex(inclusionProof(tree, 0, 8))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hex(consistencyProof(tree, 1, 8))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hex(consistencyProof(tree, 6, 8))).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(hex(consistencyProof(tree, 2, 5))).toEqual([
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ]);
  });

  it('every inclusion proof of trees up to 40 leaves verifies, and fails when altered', () => {
    for (let n = 1; n <= 40; n++) {
      const tree = leavesOf(n);
      const root = treeHash(tree);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(tree, i, n);
        expect(verifyInclusion(tree.at(i), i, n, proof, root)).toBe(true);
        if (n > 1) expect(verifyInclusion(tree.at(i), (i + 1) % n, n, proof, root)).toBe(false);
        if (proof.length > 0) {
          const bad = proof.map((p) => Buffer.from(p));
          bad[0][0] ^= 1;
          expect(verifyInclusion(tree.at(i), i, n, bad, root)).toBe(false);
          expect(verifyInclusion(tree.at(i), i, n, proof.slice(1), root)).toBe(false);
        }
      }
    }
  });

  it('every consistency proof of trees up to 40 leaves verifies, and fails for another tree', () => {
    const big = leavesOf(40);
    for (let n = 1; n <= 40; n++) {
      const rootN = treeHash(big, 0, n);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(big, m, n);
        const rootM = treeHash(big, 0, m);
        expect(verifyConsistency(m, n, rootM, rootN, proof)).toBe(true);
        if (m < n) {
          const forged = Buffer.from(rootM);
          forged[5] ^= 0x80;
          expect(verifyConsistency(m, n, forged, rootN, proof)).toBe(false);
          expect(verifyConsistency(m, n, rootM, forged, proof)).toBe(false);
          expect(verifyConsistency(m, n, rootM, rootN, proof.slice(0, -1))).toBe(false);
        }
      }
    }
  });
});
