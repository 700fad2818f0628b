import { mad, median } from '../math/stats.js';
import { PerFeatureThreshold } from './per-feature.js';

/** 1.4826 * MAD estimates the standard deviation of normal data. */
export const MAD_TO_STD = 1.4826;

export interface RobustMadThresholdOptions {
  /** k in median + k * 1.4826 * MAD. */
  k?: number;
  minThreshold?: number;
}

/** threshold = median + k * 1.4826 * MAD of the training errors: a few huge training errors barely move it. */
export class RobustMadThreshold extends PerFeatureThreshold {
  readonly name = 'robust-mad';
  readonly k: number;

  constructor(options: RobustMadThresholdOptions = {}) {
    super(options.minThreshold);
    this.k = options.k ?? 3;
  }

  protected columnThreshold(column: Float64Array): number {
    const med = median(column);
    return med + this.k * MAD_TO_STD * mad(column, med);
  }

  protected override extraParams(): Record<string, unknown> {
    return { k: this.k };
  }
}
