import type { Matrix } from '../math/matrix.js';
import { assertSameShape } from '../math/matrix.js';
import type { SerializedTransform, Transform } from './transform.js';

export interface EmaOptions {
  /** Weight of the newest point, in (0, 1]: y[t] = alpha * x[t] + (1 - alpha) * y[t-1], y[0] = x[0]. */
  alpha?: number;
}

/** Exponential moving average down each column; exactly invertible: x[t] = (y[t] - (1 - alpha) y[t-1]) / alpha. */
export class EmaTransform implements Transform {
  readonly name = 'ema';
  readonly alpha: number;

  constructor(options: EmaOptions = {}) {
    const alpha = options.alpha ?? 0.5;
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`ema alpha must be in (0, 1], got ${alpha}`);
    this.alpha = alpha;
  }

  fit(_m: Matrix): this {
    return this;
  }

  transform(m: Matrix, out: Matrix = m): Matrix {
    if (out !== m) assertSameShape(m, out);
    const { rows, cols } = m;
    const a = this.alpha;
    for (let c = 0; c < cols; c++) {
      let y = m.data[c]!;
      if (rows >= 1) out.data[c] = y;
      for (let r = 1; r < rows; r++) {
        y = a * m.data[r * cols + c]! + (1 - a) * y;
        out.data[r * cols + c] = y;
      }
    }
    return out;
  }

  inverse(m: Matrix, out: Matrix = m): Matrix {
    if (out !== m) assertSameShape(m, out);
    const { rows, cols } = m;
    const a = this.alpha;
    for (let c = 0; c < cols; c++) {
      // Walk backwards so in-place works: each x[t] needs the untouched y[t-1].
      for (let r = rows - 1; r >= 1; r--) {
        out.data[r * cols + c] = (m.data[r * cols + c]! - (1 - a) * m.data[(r - 1) * cols + c]!) / a;
      }
      if (rows >= 1) out.data[c] = m.data[c]!;
    }
    return out;
  }

  toJSON(): SerializedTransform {
    return { name: this.name, params: { alpha: this.alpha } };
  }
}
