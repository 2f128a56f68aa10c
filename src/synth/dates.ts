/** Days since 1970-01-01 (UTC): trajectories add and compare days, records print dates. */
export type Day = number;

const MS_PER_DAY = 86_400_000;

export function dayOf(year: number, month = 1, date = 1): Day {
  return Math.floor(Date.UTC(year, month - 1, date) / MS_PER_DAY);
}

/**
 * Year, month, day of a day number, by the civil-from-days algorithm (H. Hinnant, public
 * domain): millions of dates are printed, and Date#toISOString is slow.
 */
export function civilOf(day: Day): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const date = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, date];
}

const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/** `YYYY-MM-DD`. */
export function isoOf(day: Day): string {
  const [y, m, d] = civilOf(day);
  return `${y}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`;
}

export function yearOf(day: Day): number {
  return civilOf(day)[0];
}

/** Number of days in a year. */
export function daysIn(year: number): number {
  return dayOf(year + 1) - dayOf(year);
}
