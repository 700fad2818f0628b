export type { SerializedTransform, Transform } from './transform.js';
export { AffineTransform } from './affine.js';
export { StandardScaler } from './standard.js';
export { MinMaxScaler } from './min-max.js';
export { RobustScaler } from './robust.js';
export { PercentileScaler, type PercentileScalerOptions } from './percentile.js';
export { TanhScaler, type TanhScalerOptions } from './tanh.js';
export { LogTransform } from './log.js';
export { ClipTransform, type ClipOptions } from './clip.js';
export { DifferenceTransform } from './difference.js';
export { EmaTransform, type EmaOptions } from './ema.js';
export {
  createTransform,
  hasTransform,
  registerTransform,
  transformFromJSON,
  transformNames,
  type TransformFactory,
} from './registry.js';
export { TransformPipeline } from './pipeline.js';
