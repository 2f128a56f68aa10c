/**
 * Multiple systems estimation: how many people no list recorded. Pure numbers: capture-pattern
 * counts in, estimates out; this module never sees an identity.
 */

export {
  type CaptureTable,
  CaptureTableError,
  MAX_LISTS,
  listTotals,
  observedTotal,
  parseCaptureCsv,
  parseCaptureJson,
  patternString,
  tableFromCounts,
  tableFromHistories,
  tableFromPatterns,
  tableToCsv,
} from './table';
export {
  CLOSEDP_MODELS,
  CLOSEDP0_MODELS,
  type CaptureFrequencies,
  type ClosedpModelName,
  type CustomModelSpec,
  type Heterogeneity,
  type LoglinearFit,
  type ProfileInterval,
  fitClosedp,
  fitClosedp0,
  fitCustomModel,
  fitFrequencyModel,
  fitFrequencyNormal,
  fitPatternNormal,
  logNormalInterval,
} from './loglinear';
export {
  type HierarchicalFit,
  type HierarchicalModel,
  type ModelSearchOptions,
  type ModelSearchResult,
  enumerateHierarchicalModels,
  fitHierarchicalModel,
  fitHierarchicalRcapture,
  fitHierarchicalWithInterval,
  modelName,
  parseModelName,
  searchHierarchicalModels,
} from './hierarchical';
export { type LcmcrResult, type LcmcrSettings, LCMCR_DEFAULTS, runLcmcr } from './lcmcr';
export {
  type DgaOptions,
  type DgaResult,
  dgaModelAveraging,
  enumerateDecomposableGraphs,
} from './dga';
export {
  type EstimateOptions,
  type EstimateReport,
  type EstimationMethod,
  type LcmcrReport,
  type ModelReport,
  type SelectedEstimate,
  estimateFromHistories,
  estimateTable,
  reportToJson,
} from './estimate';
export {
  type StrataReport,
  type StrataTotal,
  type Stratum,
  type StratumResult,
  estimateStrata,
  strataTimelinePoints,
} from './strata';
export { modelAssumptions, tableWarnings } from './explain';
export {
  type PosteriorPlotInput,
  type StrataPlotInput,
  type StratumPoint,
  posteriorPlotSvg,
  strataTimelineSvg,
} from './plots';
