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
