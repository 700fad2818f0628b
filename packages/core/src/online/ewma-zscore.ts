import type { OnlineDetector, SerializedOnlineDetector } from './detector.js';

export interface EwmaZScoreOptions {
  /** Weight of the newest point in the exponentially weighted level and standard deviation. */
  alpha?: number;
  /**
   * Weight of the newest point in the trend, as a fraction of alpha (Holt's method in error-correction form). A
   * daily cycle makes a plain EWMA lag behind the series on every slope, and that lag reads as anomaly; the trend
   * follows the slope. 0 is a plain EWMA.
   */
  beta?: number;
  /** z at which the ratio is 1. */
  k?: number;
  /** Points per feature learned before scoring starts (scores are 0 until then). */
  warmup?: number;
  /**
   * Newest points held back before they are learned. A shift then meets a reference that has not yet absorbed
   * it: without the guard an event's first point inflates the std at once and its next points score low (a
   * 3.5-sigma shift read 3.2, 2.8, then 1.7), so the sustained test over the last few scores could not
   * see it. 0 learns every point at once.
   */
  guard?: number;
}

/**
 * Per-feature exponentially weighted level, trend and standard deviation; ratio = |x - forecast| / (k * std),
 * where the forecast is level + trend x (points since the level's newest point). The std is the one of the
 * residuals each point had when it was scored, so it measures the very forecast error it divides: with a guard
 * the forecast reaches further ahead and its errors are larger than one step's. The overall score is the largest
 * feature ratio. A series that has been exactly constant has std 0; its std is floored at 1e-9 of its magnitude,
 * so any change from the constant scores very high.
 */
export class EwmaZScore implements OnlineDetector {
  readonly name = 'ewma-zscore';
  readonly features: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  readonly warmup: number;
  readonly guard: number;
  level: Float64Array;
  trend: Float64Array;
  std: Float64Array;
  /** Points learned per feature. */
  seen: Float64Array;
  /** Residuals the std has learned per feature. */
  residuals: Float64Array;
  /** The weight the std's variance has gathered per feature, 1 - (1 - alpha)^residuals. */
  gathered: Float64Array;
  /**
   * Held-back rows in a ring of `guard + 1` rows (no allocation per point): each feature's value and its residual
   * when it arrived (NaN: none). The oldest sits at `head`; `held` rows are in it, at most `guard` between
   * points (the extra slot takes the arriving row before the oldest is learned).
   */
  private readonly heldValues: Float64Array;
  private readonly heldResiduals: Float64Array;
  private readonly slots: number;
  private head = 0;
  private held = 0;
  private readonly sqrtAlpha: number;
  private readonly sqrtKeep: number;

  constructor(features: number, options: EwmaZScoreOptions = {}) {
    this.features = features;
    this.alpha = options.alpha ?? 0.05;
    this.beta = options.beta ?? 0.05;
    this.k = options.k ?? 3;
    this.warmup = options.warmup ?? 30;
    this.guard = options.guard ?? 5;
    this.level = new Float64Array(features);
    this.trend = new Float64Array(features);
    this.std = new Float64Array(features);
    this.seen = new Float64Array(features);
    this.residuals = new Float64Array(features);
    this.gathered = new Float64Array(features);
    this.slots = this.guard + 1;
    this.heldValues = new Float64Array(this.slots * features);
    this.heldResiduals = new Float64Array(this.slots * features);
    this.sqrtAlpha = Math.sqrt(this.alpha);
    this.sqrtKeep = Math.sqrt(1 - this.alpha);
  }

  /** Forecast of feature f for the point after the held-back ones (NaN before the first point). */
  private forecast(f: number): number {
    if (this.seen[f] === 0) return Number.NaN;
    return this.level[f]! + this.trend[f]! * (1 + this.held);
  }

  learnOne(x: ArrayLike<number>): void {
    const F = this.features;
    const at = ((this.head + this.held) % this.slots) * F;
    for (let f = 0; f < F; f++) {
      this.heldValues[at + f] = x[f]!;
      // The residual as scoreOne saw it: against the forecast before anything held is learned.
      this.heldResiduals[at + f] = x[f]! - this.forecast(f);
    }
    if (++this.held > this.guard) {
      // More than guard held: the oldest row is learned and leaves the ring.
      this.learnNow(this.head * F);
      this.head = (this.head + 1) % this.slots;
      this.held--;
    }
  }

  /** Learns the held row that starts at `offset` in the ring. */
  private learnNow(offset: number): void {
    for (let f = 0; f < this.features; f++) {
      const v = this.heldValues[offset + f]!;
      if (!Number.isFinite(v)) continue;
      if (this.seen[f] === 0) {
        this.level[f] = v;
        this.trend[f] = 0;
      } else {
        const diff = v - (this.level[f]! + this.trend[f]!);
        this.level[f] = this.level[f]! + this.trend[f]! + this.alpha * diff;
        this.trend[f] = this.trend[f]! + this.alpha * this.beta * diff;
      }
      const r = this.heldResiduals[offset + f]!;
      if (Number.isFinite(r)) {
        // std form of var' = (1 - a)(var + a r^2); hypot (slow) only where squares would overflow or underflow.
        const a = this.std[f]!;
        const b = this.sqrtAlpha * r;
        const squares = a * a + b * b;
        this.std[f] = this.sqrtKeep * (squares > 1e-290 && squares < 1e290 ? Math.sqrt(squares) : Math.hypot(a, b));
        this.residuals[f] = this.residuals[f]! + 1;
        this.gathered[f] = gatherStep(this.alpha, this.gathered[f]!);
      }
      this.seen[f] = this.seen[f]! + 1;
    }
  }

  scoreOne(x: ArrayLike<number>, perFeature?: Float64Array): number {
    let overall = 0;
    for (let f = 0; f < this.features; f++) {
      const v = x[f]!;
      let ratio = 0;
      const learned = this.residuals[f]!;
      if (Number.isFinite(v) && this.seen[f]! >= this.warmup && learned > 0) {
        const m = this.forecast(f);
        // The variance starts at 0 and reaches its level only after about 1 / alpha residuals; dividing by the
        // weight it has gathered, 1 - (1 - alpha)^n (as Adam does for its moments), keeps a young detector from
        // reading noise as z of 5.
        const sd = Math.max(this.std[f]! / Math.sqrt(this.gathered[f]!), 1e-9 * Math.abs(m), Number.MIN_VALUE);
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
      options: { alpha: this.alpha, beta: this.beta, k: this.k, warmup: this.warmup, guard: this.guard },
      state: {
        level: Array.from(this.level),
        trend: Array.from(this.trend),
        std: Array.from(this.std),
        seen: Array.from(this.seen),
        residuals: Array.from(this.residuals),
        pending: Array.from({ length: this.held }, (_, i) => {
          const offset = ((this.head + i) % this.slots) * this.features;
          const row = (ring: Float64Array) => Array.from(ring.subarray(offset, offset + this.features));
          return { values: row(this.heldValues), residuals: row(this.heldResiduals) };
        }),
      },
    };
  }

  restoreState(state: EwmaZScoreState): this {
    // A short array would read as undefined, and a NaN forecast scores Number.MAX_VALUE: refuse it here instead.
    const F = this.features;
    const rows = [state.level, state.trend, state.std, state.seen, state.residuals, ...state.pending.flatMap((p) => [p.values, p.residuals])];
    if (rows.some((row) => row.length !== F)) throw new Error(`ewma-zscore state does not match its ${F} features`);
    this.level = Float64Array.from(state.level);
    this.trend = Float64Array.from(state.trend);
    this.std = Float64Array.from(state.std);
    this.seen = Float64Array.from(state.seen);
    this.residuals = Float64Array.from(state.residuals);
    this.gathered = Float64Array.from(this.residuals, (n) => gatheredWeight(this.alpha, n));
    // JSON has no NaN: a skipped value or a missing residual comes back as null and is skipped again when learned.
    const pending = state.pending.slice(Math.max(0, state.pending.length - this.guard));
    this.head = 0;
    this.held = pending.length;
    pending.forEach((row, i) => {
      for (let f = 0; f < this.features; f++) {
        this.heldValues[i * this.features + f] = row.values[f] ?? Number.NaN;
        this.heldResiduals[i * this.features + f] = row.residuals[f] ?? Number.NaN;
      }
    });
    return this;
  }
}

/** One residual's step of the gathered weight: g' = (1 - alpha) g + alpha. */
const gatherStep = (alpha: number, g: number): number => (1 - alpha) * g + alpha;

/**
 * The gathered weight after n residuals, by the very steps learnOne took: the closed form 1 - (1 - alpha)^n
 * rounds differently, and a restored detector scored unlike the one that was saved. The rounded step is monotone
 * and starts upwards, so it climbs to a fixed point (within about 37 / alpha steps) and this stops there.
 */
function gatheredWeight(alpha: number, n: number): number {
  let g = 0;
  for (let i = 0; i < n; i++) {
    const next = gatherStep(alpha, g);
    if (next === g) break;
    g = next;
  }
  return g;
}

/** The learned state of an EwmaZScore as toJSON() writes it (JSON turns NaN into null). */
export interface EwmaZScoreState {
  level: number[];
  trend: number[];
  std: number[];
  seen: number[];
  residuals: number[];
  pending: { values: (number | null)[]; residuals: (number | null)[] }[];
}
