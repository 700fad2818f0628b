export type { OnlineDetector, SerializedOnlineDetector } from './detector.js';
export { EwmaZScore, type EwmaZScoreOptions } from './ewma-zscore.js';
export { RobustMedian, type RobustMedianOptions } from './robust-median.js';
export { HalfSpaceTrees, type HalfSpaceTreesOptions } from './half-space-trees.js';
export {
  createOnlineDetector,
  hasOnlineDetector,
  onlineDetectorFromJSON,
  onlineDetectorNames,
  registerOnlineDetector,
  type OnlineDetectorFactory,
} from './registry.js';
