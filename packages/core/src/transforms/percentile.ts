import type { Matrix } from '../math/matrix.js';
import { forEachColumn, isNegligibleSpread, maxAbs, quantileSorted } from '../math/stats.js';
import { AffineTransform } from './affine.js';

export interface PercentileScalerOptions {
  /** Lower percentile (0..100) used as the minimum; 0 = the true minimum. */
  lowerPercentile?: number;
  /** Upper percentile (0..100) used as the maximum. */
  upperPercentile?: number;
}

/**
 * Clips to [p_lower, p_upper] of the training data, then min-max scales, so a few training outliers do not squash
 * the normal range. When the percentile range is negligible (zero-heavy data) it falls back to the true max.
 * The inverse undoes the scaling only; clipped values are not recoverable.
 */
export class PercentileScaler extends AffineTransform {
  readonly name = 'percentile';
  readonly lowerPercentile: number;
  readonly upperPercentile: number;
  lower: Float64Array = new Float64Array(0);
  upper: Float64Array = new Float64Array(0);

  constructor(options: PercentileScalerOptions = {}) {
    super();
    this.lowerPercentile = options.lowerPercentile ?? 0;
    this.upperPercentile = options.upperPercentile ?? 99;
  }

  protected fitColumns(m: Matrix): void {
    forEachColumn(m, (column, c) => {
      const s = column.slice().sort();
      const lo = quantileSorted(s, this.lowerPercentile / 100);
      let hi = quantileSorted(s, this.upperPercentile / 100);
      if (isNegligibleSpread(hi - lo, maxAbs(column))) hi = s[s.length - 1]!;
      const range = hi - lo;
      this.lower[c] = lo;
      this.upper[c] = hi;
      this.center[c] = lo;
      this.scale[c] = isNegligibleSpread(range, maxAbs(column)) ? 1 : range;
    });
  }

  override fit(m: Matrix): this {
    this.lower = new Float64Array(m.cols);
    this.upper = new Float64Array(m.cols);
    return super.fit(m);
  }

  override transform(m: Matrix, out: Matrix = m): Matrix {
    this.check(m, out);
    const { rows, cols } = m;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        const v = m.data[i]!;
        const clipped = v < this.lower[c]! ? this.lower[c]! : v > this.upper[c]! ? this.upper[c]! : v;
        out.data[i] = clipped / this.scale[c]! - this.center[c]! / this.scale[c]!;
      }
    }
    return out;
  }

  protected override extraParams(): Record<string, unknown> {
    return {
      lowerPercentile: this.lowerPercentile,
      upperPercentile: this.upperPercentile,
      lower: Array.from(this.lower),
      upper: Array.from(this.upper),
    };
  }
}
