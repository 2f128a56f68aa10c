/** Korean name facts and renderers: what a name is, and every way it gets written. */
export {
  applyInitialSoundLaw,
  compose,
  decompose,
  isHangulWord,
  isSyllable,
  FINALS,
  INITIALS,
  VOWELS,
  type Jamo,
} from './hangul';
export { SURNAMES, surnameByHanja, surnamesByHangul, type Surname } from './surnames';
export { GIVEN_SYLLABLES, givenNorth, givenSouth, type GivenSyllable } from './given';
export {
  capitalise,
  pickWeighted,
  romaniseDPRK,
  romaniseMR,
  romanisePassport,
  romaniseRR,
  type DprkOptions,
  type MrOptions,
  type PassportOptions,
  type RandomSource,
  type RrOptions,
} from './romanise';
export {
  fullName,
  isCharacterScript,
  NAME_SCRIPTS,
  renderGiven,
  renderName,
  renderSurname,
  type KoreanName,
  type NameScript,
  type RenderedName,
} from './render';
