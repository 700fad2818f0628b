import { upperTailSurprise } from './tail.js';

export interface LikelihoodOptions {
  /** Windows in the short mean of log raw scores (smooths single-window noise). */
  short: number;
  /** Short means kept for the reference distribution (the key's recent "normal"). */
  long: number;
  /** Short means needed before the calibration reports a surprise. */
  minLong: number;
  /** Floor of the reference distribution's standard deviation, in log units. */
  sigmaFloor: number;
  /** Added to raw scores before the log, in the raw score's units: differences below it are never surprising. */
  eps: number;
}

export const DEFAULT_LIKELIHOOD: LikelihoodOptions = { short: 5, long: 500, minLong: 288, sigmaFloor: 0.2, eps: 0.1 };

/** The calibration state that can travel in a bundle, per feature, oldest first. */
export interface LikelihoodSeed {
  /** The reference distribution: the newest short means. */
  shortMeans: number[][];
  /** The newest log raw scores (the short ring), used by a calibration that has none of its own yet. */
  recent?: number[][];
}

/** Checks options once, with messages naming the field. */
export function checkLikelihoodOptions(o: LikelihoodOptions): LikelihoodOptions {
  for (const name of ['short', 'long', 'minLong'] as const) {
    if (!(Number.isInteger(o[name]) && o[name] >= 1)) throw new RangeError(`likelihood ${name} must be a positive integer, got ${o[name]}`);
  }
  if (o.minLong > o.long) throw new RangeError(`likelihood minLong (${o.minLong}) must not exceed long (${o.long})`);
  if (!(o.sigmaFloor > 0)) throw new RangeError(`likelihood sigmaFloor must be > 0, got ${o.sigmaFloor}`);
  if (!(o.eps > 0)) throw new RangeError(`likelihood eps must be > 0, got ${o.eps}`);
  return o;
}

/**
 * Anomaly likelihood of one key's raw scores, per feature (the idea of Numenta's HTM detector): a raw score
 * means little on its own (a reconstruction error of 0.8 is normal for one key and alarming for another), so
 * it is judged against the key's own recent scores. Per window and feature: u = log(raw + eps); the mean of u
 * over the last `short` windows is compared with the distribution (mean, standard deviation floored at
 * `sigmaFloor`) of that short mean over the last `long` windows, and the surprise is -log10 of the Gaussian
 * upper tail: 5 means a 1-in-100,000 event for this key. Logs make the calibration scale-free; the short mean
 * makes one odd window weigh less than a sustained change. Ring buffers, O(features) per window, no allocation.
 */
export class AnomalyLikelihood {
  readonly features: number;
  private readonly o: LikelihoodOptions;
  private readonly shortRing: Float64Array;
  private readonly shortSum: Float64Array;
  private shortCount = 0;
  private shortNext = 0;
  /** Float32: log-space short means need no more, and the ring is most of the per-key memory (500 x 4 bytes). */
  private readonly longRing: Float32Array;
  private readonly longSum: Float64Array;
  private readonly longSquares: Float64Array;
  private longCount = 0;
  private longNext = 0;
  /** Pushes since the running sums were last recomputed exactly (they drift by rounding otherwise). */
  private sinceExact = 0;

  constructor(features: number, options: LikelihoodOptions = DEFAULT_LIKELIHOOD) {
    if (!(Number.isInteger(features) && features >= 1)) throw new RangeError(`features must be a positive integer, got ${features}`);
    this.features = features;
    this.o = checkLikelihoodOptions({ ...options });
    this.shortRing = new Float64Array(this.o.short * features);
    this.shortSum = new Float64Array(features);
    this.longRing = new Float32Array(this.o.long * features);
    this.longSum = new Float64Array(features);
    this.longSquares = new Float64Array(features);
  }

  /** True once the reference distribution holds minLong short means. */
  get ready(): boolean {
    return this.longCount >= this.o.minLong;
  }

  /** Short means in the reference distribution. */
  get calibrationSize(): number {
    return this.longCount;
  }

  /**
   * Judges one window's raw scores (one per feature, >= 0; NaN or negative count as 0) and learns them. Writes
   * the surprise per feature into `out` (0 while not ready) and returns whether it was ready. The surprise is
   * computed against the distribution before this window's short mean joins it.
   */
  update(raw: ArrayLike<number>, out: Float64Array): boolean {
    const F = this.features;
    if (raw.length !== F) throw new RangeError(`expected ${F} raw scores, got ${raw.length}`);
    const { short, sigmaFloor, eps } = this.o;
    const full = this.shortCount === short;
    const at = this.shortNext * F;
    for (let f = 0; f < F; f++) {
      const r = raw[f]!;
      const u = Math.log((r > 0 ? Math.min(r, Number.MAX_VALUE) : 0) + eps);
      if (full) this.shortSum[f]! -= this.shortRing[at + f]!;
      this.shortRing[at + f] = u;
      this.shortSum[f]! += u;
    }
    if (!full) this.shortCount++;
    this.shortNext = (this.shortNext + 1) % short;
    const ready = this.ready;
    for (let f = 0; f < F; f++) {
      const mean = this.shortSum[f]! / this.shortCount;
      if (ready) {
        const n = this.longCount;
        const m = this.longSum[f]! / n;
        const sd = Math.sqrt(Math.max(0, this.longSquares[f]! / n - m * m));
        out[f] = upperTailSurprise((mean - m) / Math.max(sd, sigmaFloor));
      } else {
        out[f] = 0;
      }
    }
    this.pushLong(this.shortSum, this.shortCount);
    return ready;
  }

  /** Adds one short mean per feature (sums / count) to the reference distribution. */
  private pushLong(sums: Float64Array, count: number): void {
    const F = this.features;
    const full = this.longCount === this.o.long;
    const at = this.longNext * F;
    for (let f = 0; f < F; f++) {
      const a = Math.fround(sums[f]! / count); // the value the ring keeps, so the sums add what they later remove
      if (full) {
        const old = this.longRing[at + f]!;
        this.longSum[f]! -= old;
        this.longSquares[f]! -= old * old;
      }
      this.longRing[at + f] = a;
      this.longSum[f]! += a;
      this.longSquares[f]! += a * a;
    }
    if (!full) this.longCount++;
    this.longNext = (this.longNext + 1) % this.o.long;
    if (++this.sinceExact >= this.o.long) this.recomputeSums();
  }

  private recomputeSums(): void {
    const F = this.features;
    this.longSum.fill(0);
    this.longSquares.fill(0);
    for (let i = 0; i < this.longCount; i++) {
      for (let f = 0; f < F; f++) {
        const a = this.longRing[i * F + f]!;
        this.longSum[f]! += a;
        this.longSquares[f]! += a * a;
      }
    }
    this.sinceExact = 0;
  }

  /** The reference distribution's short means per feature, oldest first (what a bundle carries). */
  toSeed(): LikelihoodSeed {
    const F = this.features;
    const n = this.longCount;
    const start = n === this.o.long ? this.longNext : 0;
    const shortMeans = Array.from({ length: F }, (_, f) => {
      const column = new Array<number>(n);
      for (let i = 0; i < n; i++) column[i] = this.longRing[((start + i) % this.o.long) * F + f]!;
      return column;
    });
    const m = this.shortCount;
    const first = m === this.o.short ? this.shortNext : 0;
    const recent = Array.from({ length: F }, (_, f) => Array.from({ length: m }, (_, i) => this.shortRing[((first + i) % this.o.short) * F + f]!));
    return { shortMeans, recent };
  }

  /**
   * Replaces the reference distribution with a seed (e.g. computed by the trainer from the key's history), so a
   * fresh model is calibrated from its first window. The short ring takes the seed's recent values when it has
   * them: a live ring would hold another model's scores, and mixing two models' units in one short mean raised
   * false alarms at every retraining.
   */
  seed(seed: LikelihoodSeed): void {
    const F = this.features;
    if (seed.shortMeans.length !== F) throw new RangeError(`seed has ${seed.shortMeans.length} features, expected ${F}`);
    const n = seed.shortMeans[0]!.length;
    if (seed.shortMeans.some((c) => c.length !== n)) throw new RangeError('seed features have different lengths');
    const keep = Math.min(n, this.o.long);
    this.longCount = 0;
    this.longNext = 0;
    this.longSum.fill(0);
    this.longSquares.fill(0);
    for (let i = n - keep; i < n; i++) {
      for (let f = 0; f < F; f++) {
        const a = seed.shortMeans[f]![i]!;
        if (!Number.isFinite(a)) throw new RangeError(`seed value ${a} at feature ${f}, position ${i} is not finite`);
        this.longRing[this.longCount * F + f] = a;
      }
      this.longCount++;
    }
    this.longNext = this.longCount % this.o.long;
    this.recomputeSums();
    if (seed.recent !== undefined && seed.recent.length === F) this.seedRecent(seed.recent);
  }

  private seedRecent(recent: number[][]): void {
    const F = this.features;
    const m = Math.min(recent[0]!.length, this.o.short);
    if (recent.some((c) => c.length < m || c.some((u) => !Number.isFinite(u)))) return;
    this.shortSum.fill(0);
    for (let i = 0; i < m; i++) {
      for (let f = 0; f < F; f++) {
        const u = recent[f]![recent[f]!.length - m + i]!;
        this.shortRing[i * F + f] = u;
        this.shortSum[f]! += u;
      }
    }
    this.shortCount = m;
    this.shortNext = m % this.o.short;
  }
}

/**
 * The seed a key's raw scores in time order ([count x features], row-major) give: they are fed through a fresh
 * calibration, so the seed is exactly the state a replica that had seen those windows would hold.
 */
export function likelihoodSeed(raw: ArrayLike<number>, count: number, features: number, options: LikelihoodOptions = DEFAULT_LIKELIHOOD): LikelihoodSeed {
  const calibration = new AnomalyLikelihood(features, options);
  const out = new Float64Array(features);
  const row = new Float64Array(features);
  for (let i = Math.max(0, count - options.long - options.short); i < count; i++) {
    for (let f = 0; f < features; f++) row[f] = raw[i * features + f]!;
    calibration.update(row, out);
  }
  return calibration.toSeed();
}
