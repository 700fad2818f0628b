import type { Matrix } from '../math/matrix.js';
import { forEachColumn, isNegligibleSpread, maxAbs, quantileSorted } from '../math/stats.js';
import { AffineTransform } from './affine.js';

/** y = (x - median) / IQR (q75 - q25): outliers in training data barely move the scale. */
export class RobustScaler extends AffineTransform {
  readonly name = 'robust';

  protected fitColumns(m: Matrix): void {
    forEachColumn(m, (column, c) => {
      const s = column.slice().sort();
      const iqr = quantileSorted(s, 0.75) - quantileSorted(s, 0.25);
      this.center[c] = quantileSorted(s, 0.5);
      this.scale[c] = isNegligibleSpread(iqr, maxAbs(column)) ? 1 : iqr;
    });
  }
}
