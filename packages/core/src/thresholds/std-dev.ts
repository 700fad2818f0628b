import { mean, std } from '../math/stats.js';
import { PerFeatureThreshold } from './per-feature.js';

export interface StdDevThresholdOptions {
  /** k in mean + k * std. */
  k?: number;
  minThreshold?: number;
}

/** threshold = mean + k * std of the training errors (population std), per feature. */
export class StdDevThreshold extends PerFeatureThreshold {
  readonly name = 'std-dev';
  readonly k: number;

  constructor(options: StdDevThresholdOptions = {}) {
    super(options.minThreshold);
    this.k = options.k ?? 3;
  }

  protected columnThreshold(column: Float64Array): number {
    const mu = mean(column);
    return mu + this.k * std(column, mu);
  }

  protected override extraParams(): Record<string, unknown> {
    return { k: this.k };
  }
}
