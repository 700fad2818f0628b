import type { OnlineDetector, SerializedOnlineDetector } from './detector.js';

export interface RobustMedianOptions {
  /** Robust z (|x - median| / (1.4826 * MAD)) at which the ratio is 1. */
  k?: number;
  /** Points kept exactly before switching to streaming estimates; scores start after 3 points. */
  warmup?: number;
  /** Step of the streaming estimates, as a fraction of the current MAD. */
  rate?: number;
}

const MAD_TO_STD = 1.4826;

/**
 * Per-feature median and MAD that outliers barely move. The first `warmup` points are kept and the median
 * and MAD computed exactly; after that both are tracked by the "frugal" streaming quantile rule (move a small
 * step towards each new value: step = rate * MAD), an approximation that follows slow drifts and needs O(1)
 * memory. ratio = |x - median| / (k * 1.4826 * MAD); MAD is floored at 1e-9 of the median's magnitude.
 */
export class RobustMedian implements OnlineDetector {
  readonly name = 'robust-median';
  readonly features: number;
  readonly k: number;
  readonly warmup: number;
  readonly rate: number;
  median: Float64Array;
  mad: Float64Array;
  seen: Float64Array;
  /** Warm-up points, [feature][warmup] flattened; scratch is reused for the sorts. */
  private buffer: Float64Array;
  private scratch: Float64Array;

  constructor(features: number, options: RobustMedianOptions = {}) {
    this.features = features;
    this.k = options.k ?? 3;
    this.warmup = Math.max(3, options.warmup ?? 15);
    this.rate = options.rate ?? 0.05;
    this.median = new Float64Array(features);
    this.mad = new Float64Array(features);
    this.seen = new Float64Array(features);
    this.buffer = new Float64Array(features * this.warmup);
    this.scratch = new Float64Array(this.warmup);
  }

  private exactFromBuffer(f: number, n: number): void {
    const s = this.scratch.subarray(0, n);
    s.set(this.buffer.subarray(f * this.warmup, f * this.warmup + n));
    s.sort();
    const med = n % 2 === 1 ? s[(n - 1) >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
    for (let i = 0; i < n; i++) s[i] = Math.abs(s[i]! - med);
    s.sort();
    this.median[f] = med;
    this.mad[f] = n % 2 === 1 ? s[(n - 1) >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  }

  learnOne(x: ArrayLike<number>): void {
    for (let f = 0; f < this.features; f++) {
      const v = x[f]!;
      if (!Number.isFinite(v)) continue;
      const n = this.seen[f]!;
      if (n < this.warmup) {
        this.buffer[f * this.warmup + n] = v;
        this.exactFromBuffer(f, n + 1);
      } else {
        const m = this.median[f]!;
        const step = this.rate * Math.max(this.mad[f]!, 1e-9 * Math.abs(m));
        this.median[f] = v > m ? m + step : v < m ? m - step : m;
        const deviation = Math.abs(v - this.median[f]!);
        const d = this.mad[f]!;
        this.mad[f] = deviation > d ? d + step : deviation < d ? Math.max(d - step, 0) : d;
      }
      this.seen[f] = n + 1;
    }
  }

  scoreOne(x: ArrayLike<number>, perFeature?: Float64Array): number {
    let overall = 0;
    for (let f = 0; f < this.features; f++) {
      const v = x[f]!;
      let ratio = 0;
      if (Number.isFinite(v) && this.seen[f]! >= 3) {
        const m = this.median[f]!;
        const spread = Math.max(MAD_TO_STD * this.mad[f]!, 1e-9 * Math.abs(m), Number.MIN_VALUE);
        ratio = Math.abs(v - m) / spread / this.k;
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
      options: { k: this.k, warmup: this.warmup, rate: this.rate },
      state: { median: Array.from(this.median), mad: Array.from(this.mad), seen: Array.from(this.seen), buffer: Array.from(this.buffer) },
    };
  }

  restoreState(state: { median: number[]; mad: number[]; seen: number[]; buffer: number[] }): this {
    if (state.buffer.length !== this.buffer.length) throw new Error('robust-median state does not match its options');
    this.median = Float64Array.from(state.median);
    this.mad = Float64Array.from(state.mad);
    this.seen = Float64Array.from(state.seen);
    this.buffer = Float64Array.from(state.buffer);
    return this;
  }
}
