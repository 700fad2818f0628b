import type { ModelPackage } from '@numalogic/onnx';
import { arWindowOptionsSchema, type ArWindowOptions } from './options.js';
import { trainArWindow } from './train.js';

/**
 * Autoregressive prediction error, per feature: output `score` [batch, features], the absolute error of a ridge
 * linear predictor of the window's newest value, in the units of the (standardised) input. No heldOutErrors: a
 * linear model does not hold its training windows, so the trainer's in-sample errors are a fair threshold basis.
 */
export const arWindow: ModelPackage<ArWindowOptions> = {
  name: 'ar-window',
  optionsSchema: arWindowOptionsSchema,
  output: 'score',
  train: trainArWindow,
};

export { arWindowOptionsSchema, type ArWindowOptions } from './options.js';
export { trainArWindow } from './train.js';
export { fitAr, arPredictionErrors, type ArModel } from './fit.js';
export { exportArWindow } from './export.js';
export { choleskySolve } from './cholesky.js';
