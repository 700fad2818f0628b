import type { Matrix } from '../math/matrix.js';
import { forEachColumn, isNegligibleSpread, maxAbs } from '../math/stats.js';
import { AffineTransform } from './affine.js';

/** y = (x - min) / (max - min), so training data lands in [0, 1]; a constant column becomes 0. */
export class MinMaxScaler extends AffineTransform {
  readonly name = 'min-max';

  protected fitColumns(m: Matrix): void {
    forEachColumn(m, (column, c) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of column) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const range = hi - lo;
      this.center[c] = lo;
      this.scale[c] = isNegligibleSpread(range, maxAbs(column)) ? 1 : range;
    });
  }
}
