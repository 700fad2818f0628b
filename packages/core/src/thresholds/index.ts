export { DEFAULT_MIN_THRESHOLD, type SerializedThreshold, type Threshold } from './threshold.js';
export { PerFeatureThreshold } from './per-feature.js';
export { StdDevThreshold, type StdDevThresholdOptions } from './std-dev.js';
export { MaxPercentileThreshold, type MaxPercentileThresholdOptions } from './max-percentile.js';
export { RobustMadThreshold, MAD_TO_STD, type RobustMadThresholdOptions } from './robust-mad.js';
export { StaticThreshold, type StaticThresholdOptions } from './static.js';
export { SigmoidThreshold, type SigmoidThresholdOptions } from './sigmoid.js';
export { MahalanobisThreshold, type MahalanobisThresholdOptions } from './mahalanobis.js';
export {
  createThreshold,
  hasThreshold,
  registerThreshold,
  thresholdFromJSON,
  thresholdNames,
  type ThresholdFactory,
} from './registry.js';
