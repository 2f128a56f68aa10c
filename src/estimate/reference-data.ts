/**
 * Typed view of the published MSE datasets file (../shared/datasets/mse/datasets.json) used by
 * the tests and benchmarks: counts by capture pattern and reference outputs of the R packages.
 * The file itself is never copied into the repository.
 */

import { readFileSync } from 'node:fs';
import { type CaptureFrequencies } from './loglinear';
import { type CaptureTable, tableFromPatterns } from './table';

export interface ReferenceFit {
  model?: string;
  formula?: string;
  abundance: number;
  stderr: number;
  deviance: number;
  df: number;
  AIC: number;
  BIC: number;
  infoFit: number;
  infCL?: number;
  supCL?: number;
  profileCI_multinomial?: {
    abundance: number;
    lower?: number;
    upper?: number | string;
    infCL?: number;
    supCL?: number | string;
    infoCI: number;
  };
}

export interface ReferenceDataset {
  id: string;
  title: string;
  lists?: { code: string; name?: string }[];
  counts?: { pattern: string; count: number }[];
  n_observed: number;
  t_occasions?: number | string;
  frequencies?: { times_captured: number; units: number }[];
  computed_reference_outputs: Record<string, unknown>;
}

export interface ReferenceFile {
  datasets: ReferenceDataset[];
  simulation_scenarios: {
    id: string;
    strata:
      | { size: number; list_probs: number[] }[]
      | Record<string, { size: number; list_probs: number[] }[]>;
  }[];
}

export function loadReferenceFile(path: string): ReferenceFile {
  return JSON.parse(readFileSync(path, 'utf8')) as ReferenceFile;
}

export function referenceTable(ds: ReferenceDataset): CaptureTable {
  if (!ds.lists || !ds.counts) throw new Error(`dataset ${ds.id} has no capture patterns`);
  return tableFromPatterns(
    ds.lists.map((l) => l.code),
    ds.counts,
  );
}

export function referenceFrequencies(ds: ReferenceDataset, t0?: number): CaptureFrequencies {
  if (!ds.frequencies) throw new Error(`dataset ${ds.id} has no capture frequencies`);
  const freqs: number[] = [];
  for (const f of ds.frequencies) freqs[f.times_captured - 1] = f.units;
  for (let i = 0; i < freqs.length; i++) freqs[i] ??= 0;
  const t = typeof ds.t_occasions === 'number' ? ds.t_occasions : Infinity;
  return { frequencies: freqs, t, t0 };
}
