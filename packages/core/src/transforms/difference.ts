import type { Matrix } from '../math/matrix.js';
import { assertSameShape } from '../math/matrix.js';
import type { SerializedTransform, Transform } from './transform.js';

/**
 * First difference down each column: y[t] = x[t] - x[t-1]; row 0 takes row 1's difference (back-filled, as in
 * numalogic) so it carries no artificial jump, and a one-row matrix becomes 0. Works in place (walks backwards).
 * The level is lost: inverse returns the cumulative sum anchored at 0 for row 0, i.e. x up to a constant.
 */
export class DifferenceTransform implements Transform {
  readonly name = 'difference';

  fit(_m: Matrix): this {
    return this;
  }

  transform(m: Matrix, out: Matrix = m): Matrix {
    if (out !== m) assertSameShape(m, out);
    const { rows, cols } = m;
    for (let c = 0; c < cols; c++) {
      for (let r = rows - 1; r >= 1; r--) out.data[r * cols + c] = m.data[r * cols + c]! - m.data[(r - 1) * cols + c]!;
      if (rows >= 1) out.data[c] = rows >= 2 ? out.data[cols + c]! : 0;
    }
    return out;
  }

  inverse(m: Matrix, out: Matrix = m): Matrix {
    if (out !== m) assertSameShape(m, out);
    const { rows, cols } = m;
    for (let c = 0; c < cols; c++) {
      let level = 0;
      if (rows >= 1) out.data[c] = 0;
      for (let r = 1; r < rows; r++) {
        level += m.data[r * cols + c]!;
        out.data[r * cols + c] = level;
      }
    }
    return out;
  }

  toJSON(): SerializedTransform {
    return { name: this.name, params: {} };
  }
}
