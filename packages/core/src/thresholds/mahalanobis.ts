import type { Matrix } from '../math/matrix.js';
import { assertCols, createMatrix } from '../math/matrix.js';
import { symmetricPinv } from '../math/linalg.js';
import { mean, std } from '../math/stats.js';
import { DEFAULT_MIN_THRESHOLD, type SerializedThreshold, type Threshold } from './threshold.js';

export interface MahalanobisThresholdOptions {
  /** Chebyshev bound: threshold = mean(MD) + k * std(MD) with k = 1 / sqrt(maxOutlierProb). */
  maxOutlierProb?: number;
  minThreshold?: number;
}

/**
 * Multivariate: the Mahalanobis distance of each row of errors from the training mean (pseudo-inverse of the
 * sample covariance, so collinear or constant features are fine), divided by a Chebyshev threshold.
 * One score per row: score() returns [rows x 1].
 */
export class MahalanobisThreshold implements Threshold {
  readonly name = 'mahalanobis';
  readonly perFeature = false;
  readonly maxOutlierProb: number;
  readonly minThreshold: number;
  center: Float64Array = new Float64Array(0);
  precision: Float64Array = new Float64Array(0);
  threshold = 0;
  private deviation: Float64Array = new Float64Array(0);

  constructor(options: MahalanobisThresholdOptions = {}) {
    this.maxOutlierProb = options.maxOutlierProb ?? 0.1;
    this.minThreshold = options.minThreshold ?? DEFAULT_MIN_THRESHOLD;
    if (!(this.maxOutlierProb > 0 && this.maxOutlierProb <= 1)) {
      throw new RangeError(`maxOutlierProb must be in (0, 1], got ${this.maxOutlierProb}`);
    }
  }

  get k(): number {
    return 1 / Math.sqrt(this.maxOutlierProb);
  }

  fit(errors: Matrix): this {
    const { rows, cols } = errors;
    this.center = new Float64Array(cols);
    this.deviation = new Float64Array(cols);
    const cov = new Float64Array(cols * cols);
    for (let c = 0; c < cols; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) m += (errors.data[r * cols + c]! - m) / (r + 1);
      this.center[c] = m;
    }
    const denom = Math.max(rows - 1, 1);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < cols; i++) {
        const di = errors.data[r * cols + i]! - this.center[i]!;
        for (let j = i; j < cols; j++) cov[i * cols + j] = cov[i * cols + j]! + (di * (errors.data[r * cols + j]! - this.center[j]!)) / denom;
      }
    }
    for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) cov[i * cols + j] = cov[j * cols + i]!;
    this.precision = symmetricPinv(cov, cols);
    const distances = new Float64Array(rows);
    for (let r = 0; r < rows; r++) distances[r] = this.distance(errors, r);
    const mu = mean(distances);
    const t = mu + this.k * std(distances, mu);
    this.threshold = Number.isFinite(t) && t > this.minThreshold ? t : this.minThreshold;
    return this;
  }

  /** Mahalanobis distance of row r of m. */
  distance(m: Matrix, r: number): number {
    const cols = this.center.length;
    const d = this.deviation;
    for (let c = 0; c < cols; c++) d[c] = m.data[r * cols + c]! - this.center[c]!;
    let sum = 0;
    for (let i = 0; i < cols; i++) {
      let row = 0;
      for (let j = 0; j < cols; j++) row += this.precision[i * cols + j]! * d[j]!;
      sum += d[i]! * row;
    }
    return Math.sqrt(Math.max(sum, 0));
  }

  score(errors: Matrix, out: Matrix = createMatrix(errors.rows, 1)): Matrix {
    if (this.threshold === 0) throw new Error(`threshold 'mahalanobis' is used before fit`);
    assertCols(errors, this.center.length, `threshold 'mahalanobis'`);
    if (out.rows !== errors.rows || out.cols !== 1) throw new RangeError(`output must be ${errors.rows}x1`);
    for (let r = 0; r < errors.rows; r++) out.data[r] = this.distance(errors, r) / this.threshold;
    return out;
  }

  toJSON(): SerializedThreshold {
    return {
      name: this.name,
      params: {
        maxOutlierProb: this.maxOutlierProb,
        minThreshold: this.minThreshold,
        center: Array.from(this.center),
        precision: Array.from(this.precision),
        threshold: this.threshold,
      },
    };
  }

  static restore(p: { maxOutlierProb: number; minThreshold: number; center: number[]; precision: number[]; threshold: number }): MahalanobisThreshold {
    if (p.precision.length !== p.center.length ** 2) throw new Error('mahalanobis precision must be features x features');
    const t = new MahalanobisThreshold(p);
    t.center = Float64Array.from(p.center);
    t.precision = Float64Array.from(p.precision);
    t.deviation = new Float64Array(p.center.length);
    t.threshold = p.threshold;
    return t;
  }
}
