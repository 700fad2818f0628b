import type { WindowShape } from '@numalogic/onnx';
import { choleskySolve } from './cholesky.js';

/**
 * One linear predictor per feature: the window's newest value from the `window - 1` before it.
 * prediction(f) = Σ_j weights[f * lags + j] · x[j, f] + intercepts[f], j = 0 (oldest) .. lags - 1.
 */
export interface ArModel {
  /** [features, lags], lags = window - 1. */
  weights: Float64Array;
  intercepts: Float64Array;
  window: number;
  features: number;
}

/**
 * Ridge least squares on every training window, feature by feature: each window is one row (its first
 * `window - 1` values and a 1 for the intercept) with its newest value as the target. The (window x window)
 * normal equations XᵀX + ridge·rows·I (lags only) = Xᵀy are accumulated in float64 and solved by Cholesky.
 */
export function fitAr(windows: Float32Array | Float64Array, shape: WindowShape, ridge: number): ArModel {
  const { count, window, features } = shape;
  const lags = window - 1;
  const size = window; // lags + intercept
  const weights = new Float64Array(features * lags);
  const intercepts = new Float64Array(features);
  const gram = new Float64Array(size * size);
  const moment = new Float64Array(size);
  const row = new Float64Array(size);
  for (let f = 0; f < features; f++) {
    gram.fill(0);
    moment.fill(0);
    for (let i = 0; i < count; i++) {
      const base = i * window * features + f;
      for (let j = 0; j < lags; j++) row[j] = windows[base + j * features] as number;
      row[lags] = 1;
      const target = windows[base + lags * features] as number;
      // Lower triangle only: the solver reads nothing else.
      for (let r = 0; r < size; r++) {
        const v = row[r] as number;
        moment[r] = (moment[r] as number) + v * target;
        for (let c = 0; c <= r; c++) gram[r * size + c] = (gram[r * size + c] as number) + v * (row[c] as number);
      }
    }
    for (let j = 0; j < lags; j++) gram[j * size + j] = (gram[j * size + j] as number) + ridge * count;
    const solution = choleskySolve(gram, moment, size);
    weights.set(solution.subarray(0, lags), f * lags);
    intercepts[f] = solution[lags] as number;
  }
  return { weights, intercepts, window, features };
}

/**
 * The model's score in TypeScript, as the ONNX graph computes it: |x[W-1, f] − prediction(f)| per window and
 * feature, row-major [count, features]. The baseline of the bench and the reference of the tests.
 */
export function arPredictionErrors(model: ArModel, windows: ArrayLike<number>, count: number): Float64Array {
  const { weights, intercepts, window, features } = model;
  const lags = window - 1;
  if (windows.length !== count * window * features) {
    throw new Error(`ar-window: expected ${count * window * features} values for [${count}, ${window}, ${features}], got ${windows.length}`);
  }
  const errors = new Float64Array(count * features);
  for (let i = 0; i < count; i++) {
    for (let f = 0; f < features; f++) {
      const base = i * window * features + f;
      let prediction = intercepts[f] as number;
      for (let j = 0; j < lags; j++) prediction += (weights[f * lags + j] as number) * (windows[base + j * features] as number);
      errors[i * features + f] = Math.abs((windows[base + lags * features] as number) - prediction);
    }
  }
  return errors;
}
