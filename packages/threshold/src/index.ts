/** @numalogic/threshold: per-feature ratios from learned thresholds, online scores and static limits. */
export { ThresholdStage, ONLINE_RATIO_DIVISOR, type ThresholdOutcome } from './stage.js';
export { thresholdHandler, INVALID_TAG, type Wiring } from './handler.js';

/** Every tag threshold can put on a result (a good result has no tag: its edge is unconditional). */
export const EMITTED_TAGS = ['invalid'] as const;
