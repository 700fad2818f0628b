import type { ModelPackage } from '@numalogic/onnx';
import { arWindowOptionsSchema, type ArWindowOptions } from './options.js';
import { arHeldOutErrors, trainArWindow } from './train.js';

/**
 * Autoregressive prediction error, per feature: output `score` [batch, features], the absolute error of a ridge
 * linear predictor of the window's newest value, in the units of the (standardised) input. heldOutErrors: the
 * newest windows' errors under a fit on the windows before them, what serving sees (the threshold and the
 * calibration seed are fitted on them).
 */
export const arWindow: ModelPackage<ArWindowOptions> = {
  name: 'ar-window',
  optionsSchema: arWindowOptionsSchema,
  output: 'score',
  train: trainArWindow,
  heldOutErrors: arHeldOutErrors,
};

export { arWindowOptionsSchema, type ArWindowOptions } from './options.js';
export { trainArWindow, arHeldOutErrors, HELD_OUT_WINDOWS } from './train.js';
export { fitAr, arPredictionErrors, type ArModel } from './fit.js';
export { exportArWindow } from './export.js';
export { choleskySolve } from './cholesky.js';
