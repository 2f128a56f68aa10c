/**
 * `jayu stats`: counts of the organisation's records by source, violation, event type, home
 * province and year (the keys of src/store/stats.ts). Internal figures for the organisation's
 * own users: published statistics go through the report layer (consent, small-cell suppression).
 */
import type { Command } from 'commander';
import { placeName, getPlace } from '../../model/gazetteer';
import { label } from '../../model/vocabularies';
import { storeStats, type StoreStats } from '../../store/stats';
import { organisationOf } from './import';
import { storeOptions, withUser, type StoreCliOptions } from './init';

interface StatsCommandOptions extends StoreCliOptions {
  json: boolean;
  source?: string[];
}

function table(
  title: string,
  counts: Record<string, number>,
  name: (key: string) => string = (k) => k,
): string {
  const rows = Object.entries(counts);
  if (rows.length === 0) return `${title}: none\n`;
  const width = Math.max(...rows.map(([k]) => name(k).length));
  return `${title}:\n${rows.map(([k, n]) => `  ${name(k).padEnd(width)}  ${String(n).padStart(8)}`).join('\n')}\n`;
}

const safeLabel = (vocab: 'violations' | 'eventTypes') => (code: string) => {
  try {
    return `${label(vocab, code, 'en')} (${code})`;
  } catch {
    return code;
  }
};

/** Stats as text for the terminal. */
export function formatStats(stats: StoreStats): string {
  const province = (id: string) => {
    const place = getPlace(id);
    return place ? `${placeName(place, 'en')} (${id})` : id;
  };
  return [
    `records: ${stats.records}    cases: ${stats.cases}\n`,
    table('records by source', stats.recordsBySource),
    table('acts by violation', stats.byViolation, safeLabel('violations')),
    table('events by type', stats.byEventType, safeLabel('eventTypes')),
    table('records by home province', stats.byHomeProvince, province),
    table('records by crossing year', stats.byCrossingYear),
    table('records by repatriated', stats.repatriated),
    table('cases by interview year', stats.byInterviewYear),
  ].join('\n');
}

export function register(program: Command): void {
  storeOptions(
    program
      .command('stats')
      .description(
        'Counts of your organisation’s records by source, violation, event type, home province and year.',
      ),
    { login: true },
  )
    .option('--json', 'print JSON (keys as in population.json "documented" of jayu synth)', false)
    .option('--source <id...>', 'only these sources (lists)')
    .action(async (opts: StatsCommandOptions) => {
      await withUser(opts, async (session, store) => {
        const organisationId = organisationOf(session);
        await session.require('stats.read', { organisationId });
        const stats = await storeStats(store.db, { organisationId, sources: opts.source });
        process.stdout.write(
          opts.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats),
        );
      });
    });
}
