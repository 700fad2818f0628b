import type { Matrix } from '../math/matrix.js';
import { assertSameShape } from '../math/matrix.js';

export interface FeatureLimit {
  upper?: number;
  lower?: number;
  weight?: number;
}

/**
 * Soft static-limit ratios of raw values, per point and feature, into out (same shape as raw):
 * above an upper limit u: r = L / (1 + (L - 1) * exp(-slope * (x - u) / unit)), r = 1 at u;
 * below a lower limit l the same mirrored; the larger of both. unit = |upper - lower| when both are set,
 * else |limit| (1 if the limit is 0). Features without a limit get 0. L = maxRatio (10), slope 5.
 */
export function staticRatios(
  raw: Matrix,
  limits: ReadonlyArray<FeatureLimit | undefined>,
  out: Matrix,
  slope = 5,
  maxRatio = 10,
): Matrix {
  if (out !== raw) assertSameShape(raw, out);
  const { rows, cols } = raw;
  const soft = (excess: number, unit: number) =>
    maxRatio / (1 + (maxRatio - 1) * Math.exp(Math.min(Math.max((-slope * excess) / unit, -700), 700)));
  for (let c = 0; c < cols; c++) {
    const limit = limits[c];
    const upper = limit?.upper;
    const lower = limit?.lower;
    const unit = upper !== undefined && lower !== undefined ? Math.abs(upper - lower) || 1 : Math.abs(upper ?? lower ?? 0) || 1;
    for (let r = 0; r < rows; r++) {
      const i = r * cols + c;
      const x = raw.data[i]!;
      let ratio = 0;
      if (Number.isFinite(x)) {
        if (upper !== undefined) ratio = soft(x - upper, unit);
        if (lower !== undefined) ratio = Math.max(ratio, soft(lower - x, unit));
      }
      out.data[i] = ratio;
    }
  }
  return out;
}

/** The configured limits (config.limits, by feature name) in feature order; undefined where none is set. */
export function limitsInFeatureOrder(
  features: readonly string[],
  limits: Readonly<Record<string, FeatureLimit>>,
): Array<FeatureLimit | undefined> {
  return features.map((f) => limits[f]);
}
