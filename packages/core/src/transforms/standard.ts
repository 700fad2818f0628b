import type { Matrix } from '../math/matrix.js';
import { forEachColumn, isNegligibleSpread, maxAbs, mean, std } from '../math/stats.js';
import { AffineTransform } from './affine.js';

/** z = (x - mean) / std (population std); constant columns keep scale 1, so they become 0. */
export class StandardScaler extends AffineTransform {
  readonly name = 'standard';

  protected fitColumns(m: Matrix): void {
    forEachColumn(m, (column, c) => {
      const mu = mean(column);
      const sigma = std(column, mu);
      this.center[c] = mu;
      this.scale[c] = isNegligibleSpread(sigma, maxAbs(column)) ? 1 : sigma;
    });
  }
}
