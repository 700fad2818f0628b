import type { Matrix } from '../math/matrix.js';
import { createMatrix } from '../math/matrix.js';
import { PerFeatureThreshold } from './per-feature.js';

export interface StaticThresholdOptions {
  /** Upper limit, one for every feature or one per feature; must be > 0. */
  limits: number | number[];
}

/** score = value / limit with limits from configuration; fit only sizes the limits to the feature count. */
export class StaticThreshold extends PerFeatureThreshold {
  readonly name = 'static';
  readonly limits: number | number[];

  constructor(options: StaticThresholdOptions) {
    super(0);
    const list = typeof options.limits === 'number' ? [options.limits] : options.limits;
    for (const l of list) if (!(l > 0)) throw new RangeError(`static threshold limits must be > 0, got ${l}`);
    this.limits = options.limits;
    if (Array.isArray(options.limits)) this.thresholds = Float64Array.from(options.limits);
  }

  protected columnThreshold(): number {
    return 0;
  }

  override fit(errors: Matrix): this {
    this.thresholds = new Float64Array(errors.cols);
    for (let c = 0; c < errors.cols; c++) {
      this.thresholds[c] = typeof this.limits === 'number' ? this.limits : (this.limits[c] ?? this.limits[0]!);
    }
    return this;
  }

  override score(errors: Matrix, out: Matrix = createMatrix(errors.rows, errors.cols)): Matrix {
    if (this.thresholds.length !== errors.cols) this.fit(errors);
    return super.score(errors, out);
  }

  protected override extraParams(): Record<string, unknown> {
    return { limits: this.limits };
  }
}
