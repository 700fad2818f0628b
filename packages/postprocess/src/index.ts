/** @numalogic/postprocess: aggregation, normalisation to 0..10, static adjustment and the output datum. */
export { PostprocessStage, ANOMALY_TAG, type PostprocessOutcome } from './stage.js';
export { postprocessHandler, INVALID_TAG, type Wiring } from './handler.js';

/** Every tag postprocess can put on a result (a normal score has no tag: the out edge is unconditional). */
export const EMITTED_TAGS = ['anomaly', 'invalid'] as const;
