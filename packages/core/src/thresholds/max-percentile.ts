import { quantile } from '../math/stats.js';
import { PerFeatureThreshold } from './per-feature.js';

export interface MaxPercentileThresholdOptions {
  /** Percentile (0..100) of the training errors taken as the threshold. */
  percentile?: number;
  minThreshold?: number;
}

/** threshold = the given percentile of the training errors, per feature (numalogic's default is 96). */
export class MaxPercentileThreshold extends PerFeatureThreshold {
  readonly name = 'max-percentile';
  readonly percentile: number;

  constructor(options: MaxPercentileThresholdOptions = {}) {
    super(options.minThreshold);
    this.percentile = options.percentile ?? 99;
  }

  protected columnThreshold(column: Float64Array): number {
    return quantile(column, this.percentile / 100);
  }

  protected override extraParams(): Record<string, unknown> {
    return { percentile: this.percentile };
  }
}
