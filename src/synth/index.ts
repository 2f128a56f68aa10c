/** Synthetic population with ground truth: see README.md for the files and their formats. */
export {
  DEFAULT_YEARS,
  synthesise,
  SynthOptionError,
  type SynthOptions,
  type SynthResult,
} from './synthesise';
export {
  generateVictim,
  entityIdOf,
  type Victim,
  type Situation,
  type TrueEvent,
} from './population';
export {
  ORGANISATIONS,
  MAX_SOURCES,
  type OrganisationProfile,
  type NoiseLevel,
} from './organisations';
export type { PopulationJson, PopulationCounts, DocumentedCounts } from './summary';
