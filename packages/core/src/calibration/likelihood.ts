import { ColumnRing } from './column-ring.js';
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
  /** The newest `short` log raw scores per feature. */
  private readonly recent: ColumnRing;
  /** Float32: log-space short means need no more, and the ring is most of the per-key memory (500 x 4 bytes). */
  private readonly reference: ColumnRing;
  /** Scratch rows, so an update allocates nothing. */
  private readonly logs: Float64Array;
  private readonly shortMeans: Float64Array;

  constructor(features: number, options: LikelihoodOptions = DEFAULT_LIKELIHOOD) {
    if (!(Number.isInteger(features) && features >= 1)) throw new RangeError(`features must be a positive integer, got ${features}`);
    this.features = features;
    this.o = checkLikelihoodOptions({ ...options });
    this.recent = new ColumnRing(this.o.short, features, Float64Array);
    this.reference = new ColumnRing(this.o.long, features, Float32Array);
    this.logs = new Float64Array(features);
    this.shortMeans = new Float64Array(features);
  }

  /** True once the reference distribution holds minLong short means. */
  get ready(): boolean {
    return this.reference.count >= this.o.minLong;
  }

  /** Short means in the reference distribution. */
  get calibrationSize(): number {
    return this.reference.count;
  }

  /**
   * Judges one window's raw scores (one per feature, >= 0; NaN or negative count as 0) and learns them. Writes
   * the surprise per feature into `out` (0 while not ready) and returns whether it was ready. The surprise is
   * computed against the distribution before this window's short mean joins it.
   */
  update(raw: ArrayLike<number>, out: Float64Array): boolean {
    const F = this.features;
    if (raw.length !== F) throw new RangeError(`expected ${F} raw scores, got ${raw.length}`);
    const { sigmaFloor, eps } = this.o;
    for (let f = 0; f < F; f++) {
      const r = raw[f]!;
      this.logs[f] = Math.log((r > 0 ? Math.min(r, Number.MAX_VALUE) : 0) + eps);
    }
    this.recent.push(this.logs);
    const ready = this.ready;
    const reference = this.reference;
    for (let f = 0; f < F; f++) {
      const mean = this.recent.mean(f);
      this.shortMeans[f] = mean;
      out[f] = ready ? upperTailSurprise((mean - reference.mean(f)) / Math.max(Math.sqrt(reference.variance(f)), sigmaFloor)) : 0;
    }
    reference.push(this.shortMeans);
    return ready;
  }

  /** The reference distribution's short means per feature, oldest first (what a bundle carries). */
  toSeed(): LikelihoodSeed {
    const columns = (ring: ColumnRing) => Array.from({ length: this.features }, (_, f) => ring.column(f));
    return { shortMeans: columns(this.reference), recent: columns(this.recent) };
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
    for (let i = Math.max(0, n - this.o.long); i < n; i++) {
      for (let f = 0; f < F; f++) {
        const a = seed.shortMeans[f]![i]!;
        if (!Number.isFinite(a)) throw new RangeError(`seed value ${a} at feature ${f}, position ${i} is not finite`);
      }
    }
    this.reference.fill(seed.shortMeans, n);
    const recent = seed.recent;
    if (recent === undefined || recent.length !== F) return;
    // A recent ring that does not fit is ignored rather than rejected: the reference distribution is what matters.
    const m = Math.min(recent[0]!.length, this.o.short);
    if (recent.some((c) => c.length < m || c.some((u) => !Number.isFinite(u)))) return;
    this.recent.fill(recent, m);
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
