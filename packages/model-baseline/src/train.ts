import { checkTrainingWindows, type TrainContext, type TrainResult, type WindowShape } from '@numalogic/onnx';
import { exportRobustBaseline } from './export.js';
import { robustBaselineOptionsSchema, type RobustBaselineOptions } from './options.js';
import { robustLocationScale } from './statistics.js';

export interface RobustBaselineFit {
  medians: Float64Array;
  scales: Float64Array;
  mads: Float64Array;
  points: number;
}

/** Median and robust scale per feature over the points of the training windows. */
export function fitRobustBaseline(windows: Float32Array | Float64Array, shape: WindowShape, options: RobustBaselineOptions): RobustBaselineFit {
  checkTrainingWindows(windows, shape, 1);
  const { count, window, features } = shape;
  const firstStep = options.lastPointOnly ? window - 1 : 0;
  const points = count * (window - firstStep);
  const medians = new Float64Array(features);
  const scales = new Float64Array(features);
  const mads = new Float64Array(features);
  const column = new Float64Array(points);
  for (let f = 0; f < features; f++) {
    let k = 0;
    for (let w = 0; w < count; w++) {
      for (let t = firstStep; t < window; t++) column[k++] = windows[(w * window + t) * features + f] as number;
    }
    const fit = robustLocationScale(column);
    medians[f] = fit.median;
    scales[f] = fit.scale + options.epsilon;
    mads[f] = fit.mad;
  }
  return { medians, scales, mads, points };
}

/** ModelPackage.train for the robust baseline: no epochs, one pass of order statistics. */
export async function trainRobustBaseline(
  windows: Float32Array | Float64Array,
  shape: WindowShape,
  options: Partial<RobustBaselineOptions> = {},
  _ctx: TrainContext = {},
): Promise<TrainResult<RobustBaselineOptions>> {
  const resolved = robustBaselineOptionsSchema.parse(options);
  const started = performance.now();
  const fit = fitRobustBaseline(windows, shape, resolved);
  return {
    onnx: exportRobustBaseline(fit.medians, fit.scales, shape.window),
    options: resolved,
    training: {
      samples: shape.count,
      points: fit.points,
      durationMs: performance.now() - started,
      medians: Array.from(fit.medians),
      scales: Array.from(fit.scales),
    },
  };
}
