/**
 * The known truth behind a synthetic population (population.jsonl, written by `jayu synth`):
 * what a report's estimates are scored against. Only counts and prices are read; the names and
 * dates in the file are never kept.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { SALE_KINDS, type Period } from '../statistics';
import { ReportInputError } from './synth-dir';

export interface SynthTruth {
  period: Period;
  /** Women who crossed in the period. */
  women: number;
  /** Women who crossed in the period, by year. */
  womenByYear: Record<string, number>;
  /** Sales of those women and their total price (CNY), by kind. */
  sales: Record<string, { count: number; totalCny: number }>;
  /** Total sale revenue per year of the period, CNY. */
  revenuePerYearCny: number;
}

interface HiddenPerson {
  crossingDate?: string;
  sales?: { kind: string; price?: number }[];
}

export async function readSynthTruth(dir: string, period: Period): Promise<SynthTruth> {
  const file = path.join(dir, 'population.jsonl');
  if (!existsSync(file)) {
    throw new ReportInputError(
      `population.jsonl not found in ${dir}: run 'jayu synth' without --no-hidden`,
    );
  }
  const sales: SynthTruth['sales'] = Object.fromEntries(
    SALE_KINDS.map((k) => [k, { count: 0, totalCny: 0 }]),
  );
  const womenByYear: Record<string, number> = {};
  let women = 0;
  let total = 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const p = JSON.parse(line) as HiddenPerson;
    const year = p.crossingDate ? Number(p.crossingDate.slice(0, 4)) : NaN;
    if (!(year >= period.from && year <= period.to)) continue;
    women++;
    womenByYear[year] = (womenByYear[year] ?? 0) + 1;
    for (const s of p.sales ?? []) {
      const slot = sales[s.kind] ?? (sales[s.kind] = { count: 0, totalCny: 0 });
      slot.count++;
      if (typeof s.price === 'number') {
        slot.totalCny += s.price;
        total += s.price;
      }
    }
  }
  return {
    period,
    women,
    womenByYear,
    sales,
    revenuePerYearCny: total / (period.to - period.from + 1),
  };
}
