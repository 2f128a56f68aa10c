import { dayOf, type Day } from './dates';
import { BORDER_SEALED } from './facts';
import { SEALED_YEARS_LOGIT } from './organisations';
import type { Victim } from './population';
import type { Habits } from './record';
import { Rng } from './rng';

/** One organisation documenting one woman: on what day, and in how many records. */
export interface Capture {
  /** Index of the organisation in the run's list. */
  org: number;
  docDay: Day;
  /** 1, or 2 when she was interviewed twice and recorded under two ids. */
  copies: number;
}

const DAYS_PER_YEAR = 365;

/** The day her story could first be told to an organisation that is not inside China. */
function knownDay(victim: Victim): Day | undefined {
  switch (victim.situation) {
    case 'south_korea':
      return victim.arrivalDay;
    case 'repatriated':
      return victim.repatriationDay;
    case 'dead':
      return victim.events[victim.events.length - 1]?.start;
    case 'china':
      return undefined;
  }
}

/** The last day she was in China (or the horizon if she still is). */
function leftChinaDay(victim: Victim, horizon: Day): Day {
  return Math.min(horizon, victim.arrivalDay ?? victim.repatriationDay ?? horizon);
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Which organisations document this woman, and when. Each organisation's decision uses its own
 * generator (seed, person, organisation), so a list is the same whether 3 or 8 organisations are
 * generated; referrals only look at organisations earlier in the list. The noise level changes no
 * decision here except the chance of a second record, drawn from a number always drawn.
 *
 * `heterogeneity` scales every organisation's weight on the woman's latent visibility (1: the
 * profiles as written; 0: no latent heterogeneity, capture then depends only on where she ended
 * up, when, and referrals; 2: twice the spread). It changes probabilities, never the numbers
 * drawn, so the same seed keeps the same dates and the same uniform draws.
 */
export function documentation(
  victim: Victim,
  orgs: readonly Habits[],
  seed: number,
  horizon: Day,
  heterogeneity = 1,
): Capture[] {
  const captured = new Map<string, boolean>();
  const out: Capture[] = [];
  const sealedFrom = dayOf(BORDER_SEALED.from);
  const sealedTo = dayOf(BORDER_SEALED.to, 12, 31);
  orgs.forEach((habits, org) => {
    const profile = habits.profile;
    const rng = new Rng(seed, 'capture', victim.index, org);
    const insideChina = profile.reach.china > 0;
    const known = knownDay(victim);
    let docDay: Day;
    if (insideChina || known === undefined) {
      // Met while she was in China, at some point between a month after crossing and leaving.
      const from = victim.crossingDay + 30;
      const to = Math.max(from, leftChinaDay(victim, horizon));
      docDay = rng.int(from, to);
    } else {
      docDay = known + Math.round(rng.uniform(profile.lag[0], profile.lag[1]) * DAYS_PER_YEAR);
    }
    let logit =
      profile.base +
      heterogeneity * profile.visibility * victim.visibility +
      profile.reach[victim.situation];
    if (docDay >= sealedFrom && docDay <= sealedTo) logit += SEALED_YEARS_LOGIT;
    for (const [other, weight] of profile.referredBy) if (captured.get(other)) logit += weight;
    const u = rng.float();
    const second = rng.float();
    const isCaptured = docDay <= horizon && u < logistic(logit);
    captured.set(profile.id, isCaptured);
    if (isCaptured) out.push({ org, docDay, copies: second < habits.duplicate ? 2 : 1 });
  });
  return out;
}
