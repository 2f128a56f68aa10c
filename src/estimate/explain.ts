/**
 * Plain-language warnings and assumptions, for readers who are not statisticians: what each
 * model takes for granted, and what went wrong when an estimate should not be used.
 */

import { type LoglinearFit, type ProfileInterval } from './loglinear';
import { type CaptureTable, listTotals, observedTotal, pairOverlap, popcount } from './table';

/** What each model assumes, in words; list names make hierarchical models readable. */
export function modelAssumptions(model: string, lists?: readonly string[]): string {
  if (model === 'Mh' || model === 'Mth') {
    const lists =
      model === 'Mth'
        ? 'Lists may differ in coverage; '
        : 'Every list covers the same share of people; ';
    return `${lists}people differ in how likely they are to be recorded, in the same way on every list. Chao (LB) gives a lower bound (the true number may be higher); Poisson2, Darroch and Gamma3.5 each assume a form for those differences, and their estimates depend strongly on it.`;
  }
  if (model === 'M0') {
    return 'Everyone has the same chance of being on any list, and every list covers the same share of people.';
  }
  if (model === 'Mt') {
    return 'Lists record people independently of one another; lists may differ in coverage, but everyone has the same chance of being on a given list.';
  }
  if (model.startsWith('Mh ') || model.startsWith('Mth ')) {
    const het = model.includes('Chao')
      ? 'The Chao model gives a lower bound: the true number may be higher.'
      : `The form of the differences (${model.split(' ')[1]}) is assumed, and the estimate depends strongly on it.`;
    const lists = model.startsWith('Mth ')
      ? 'Lists may differ in coverage; '
      : 'Every list covers the same share of people; ';
    return `${lists}people differ in how likely they are to be recorded, in the same way on every list. ${het}`;
  }
  if (model === 'Mb' || model === 'Mbh') {
    return 'Being on a list changes the chance of being on the lists after it, so the order of the lists matters; this suits repeated surveys more than lists kept by different organisations.';
  }
  if (model.startsWith('[')) {
    const inter = model
      .slice(1, -1)
      .split(',')
      .filter((term) => term.length > 1);
    const named = inter.map((term) =>
      lists && lists.length <= 9
        ? [...term].map((d) => lists[Number(d) - 1] ?? d).join(' & ')
        : term,
    );
    const dep = inter.length
      ? `These groups of lists may depend on one another (being on one makes being on another more or less likely): ${named.join('; ')}; otherwise lists record people independently.`
      : 'Lists record people independently of one another.';
    return `${dep} Within this structure everyone is alike: no other dependence or differences between people.`;
  }
  if (model === 'LCMCR') {
    return 'People belong to a few hidden groups; within a group, lists record people independently. Differences between people and dependence between lists are allowed through the groups.';
  }
  if (model === 'dga') {
    return 'Averages over models in which lists may depend on one another (decomposable graphs), weighted by how well each fits; people are alike within each model.';
  }
  return 'Log-linear model given by the user.';
}

/** Plain-language reading of Rcapture's fitting warnings and of the estimate itself. */
export function loglinearWarnings(
  fit: LoglinearFit,
  observed: number,
  profile?: ProfileInterval | null,
): string[] {
  const out: string[] = [];
  const raw = fit.fitWarnings.join(' | ');
  if (!Number.isFinite(fit.abundance) || fit.abundance > 100 * observed) {
    out.push(
      'The estimate is unbounded: the data cannot tell how many were missed under this model (the estimate does not exist).',
    );
  }
  if (raw.includes('did not converge'))
    out.push('The fit did not converge, so this estimate cannot be relied on.');
  if (raw.includes('design matrix not of full rank')) {
    out.push(
      'Some parts of the model cannot be estimated from these data (too many parameters for the patterns seen).',
    );
  }
  if (raw.includes('fitted rates numerically 0')) {
    out.push(
      'Some expected counts are zero: the data sit at the edge of what the model allows; the estimate may be infinite or meaningless.',
    );
  }
  if (raw.includes('asymptotic bias is large')) {
    out.push(
      'The estimate may be biased by more than 10% of its value: too few people for this model.',
    );
  }
  if (!Number.isFinite(fit.stderr)) out.push('No standard error could be computed.');
  if (profile) {
    if (!Number.isFinite(profile.upper)) {
      out.push(
        `The upper end of the 95% interval could not be found: it lies above ${Math.round(profile.upperSearchLimit)}.`,
      );
    }
    if (profile.warnings.some((w) => w.includes('lower bound'))) {
      out.push('The lower end of the 95% interval is the number already documented.');
    }
  }
  return out;
}

/** Warnings about the table itself: too few people, lists that barely overlap, empty cells. */
export function tableWarnings(table: CaptureTable): string[] {
  const out: string[] = [];
  const t = table.lists.length;
  const n = observedTotal(table);
  if (t === 2) {
    out.push(
      'With two lists every estimate assumes they record people independently, and that cannot be checked from the data.',
    );
  }
  if (n < 30) out.push(`Only ${n} people are documented: any estimate will be very uncertain.`);
  const totals = listTotals(table);
  totals.forEach((c, i) => {
    if (c === 0) out.push(`List "${table.lists[i]}" has nobody on it; remove it.`);
    else if (c === n)
      out.push(
        `Everyone documented is on list "${table.lists[i]}": it tells nothing about who was missed.`,
      );
  });
  const noOverlap: string[] = [];
  for (let i = 0; i < t; i++) {
    for (let j = i + 1; j < t; j++) {
      if (totals[i] > 0 && totals[j] > 0 && pairOverlap(table, i, j) === 0) {
        noOverlap.push(`"${table.lists[i]}" and "${table.lists[j]}"`);
      }
    }
  }
  if (noOverlap.length) {
    out.push(
      `These lists have nobody in common: ${noOverlap.join(', ')}. Models letting them depend on each other have no finite estimate.`,
    );
  }
  let overlapping = 0;
  for (let m = 1; m < table.counts.length; m++)
    if (popcount(m) >= 2) overlapping += table.counts[m];
  if (n > 0 && overlapping < 10) {
    out.push(
      `Only ${overlapping} people are on more than one list: the overlap that drives every estimate is too small to trust.`,
    );
  }
  let empty = 0;
  for (let m = 1; m < table.counts.length; m++) if (table.counts[m] === 0) empty++;
  if (empty > (table.counts.length - 1) / 2) {
    out.push(
      `${empty} of the ${table.counts.length - 1} possible list combinations have nobody: the table is sparse, and complex models may have no estimate.`,
    );
  }
  return out;
}
