export { aggregateWindow, aggregateFeatures, type WindowAggregation, type FeatureAggregation } from './aggregate.js';
export { normaliseScore, adjustByStatic, DEFAULT_NORMALISE, type NormaliseOptions } from './normalise.js';
export { WindowScorer, type WindowScore, type WindowScorerOptions } from './window-scorer.js';
export { staticRatios, limitsInFeatureOrder, type FeatureLimit } from './static-score.js';
export { DriftMonitor, type DriftOptions } from './drift.js';
