import { checkTrainingWindows, type TrainContext, type TrainResult, type WindowShape } from '@numalogic/onnx';
import { exportArWindow } from './export.js';
import { arPredictionErrors, fitAr } from './fit.js';
import { arWindowOptionsSchema, type ArWindowOptions } from './options.js';

/**
 * ModelPackage.train for ar-window: a closed-form fit (no loop, no randomness), so the same windows and options
 * give the same bytes. `loss` is the in-sample mean squared prediction error over rows and features.
 */
export async function trainArWindow(
  windows: Float32Array | Float64Array,
  shape: WindowShape,
  options: Partial<ArWindowOptions> = {},
  _ctx: TrainContext = {},
): Promise<TrainResult<ArWindowOptions>> {
  const resolved = arWindowOptionsSchema.parse(options);
  const started = performance.now();
  checkTrainingWindows(windows, shape, 1);
  const model = fitAr(windows, shape, resolved.ridge);
  const errors = arPredictionErrors(model, windows, shape.count);
  let squared = 0;
  for (const e of errors) squared += e * e;
  return {
    onnx: exportArWindow(model),
    options: resolved,
    training: { samples: shape.count, loss: squared / errors.length, durationMs: performance.now() - started },
  };
}

/** The newest windows whose errors the threshold and the calibration seed are fitted on (as knn-window's 500). */
export const HELD_OUT_WINDOWS = 500;

/**
 * ModelPackage.heldOutErrors for ar-window: errors [rows, features] of the newest windows (up to 500, at most
 * half of them) under a predictor fitted on the windows before them, in time order. In-sample errors are a few
 * percent lower than what serving sees; the calibration seed made from them then finds every first window after
 * a retraining a little surprising, which raised false alarms. Deterministic, like the fit.
 */
export function arHeldOutErrors(windows: Float32Array | Float64Array, shape: WindowShape, result: Pick<TrainResult<ArWindowOptions>, 'options'>): Float64Array {
  const { ridge } = arWindowOptionsSchema.parse(result.options);
  checkTrainingWindows(windows, shape, 1);
  const held = Math.min(HELD_OUT_WINDOWS, Math.floor(shape.count / 2));
  const size = shape.window * shape.features;
  if (held < 1) return arPredictionErrors(fitAr(windows, shape, ridge), windows, shape.count);
  const fitted = shape.count - held;
  const model = fitAr(windows.subarray(0, fitted * size), { ...shape, count: fitted }, ridge);
  return arPredictionErrors(model, windows.subarray(fitted * size), held);
}
