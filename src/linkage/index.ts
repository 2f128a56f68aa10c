/** Record linkage: the public API (see README.md). */
export {
  readPersonLists,
  parseColumnMap,
  InputError,
  type ColumnMap,
  type ReadOptions,
} from './input';
export { tableFromRows, valueOf, type RecordTable } from './records';
export {
  linkRecords,
  isTrained,
  type LinkOptions,
  type LinkageResult,
  type ReviewItem,
  type ProgressEvent,
} from './run';
export {
  defaultSettings,
  parseSettings,
  settingsToJson,
  levelLabels,
  linkageSettingsSchema,
  type LinkageSettings,
  type ComparisonSpec,
  type BlockingRule,
} from './settings';
export {
  ScoringModel,
  probabilityFromWeight,
  weightFromProbability,
  type PairExplanation,
  type FieldExplanation,
} from './model';
export { evaluateClusters, type EvaluationReport } from './evaluate';
export { readTruth } from './truth';
export { writeClusters, writePairs, writeReview } from './output';
export { resolveDecisions, type HumanDecision, type Verdict, type RecordRef } from './decisions';
export {
  FileLinkageRepository,
  newRunId,
  runRecord,
  type LinkageRepository,
  type LinkageRunRecord,
} from './repository';
export { givenNameKeys, surnameKeys, splitFullName, type NamePartKeys } from './names/keys';
export { canonicalHangul } from './names/canonical';
export { hangulSkeleton, latinSkeleton } from './names/skeleton';
