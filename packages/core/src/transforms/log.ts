import type { Matrix } from '../math/matrix.js';
import type { SerializedTransform, Transform } from './transform.js';

/**
 * Signed log: y = sign(x) * ln(1 + |x|). Defined for every real (negatives and zero included), monotonic,
 * exactly invertible (x = sign(y) * (e^|y| - 1)), and maps 1e300 to about 690. Stateless.
 */
export class LogTransform implements Transform {
  readonly name = 'log';

  fit(_m: Matrix): this {
    return this;
  }

  transform(m: Matrix, out: Matrix = m): Matrix {
    const n = m.rows * m.cols;
    if (out !== m && out.data.length < n) throw new RangeError('output matrix is too small');
    for (let i = 0; i < n; i++) {
      const v = m.data[i]!;
      out.data[i] = v < 0 ? -Math.log1p(-v) : Math.log1p(v);
    }
    return out;
  }

  inverse(m: Matrix, out: Matrix = m): Matrix {
    const n = m.rows * m.cols;
    if (out !== m && out.data.length < n) throw new RangeError('output matrix is too small');
    for (let i = 0; i < n; i++) {
      const v = m.data[i]!;
      out.data[i] = v < 0 ? -Math.expm1(-v) : Math.expm1(v);
    }
    return out;
  }

  toJSON(): SerializedTransform {
    return { name: this.name, params: {} };
  }
}
