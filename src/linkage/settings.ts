/**
 * A linkage model as data: which pairs to compare (blocking rules, OR-ed), how to compare them
 * (comparisons with ordered levels), how to train (random pairs for u, EM for m, deterministic
 * rules for the prior) and where to cut (thresholds). The same object, once trained, carries its
 * m, u and prior, so a run can be repeated and explained from its JSON alone.
 */
import { z } from 'zod';

/** Per-record keys blocking rules are made of. */
export const BLOCK_KEYS = [
  'family',
  'given',
  'given_initial',
  'given_first',
  'given_last',
  'birth_year',
  'birth_decade',
  'birth_date',
  'id_number',
  'sex',
  'home',
  'home_province',
  'place_in_china',
  'crossing_place',
  'address',
  'event_year',
  'no_given_name',
] as const;
export type BlockKey = (typeof BLOCK_KEYS)[number];

const blockingRule = z.object({
  name: z.string(),
  keys: z.array(z.enum(BLOCK_KEYS)).min(1),
  /** Blocks larger than this are not compared all-pairs but through a sliding window. */
  maxBlockSize: z.number().int().min(2).default(20),
  /** Window (records) of the sorted neighbourhood used inside an over-sized block. */
  window: z.number().int().min(2).default(4),
});
export type BlockingRule = z.infer<typeof blockingRule>;

const nameLevel = z.discriminatedUnion('type', [
  /** Same canonical Hangul, same characters, or same letters. */
  z.object({ type: z.literal('exact') }),
  /** Same romanisation skeleton, or a Korean reading guessed from pinyin that agrees. */
  z.object({ type: z.literal('variant') }),
  /** Same syllables in the other order (given names). */
  z.object({ type: z.literal('swapped') }),
  /** One letter (one jamo, for Hangul) changed, added, dropped, or two swapped: a typo. */
  z.object({ type: z.literal('one_edit') }),
  z.object({ type: z.literal('jaro_winkler'), min: z.number().min(0).max(1) }),
]);

const dateLevel = z.discriminatedUnion('type', [
  z.object({ type: z.literal('date_exact') }),
  /** Dates one typing error apart (one digit, two digits swapped, or day and month swapped). */
  z.object({ type: z.literal('date_near') }),
  /**
   * Same day and month, years at most `years` apart: the birthday is remembered, the year drifts
   * (Korean age counting, a guess).
   */
  z.object({ type: z.literal('day_month'), years: z.number().int().min(0) }),
  /**
   * Both full dates known and none of the levels before this one met (a different birthday),
   * years at most `years` apart when given. Levels after the last of these only see pairs where
   * a side lacks the day.
   */
  z.object({ type: z.literal('dates_differ'), years: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('year_within'), years: z.number().int().min(0) }),
]);

const identifierLevel = z.discriminatedUnion('type', [
  z.object({ type: z.literal('exact') }),
  /** One character changed, added, dropped or two swapped. */
  z.object({ type: z.literal('one_edit') }),
]);

const placeLevel = z.discriminatedUnion('type', [
  /** The same place (same gazetteer id, or the same normalised name when unknown to it). */
  z.object({ type: z.literal('same_place') }),
  /**
   * Places that may be the same, written at different precision: one inside the other (Yanji
   * and Yanbian; a county and its province), or only the province known on one side.
   */
  z.object({ type: z.literal('nested') }),
  z.object({ type: z.literal('same_province') }),
  z.object({ type: z.literal('jaro_winkler'), min: z.number().min(0).max(1) }),
]);

const textLevel = z.discriminatedUnion('type', [
  z.object({ type: z.literal('exact') }),
  z.object({ type: z.literal('jaro_winkler'), min: z.number().min(0).max(1) }),
]);

const fitted = {
  /** P(level | match), one per level plus the final "else" level; filled by training. */
  m: z.array(z.number()).optional(),
  /** P(level | non-match), likewise. */
  u: z.array(z.number()).optional(),
  /** Term-frequency adjustment on agreeing levels (exact, variant): rare values weigh more. */
  tf: z.boolean().default(false),
};

const comparison = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('name'),
    name: z.string(),
    part: z.enum(['family', 'given']),
    levels: z.array(nameLevel),
    ...fitted,
  }),
  z.object({ kind: z.literal('date'), name: z.string(), levels: z.array(dateLevel), ...fitted }),
  z.object({
    kind: z.literal('identifier'),
    name: z.string(),
    column: z.enum(['id_number', 'sex']),
    levels: z.array(identifierLevel),
    ...fitted,
  }),
  z.object({
    kind: z.literal('place'),
    name: z.string(),
    /** Home (home_county, falling back to home_province), or one place column. */
    place: z.enum(['home', 'place_in_china', 'crossing_place']),
    levels: z.array(placeLevel),
    ...fitted,
  }),
  z.object({
    /** Other names (other_names): a name she was given in China, written in two records. */
    kind: z.literal('alias'),
    name: z.string(),
    levels: z.array(z.object({ type: z.literal('exact') })),
    ...fitted,
  }),
  z.object({
    kind: z.literal('year'),
    name: z.string(),
    column: z.enum(['event_year']),
    levels: z.array(z.object({ type: z.literal('year_within'), years: z.number().int().min(0) })),
    ...fitted,
  }),
  z.object({
    /**
     * Whether the two records come from one list: an organisation seldom documents one woman
     * twice, so a pair inside a list is less often a match than a pair across lists.
     */
    kind: z.literal('source'),
    name: z.string(),
    levels: z.array(z.object({ type: z.literal('same_list') })),
    ...fitted,
  }),
  z.object({
    kind: z.literal('text'),
    name: z.string(),
    column: z.enum(['address', 'notes']),
    levels: z.array(textLevel),
    ...fitted,
  }),
]);
export type ComparisonSpec = z.infer<typeof comparison>;
export type NameLevel = z.infer<typeof nameLevel>;
export type DateLevel = z.infer<typeof dateLevel>;
export type IdentifierLevel = z.infer<typeof identifierLevel>;
export type PlaceLevel = z.infer<typeof placeLevel>;
export type TextLevel = z.infer<typeof textLevel>;

export const linkageSettingsSchema = z.object({
  version: z.literal(1).default(1),
  /** dedupe_and_link: duplicates within a list count too; link_only: only across lists. */
  linkType: z.enum(['dedupe_and_link', 'link_only']).default('dedupe_and_link'),
  blockingRules: z.array(blockingRule).min(1),
  comparisons: z.array(comparison).min(1),
  training: z
    .object({
      /** Random pairs drawn to estimate u. */
      uSamplePairs: z.number().int().min(1000).default(300_000),
      /**
       * Rules (keys as for blocking) whose agreeing candidate pairs EM trains m on, one session
       * each; a session trains the comparisons its keys do not bias.
       */
      emRules: z.array(z.array(z.enum(BLOCK_KEYS)).min(1)).min(1),
      /** Rules whose pairs surely match, to estimate the prior; keys as for blocking. */
      deterministicRules: z.array(z.array(z.enum(BLOCK_KEYS)).min(1)).min(1),
      /**
       * Share of true matches the deterministic rules find. When absent it is estimated: the
       * deterministic pairs divided by the matches EM expects among all candidate pairs.
       */
      deterministicRecall: z.number().gt(0).max(1).optional(),
      /**
       * Pairs each EM session trains on at most: all pairs agreeing on its rule when there are
       * fewer, else a uniform sample of them.
       */
      sessionPairs: z.number().int().min(1000).default(400_000),
      /** Candidate pairs trained on at most (every k-th pair beyond this). */
      maxPairs: z.number().int().min(1000).default(3_000_000),
      maxIterations: z.number().int().min(1).default(50),
      tolerance: z.number().positive().default(1e-5),
    })
    .prefault({
      emRules: [['family', 'given'], ['birth_date'], ['given', 'birth_year'], ['id_number']],
      deterministicRules: [['id_number']],
    }),
  /**
   * Probability at or above which two records are linked. The default links a pair when a match
   * is more likely than not: the trained prior and m make probabilities calibrated, and a missed
   * link harms an estimate as much as a false one (it reads as a woman seen by one list only).
   */
  threshold: z.number().gt(0).lt(1).default(0.5),
  /** Pairs with a probability in [low, high) go to the review queue. */
  review: z
    .object({
      low: z.number().min(0).max(1).default(0.2),
      high: z.number().min(0).max(1).default(0.9),
    })
    .prefault({}),
  /**
   * Chaining guard: a cluster is split when two of its records score this many bits below the
   * threshold's match weight (each of them linked only through others).
   */
  chainGuardBits: z.number().positive().default(5),
  /** Largest cluster the guard checks pair by pair; bigger ones are cut at their weakest links first. */
  maxClusterSize: z.number().int().min(2).default(60),
  /** Pairs below this probability are not kept after scoring (pairs.csv, review). */
  keepPairsAbove: z.number().min(0).max(1).default(0.2),
  /** Trained prior: probability that two random records match. */
  prior: z.number().gt(0).lt(1).optional(),
});
export type LinkageSettings = z.infer<typeof linkageSettingsSchema>;
export type LinkageSettingsInput = z.input<typeof linkageSettingsSchema>;

// No one_edit level by default: on synthetic lists it was no evidence (m close to u; Korean
// names of two syllables are one letter apart from many others); typos in surnames meet through
// the table's near spellings instead (variant).
const NAME_LEVELS: NameLevel[] = [
  { type: 'exact' },
  { type: 'variant' },
  { type: 'jaro_winkler', min: 0.92 },
  { type: 'jaro_winkler', min: 0.88 },
  { type: 'jaro_winkler', min: 0.7 },
];

/**
 * Defaults for person lists: Korean-aware names with term-frequency adjustment, birth dates that
 * drift by a year or two, identifiers, home and places in China, addresses; blocking rules that
 * each catch what the others miss (a misspelt surname, a wrong birth year, a missing name).
 */
export function defaultSettings(overrides: Partial<LinkageSettingsInput> = {}): LinkageSettings {
  return parseSettings({
    blockingRules: [
      { name: 'name', keys: ['family', 'given'] },
      // Every rule below catches pairs the name's own block misses: a large block (김영희) is
      // only compared through a window, and a name can be misspelt.
      { name: 'name+event', keys: ['family', 'given', 'event_year'] },
      // A misspelt surname: the given name and the birth year, or her home county.
      { name: 'given+year', keys: ['given', 'birth_year'] },
      { name: 'given+home', keys: ['given', 'home'] },
      // A misspelt given name: its first or last syllable, and the year she crossed.
      { name: 'family+first+event', keys: ['family', 'given_first', 'event_year'] },
      { name: 'family+last+event', keys: ['family', 'given_last', 'event_year'] },
      // Lists of one name only (restaurants, organisations): surname-like name and place.
      { name: 'name+place', keys: ['no_given_name', 'family', 'place_in_china'] },
      { name: 'birth_date', keys: ['birth_date'] },
      { name: 'id_number', keys: ['id_number'] },
      { name: 'address', keys: ['address'] },
    ],
    comparisons: [
      { kind: 'name', name: 'family_name', part: 'family', levels: NAME_LEVELS, tf: true },
      {
        kind: 'name',
        name: 'given_name',
        part: 'given',
        // No jw>=0.7 level: given names that far apart are different names, as much as those
        // further apart (m/u alike), and ruling them out needs no Jaro-Winkler at all.
        levels: [NAME_LEVELS[0], NAME_LEVELS[1], { type: 'swapped' }, ...NAME_LEVELS.slice(2, 4)],
        tf: true,
      },
      { kind: 'alias', name: 'other_names', levels: [{ type: 'exact' }], tf: true },
      {
        kind: 'date',
        name: 'birth',
        tf: true,
        levels: [
          { type: 'date_exact' },
          { type: 'date_near' },
          { type: 'day_month', years: 2 },
          { type: 'dates_differ', years: 1 },
          { type: 'dates_differ' },
          { type: 'year_within', years: 0 },
          { type: 'year_within', years: 1 },
          { type: 'year_within', years: 2 },
        ],
      },
      {
        kind: 'identifier',
        name: 'id_number',
        column: 'id_number',
        levels: [{ type: 'exact' }, { type: 'one_edit' }],
      },
      { kind: 'identifier', name: 'sex', column: 'sex', levels: [{ type: 'exact' }] },
      { kind: 'source', name: 'list', levels: [{ type: 'same_list' }] },
      {
        kind: 'place',
        name: 'home',
        place: 'home',
        levels: [{ type: 'same_place' }, { type: 'nested' }, { type: 'same_province' }],
        tf: true,
      },
      {
        kind: 'place',
        name: 'place_in_china',
        place: 'place_in_china',
        levels: [
          { type: 'same_place' },
          { type: 'nested' },
          { type: 'same_province' },
          { type: 'jaro_winkler', min: 0.88 },
        ],
        tf: true,
      },
      {
        kind: 'place',
        name: 'crossing_place',
        place: 'crossing_place',
        levels: [{ type: 'same_place' }, { type: 'same_province' }],
        tf: true,
      },
      {
        kind: 'year',
        name: 'event_year',
        column: 'event_year',
        tf: true,
        levels: [
          { type: 'year_within', years: 0 },
          { type: 'year_within', years: 1 },
          { type: 'year_within', years: 3 },
        ],
      },
      {
        kind: 'text',
        name: 'address',
        column: 'address',
        levels: [
          { type: 'exact' },
          { type: 'jaro_winkler', min: 0.9 },
          { type: 'jaro_winkler', min: 0.7 },
        ],
      },
    ],
    training: {
      // Rules whose pairs are matches often enough for EM to tell them apart. Not surname +
      // birth year, nor the name alone: a fifth of Koreans are called 김 and a few hundred given
      // names cover most women, so in a large list such pairs are mostly different women alike
      // in cohort and region, and EM takes that likeness for the match class. The name with
      // one more fact keeps matches dense however long the lists grow.
      emRules: [
        ['family', 'given', 'home'],
        ['family', 'given', 'place_in_china'],
        ['family', 'given', 'birth_year'],
        ['birth_date'],
        ['given', 'birth_year'],
        ['id_number'],
      ],
      deterministicRules: [['id_number'], ['family', 'given', 'birth_date']],
    },
    ...overrides,
  });
}

/** Validates settings (from JSON or code) and fills defaults; throws a ZodError naming the path. */
export function parseSettings(input: unknown): LinkageSettings {
  return linkageSettingsSchema.parse(input);
}

/** The settings as JSON text (trained m, u and prior included when present). */
export function settingsToJson(settings: LinkageSettings): string {
  return JSON.stringify(settings, null, 2);
}

/** Labels of a comparison's levels, for explanations and reports: 'exact', 'jw>=0.92', ... */
export function levelLabels(spec: ComparisonSpec): string[] {
  const labels = spec.levels.map((level) => {
    switch (level.type) {
      case 'jaro_winkler':
        return `jw>=${level.min}`;
      case 'year_within':
        return level.years === 0 ? 'same_year' : `year±${level.years}`;
      case 'dates_differ':
        return level.years === undefined ? 'dates_differ' : `dates_differ,year±${level.years}`;
      default:
        return level.type;
    }
  });
  return [...labels, 'else'];
}
