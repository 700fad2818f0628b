import { createMatrix, type Matrix } from '../math/matrix.js';
import { aggregateFeatures, aggregateWindow, type WindowAggregation } from './aggregate.js';
import { DEFAULT_NORMALISE, normaliseScore, type NormaliseOptions } from './normalise.js';
import { staticRatios, type FeatureLimit } from './static-score.js';
import type { WindowScore } from './window-scorer.js';

export interface StaticScorerOptions {
  windowAggregation?: { method: WindowAggregation; alpha: number };
  normalise?: NormaliseOptions;
  slope?: number;
  maxRatio?: number;
}

/**
 * The rule-based score of a raw window from the configured static limits (config.limits): soft limit ratios
 * per point (staticRatios), window aggregation, then the weighted mean of the limited features (weights from
 * the limits; features without a limit are left out), normalised like model scores. Used alone for keys
 * without a model ('static' status) and combined with a model score by adjustByStatic. Buffers are reused:
 * the result is valid until the next call. hasLimits is false when no feature has a limit (score is then 0).
 */
export class StaticScorer {
  readonly hasLimits: boolean;
  private readonly limits: Array<FeatureLimit | undefined>;
  private readonly weights: Float64Array;
  private readonly options: Required<StaticScorerOptions>;
  private ratios: Matrix;
  private readonly featureRatios: Float64Array;
  private readonly result: WindowScore;

  constructor(features: readonly string[], limits: Readonly<Record<string, FeatureLimit>>, options: StaticScorerOptions = {}) {
    this.limits = features.map((f) => limits[f]);
    this.weights = Float64Array.from(this.limits, (l) => (l ? (l.weight ?? 1) : 0));
    this.hasLimits = this.limits.some((l) => l !== undefined);
    this.options = {
      windowAggregation: options.windowAggregation ?? { method: 'max', alpha: 0.5 },
      normalise: options.normalise ?? DEFAULT_NORMALISE,
      slope: options.slope ?? 5,
      maxRatio: options.maxRatio ?? 10,
    };
    this.ratios = createMatrix(0, features.length);
    this.featureRatios = new Float64Array(features.length);
    this.result = { score: 0, ratio: 0, featureScores: new Float64Array(features.length) };
  }

  score(raw: Matrix): WindowScore {
    if (raw.cols !== this.limits.length) throw new RangeError(`static scorer has ${this.limits.length} features, got ${raw.cols}`);
    if (this.ratios.rows !== raw.rows) this.ratios = createMatrix(raw.rows, raw.cols);
    staticRatios(raw, this.limits, this.ratios, this.options.slope, this.options.maxRatio);
    aggregateWindow(this.ratios, this.options.windowAggregation.method, this.featureRatios, this.options.windowAggregation.alpha);
    const unified = this.hasLimits ? aggregateFeatures(this.featureRatios, 'weighted', this.weights) : 0;
    for (let c = 0; c < raw.cols; c++) {
      this.result.featureScores[c] = this.limits[c] ? normaliseScore(this.featureRatios[c]!, this.options.normalise) : NaN;
    }
    this.result.ratio = unified;
    this.result.score = normaliseScore(unified, this.options.normalise);
    return this.result;
  }
}
