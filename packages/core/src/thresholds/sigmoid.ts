import type { Matrix } from '../math/matrix.js';
import { assertSameShape, createMatrix } from '../math/matrix.js';
import type { SerializedThreshold, Threshold } from './threshold.js';

export interface SigmoidThresholdOptions {
  /** Upper limit, one for every feature or one per feature. */
  limits: number | number[];
  /** Steepness in units of the limit: larger = closer to a hard step at the limit. */
  slope?: number;
  /** The ratio approached far above the limit (> 1). */
  maxRatio?: number;
}

/**
 * A soft static limit in ratio units: r = L / (1 + (L - 1) * exp(-slope * (x - limit) / |limit|)), with L =
 * maxRatio. r = 1 exactly at the limit (like error / threshold), tends to 0 far below and to L far above.
 * A limit of 0 uses 1 as its unit. Stateless: fit only sizes per-feature limits.
 */
export class SigmoidThreshold implements Threshold {
  readonly name = 'sigmoid';
  readonly perFeature = true;
  readonly limits: number | number[];
  readonly slope: number;
  readonly maxRatio: number;

  constructor(options: SigmoidThresholdOptions) {
    this.limits = options.limits;
    this.slope = options.slope ?? 5;
    this.maxRatio = options.maxRatio ?? 10;
    if (!(this.maxRatio > 1)) throw new RangeError(`sigmoid maxRatio must be > 1, got ${this.maxRatio}`);
  }

  fit(_errors: Matrix): this {
    return this;
  }

  limitAt(c: number): number {
    return typeof this.limits === 'number' ? this.limits : (this.limits[c] ?? this.limits[0] ?? 0);
  }

  score(errors: Matrix, out: Matrix = createMatrix(errors.rows, errors.cols)): Matrix {
    if (out !== errors) assertSameShape(errors, out);
    const { rows, cols } = errors;
    const l = this.maxRatio;
    for (let c = 0; c < cols; c++) {
      const limit = this.limitAt(c);
      const unit = Math.abs(limit) || 1;
      for (let r = 0; r < rows; r++) {
        const i = r * cols + c;
        // exp argument clipped so huge inputs give 0 or L instead of NaN.
        const arg = Math.min(Math.max((-this.slope * (errors.data[i]! - limit)) / unit, -700), 700);
        out.data[i] = l / (1 + (l - 1) * Math.exp(arg));
      }
    }
    return out;
  }

  toJSON(): SerializedThreshold {
    return { name: this.name, params: { limits: this.limits, slope: this.slope, maxRatio: this.maxRatio } };
  }
}
