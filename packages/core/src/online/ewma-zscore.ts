import type { OnlineDetector, SerializedOnlineDetector } from './detector.js';

export interface EwmaZScoreOptions {
  /** Weight of the newest point in the exponentially weighted mean and standard deviation. */
  alpha?: number;
  /** z at which the ratio is 1. */
  k?: number;
  /** Points per feature before scoring starts (scores are 0 until then). */
  warmup?: number;
}

/**
 * Per-feature exponentially weighted mean and standard deviation (West's incremental form); ratio = |x - mean| / (k * std).
 * The overall score is the largest feature ratio. A series that has been exactly constant has std 0; its std is
 * floored at 1e-9 of its magnitude, so any change from the constant scores very high.
 */
export class EwmaZScore implements OnlineDetector {
  readonly name = 'ewma-zscore';
  readonly features: number;
  readonly alpha: number;
  readonly k: number;
  readonly warmup: number;
  mean: Float64Array;
  std: Float64Array;
  seen: Float64Array;

  constructor(features: number, options: EwmaZScoreOptions = {}) {
    this.features = features;
    this.alpha = options.alpha ?? 0.05;
    this.k = options.k ?? 3;
    this.warmup = options.warmup ?? 3;
    this.mean = new Float64Array(features);
    this.std = new Float64Array(features);
    this.seen = new Float64Array(features);
  }

  learnOne(x: ArrayLike<number>): void {
    for (let f = 0; f < this.features; f++) {
      const v = x[f]!;
      if (!Number.isFinite(v)) continue;
      if (this.seen[f] === 0) {
        this.mean[f] = v;
        this.std[f] = 0;
      } else {
        const diff = v - this.mean[f]!;
        this.mean[f] = this.mean[f]! + this.alpha * diff;
        // std form of var' = (1 - a)(var + a diff^2); hypot keeps it finite for 1e300-sized values.
        this.std[f] = Math.sqrt(1 - this.alpha) * Math.hypot(this.std[f]!, Math.sqrt(this.alpha) * diff);
      }
      this.seen[f] = this.seen[f]! + 1;
    }
  }

  scoreOne(x: ArrayLike<number>, perFeature?: Float64Array): number {
    let overall = 0;
    for (let f = 0; f < this.features; f++) {
      const v = x[f]!;
      let ratio = 0;
      if (Number.isFinite(v) && this.seen[f]! >= this.warmup) {
        const m = this.mean[f]!;
        const sd = Math.max(this.std[f]!, 1e-9 * Math.abs(m), Number.MIN_VALUE);
        ratio = Math.abs(v - m) / sd / this.k;
        if (!Number.isFinite(ratio)) ratio = Number.MAX_VALUE;
      }
      if (perFeature) perFeature[f] = ratio;
      if (ratio > overall) overall = ratio;
    }
    return overall;
  }

  toJSON(): SerializedOnlineDetector {
    return {
      name: this.name,
      features: this.features,
      options: { alpha: this.alpha, k: this.k, warmup: this.warmup },
      state: { mean: Array.from(this.mean), std: Array.from(this.std), seen: Array.from(this.seen) },
    };
  }

  restoreState(state: { mean: number[]; std: number[]; seen: number[] }): this {
    this.mean = Float64Array.from(state.mean);
    this.std = Float64Array.from(state.std);
    this.seen = Float64Array.from(state.seen);
    return this;
  }
}
