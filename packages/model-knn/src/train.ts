import { checkTrainingWindows, type TrainContext, type TrainResult, type WindowShape } from '@numalogic/onnx';
import { buildCodebook } from './codebook.js';
import { exportKnnWindow } from './export.js';
import { heldOutDistances } from './held-out.js';
import { knnWindowOptionsSchema, type KnnWindowOptions } from './options.js';

/** ModelPackage.train for knn-window: no fitting loop, the codebook is the newest `memory` windows. */
export async function trainKnnWindow(
  windows: Float32Array | Float64Array,
  shape: WindowShape,
  options: Partial<KnnWindowOptions> = {},
  _ctx: TrainContext = {},
): Promise<TrainResult<KnnWindowOptions>> {
  const resolved = knnWindowOptionsSchema.parse(options);
  const started = performance.now();
  checkTrainingWindows(windows, shape, 1);
  const codebook = buildCodebook(windows, shape, resolved.memory);
  return {
    onnx: exportKnnWindow(codebook),
    options: resolved,
    training: { samples: shape.count, codebook: codebook.size, durationMs: performance.now() - started },
  };
}

/**
 * ModelPackage.heldOutErrors for knn-window: every training window in the codebook would score 0 through the
 * model, so the threshold is fitted on the distance of the newest `heldOutWindows` training windows to the
 * nearest codebook window that does not overlap them in time. [rows, features], rows <= heldOutWindows.
 */
export function knnHeldOutErrors(windows: Float32Array | Float64Array, shape: WindowShape, result: Pick<TrainResult<KnnWindowOptions>, 'options'>): Float64Array {
  const options = knnWindowOptionsSchema.parse(result.options);
  checkTrainingWindows(windows, shape, 1);
  const codebook = buildCodebook(windows, shape, options.memory);
  return heldOutDistances(windows, shape, codebook, { exclusion: options.exclusion ?? shape.span ?? shape.window, maxWindows: options.heldOutWindows });
}
