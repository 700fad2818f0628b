export type {
  PointPayload,
  WindowPayload,
  ModelScore,
  ScoreSource,
  ScoredPayload,
  TrainReason,
  TrainRequest,
  ThresholdPayload,
  TrainingEvent,
} from './payloads.js';
export { decodePoint, decodeWindow, readWindowBytes, checkWindow, decodeScored, decodeTrainRequest, decodeThreshold, encodePayload, type Decoded } from './codec.js';
export { rawIsGrid, windowRaw, type RawPoints } from './window-raw.js';
export { windowPayload } from './window-payload.js';
export { encodeWindowFrame, isWindowFrame, readWindowFrame } from './window-frame.js';
