import type { ModelPackage } from '@numalogic/onnx';
import { robustBaselineOptionsSchema, type RobustBaselineOptions } from './options.js';
import { trainRobustBaseline } from './train.js';

/** Robust per-feature baseline for sparse keys: output `score` [batch, features]. */
export const robustBaseline: ModelPackage<RobustBaselineOptions> = {
  name: 'robust-baseline',
  optionsSchema: robustBaselineOptionsSchema,
  output: 'score',
  train: trainRobustBaseline,
};

export { robustBaselineOptionsSchema, type RobustBaselineOptions } from './options.js';
export { trainRobustBaseline, fitRobustBaseline, type RobustBaselineFit } from './train.js';
export { exportRobustBaseline } from './export.js';
export { robustLocationScale, median, MAD_TO_SIGMA } from './statistics.js';
