/** @numalogic/inference: scores windows with the key's model bundles (ONNX), online fallback, training requests. */
export { InferenceStage, type InferenceDeps, type InferenceResult, type ModelSource, type StageLog } from './stage.js';
export { OnlineScorer, ONLINE_VERSION } from './online.js';
export { DriftTracker } from './drift.js';
export { PreparedBundles, fitsWindow, type PreparedBundle } from './prepared.js';
export { batchInferenceHandler, unaryInferenceHandler, INVALID_TAG, TRAIN_TAG, type ThreadWiring, type Wiring } from './handler.js';
export { ScoringThread, type ScoredGroup, type ScoringThreadOptions } from './scoring/scoring-thread.js';
export { inferenceMode, scoringThreadWanted, type InferenceMode } from './mode.js';
export { decodeWindowFast, isWindowPayload } from './window-decoder.js';

/** Every tag inference can put on a result. */
export const EMITTED_TAGS = ['score', 'static', 'train', 'invalid'] as const;
