import type { CrossingPair } from './types';

/** The main crossing points: a DPRK place and the PRC place across the river from it. */
export const crossingPairs: readonly CrossingPair[] = [
  { id: 'sinuiju-dandong', dprk: 'kp-pyan-sinuiju', prc: 'cn-ln-dandong', river: 'yalu' },
  {
    id: 'hyesan-changbai',
    dprk: 'kp-ryanggang-hyesan',
    prc: 'cn-jl-baishan-changbai',
    river: 'yalu',
  },
  { id: 'manpo-jian', dprk: 'kp-chagang-manpo', prc: 'cn-jl-tonghua-jian', river: 'yalu' },
  {
    id: 'junggang-linjiang',
    dprk: 'kp-chagang-junggang',
    prc: 'cn-jl-baishan-linjiang',
    river: 'yalu',
  },
  {
    id: 'musan-nanping',
    dprk: 'kp-hamn-musan',
    prc: 'cn-jl-yanbian-helong-nanping',
    river: 'tumen',
  },
  {
    id: 'hoeryong-sanhe',
    dprk: 'kp-hamn-hoeryong',
    prc: 'cn-jl-yanbian-longjing-sanhe',
    river: 'tumen',
  },
  // The Tumen bridge runs from Namyang, in Onsong county.
  { id: 'onsong-tumen', dprk: 'kp-hamn-onsong', prc: 'cn-jl-yanbian-tumen', river: 'tumen' },
  {
    id: 'kyongwon-hunchun',
    dprk: 'kp-hamn-saeppyol',
    prc: 'cn-jl-yanbian-hunchun',
    river: 'tumen',
  },
  { id: 'rason-hunchun', dprk: 'kp-rason', prc: 'cn-jl-yanbian-hunchun', river: 'tumen' },
];
