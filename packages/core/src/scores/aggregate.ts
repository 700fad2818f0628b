import type { Matrix } from '../math/matrix.js';

export type WindowAggregation = 'mean' | 'max' | 'ema';
export type FeatureAggregation = 'max' | 'mean' | 'weighted';

/**
 * Collapses a window [rows x features] of per-point scores to one value per feature, into out (length >= cols).
 * mean: arithmetic mean; max: largest; ema: y0 = x0, y_t = alpha * x_t + (1 - alpha) * y_{t-1}, the last y
 * (weights the newest points most). NaN points are skipped; an empty window gives 0.
 */
export function aggregateWindow(m: Matrix, method: WindowAggregation, out: Float64Array, alpha = 0.5): Float64Array {
  const { rows, cols } = m;
  for (let c = 0; c < cols; c++) {
    let acc = 0;
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const v = m.data[r * cols + c]!;
      if (Number.isNaN(v)) continue;
      if (n === 0) acc = v;
      else if (method === 'max') acc = v > acc ? v : acc;
      else if (method === 'ema') acc = alpha * v + (1 - alpha) * acc;
      else acc += (v - acc) / (n + 1);
      n++;
    }
    out[c] = acc;
  }
  return out;
}

/**
 * Collapses per-feature scores (first `count` entries) to one: max, mean, or weighted mean
 * sum(w_i * x_i) / sum(w_i) (missing weights count as 1; all-zero weights fall back to the plain mean).
 */
export function aggregateFeatures(
  values: ArrayLike<number>,
  method: FeatureAggregation,
  weights?: ArrayLike<number>,
  count: number = values.length,
): number {
  if (count === 0) return 0;
  if (method === 'max') {
    let best = -Infinity;
    for (let i = 0; i < count; i++) if (values[i]! > best) best = values[i]!;
    return best;
  }
  let sum = 0;
  let weightSum = 0;
  for (let i = 0; i < count; i++) {
    const w = method === 'weighted' ? (weights?.[i] ?? 1) : 1;
    sum += w * values[i]!;
    weightSum += w;
  }
  if (weightSum === 0) return aggregateFeatures(values, 'mean', undefined, count);
  return sum / weightSum;
}
