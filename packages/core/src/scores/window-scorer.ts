import type { Matrix } from '../math/matrix.js';
import { aggregateFeatures, aggregateWindow, type FeatureAggregation, type WindowAggregation } from './aggregate.js';
import { DEFAULT_NORMALISE, normaliseScore, type NormaliseOptions } from './normalise.js';

export interface WindowScorerOptions {
  windowAggregation: { method: WindowAggregation; alpha: number };
  featureAggregation: { method: FeatureAggregation; weights: Record<string, number> };
  normalise: NormaliseOptions;
}

export interface WindowScore {
  /** Unified anomaly score, 0..scale. */
  score: number;
  /** Unified ratio before normalisation. */
  ratio: number;
  /** Normalised score per feature (view into a buffer reused by the next call). */
  featureScores: Float64Array;
}

/**
 * Ratios [window x features] -> per-feature ratios (window aggregation) -> unified ratio (feature aggregation)
 * -> normalised 0..10 (unified and per feature). Buffers are owned and reused: the result is valid until the
 * next call. Made once per configuration, from config.postprocess and the feature names.
 */
export class WindowScorer {
  private readonly options: WindowScorerOptions;
  private readonly weights: Float64Array;
  private readonly featureRatios: Float64Array;
  private readonly result: WindowScore;

  constructor(features: readonly string[], options: Partial<WindowScorerOptions> = {}) {
    this.options = {
      windowAggregation: options.windowAggregation ?? { method: 'mean', alpha: 0.5 },
      featureAggregation: options.featureAggregation ?? { method: 'max', weights: {} },
      normalise: options.normalise ?? DEFAULT_NORMALISE,
    };
    this.weights = Float64Array.from(features, (f) => this.options.featureAggregation.weights[f] ?? 1);
    this.featureRatios = new Float64Array(features.length);
    this.result = { score: 0, ratio: 0, featureScores: new Float64Array(features.length) };
  }

  /** ratios has one column per feature, or a single column (one score per row, e.g. Mahalanobis). */
  score(ratios: Matrix): WindowScore {
    const cols = ratios.cols;
    if (cols > this.featureRatios.length) throw new RangeError(`scorer has ${this.featureRatios.length} features, got ${cols} columns`);
    aggregateWindow(ratios, this.options.windowAggregation.method, this.featureRatios, this.options.windowAggregation.alpha);
    const unified =
      cols === 1 && this.featureRatios.length !== 1
        ? this.featureRatios[0]!
        : aggregateFeatures(this.featureRatios, this.options.featureAggregation.method, this.weights, cols);
    const fs = this.result.featureScores;
    if (cols === this.featureRatios.length) {
      for (let c = 0; c < cols; c++) fs[c] = normaliseScore(this.featureRatios[c]!, this.options.normalise);
    } else {
      fs.fill(NaN);
    }
    this.result.ratio = unified;
    this.result.score = normaliseScore(unified, this.options.normalise);
    return this.result;
  }

  /** Normalises one ratio with this scorer's settings (for online scores of a single point). */
  normalise(ratio: number): number {
    return normaliseScore(ratio, this.options.normalise);
  }
}
