import type { Matrix } from '../math/matrix.js';
import { assertCols, assertSameShape } from '../math/matrix.js';
import { forEachColumn, isNegligibleSpread, maxAbs, mean, std } from '../math/stats.js';
import type { SerializedTransform, Transform } from './transform.js';

export interface TanhScalerOptions {
  /** Steepness: y = 0.5 * (tanh(coeff * z) + 1). */
  coeff?: number;
}

/**
 * Squashes standardised values into (0, 1): y = 0.5 * (tanh(coeff * (x - mean) / std) + 1).
 * Near-constant columns use std 1. The inverse clamps y into the open interval so it never returns infinity.
 */
export class TanhScaler implements Transform {
  readonly name = 'tanh';
  readonly coeff: number;
  center: Float64Array = new Float64Array(0);
  scale: Float64Array = new Float64Array(0);

  constructor(options: TanhScalerOptions = {}) {
    this.coeff = options.coeff ?? 0.2;
  }

  fit(m: Matrix): this {
    this.center = new Float64Array(m.cols);
    this.scale = new Float64Array(m.cols).fill(1);
    if (m.rows === 0) return this;
    forEachColumn(m, (column, c) => {
      const mu = mean(column);
      const sigma = std(column, mu);
      this.center[c] = mu;
      this.scale[c] = isNegligibleSpread(sigma, maxAbs(column)) ? 1 : sigma;
    });
    return this;
  }

  transform(m: Matrix, out: Matrix = m): Matrix {
    this.check(m, out);
    const n = m.rows * m.cols;
    for (let i = 0; i < n; i++) {
      const c = i % m.cols;
      const z = m.data[i]! / this.scale[c]! - this.center[c]! / this.scale[c]!;
      out.data[i] = 0.5 * (Math.tanh(this.coeff * z) + 1);
    }
    return out;
  }

  inverse(m: Matrix, out: Matrix = m): Matrix {
    this.check(m, out);
    const n = m.rows * m.cols;
    const edge = 1e-15;
    for (let i = 0; i < n; i++) {
      const c = i % m.cols;
      const y = Math.min(Math.max(m.data[i]!, edge), 1 - edge);
      out.data[i] = (Math.atanh(2 * y - 1) / this.coeff) * this.scale[c]! + this.center[c]!;
    }
    return out;
  }

  private check(m: Matrix, out: Matrix): void {
    if (this.center.length === 0) throw new Error(`transform 'tanh' is used before fit`);
    assertCols(m, this.center.length, `transform 'tanh'`);
    if (out !== m) assertSameShape(m, out);
  }

  toJSON(): SerializedTransform {
    return { name: this.name, params: { coeff: this.coeff, center: Array.from(this.center), scale: Array.from(this.scale) } };
  }
}
