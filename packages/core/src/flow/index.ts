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
export { decodePoint, decodeWindow, decodeScored, decodeTrainRequest, decodeThreshold, encodePayload, type Decoded } from './codec.js';
