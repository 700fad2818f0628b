import { KeyedStore, upperTailSurprise } from '@numalogic/core';

/** A |z| beyond this adds nothing to the evidence of a short run (the instant surprise already says it all). */
const Z_CAP = 50;
const LOG10_2 = Math.log10(2);

interface KeyRing {
  ring: Float64Array;
  features: number;
  count: number;
  next: number;
}

/**
 * The surprise of an online (cold-start) score, per feature. Core's online detectors report z / k, so each
 * window's |z| is known, and two tests read it: the window alone (the two-sided Gaussian tail of z: a spike)
 * and the sum of z squared over the key's last `short` windows, chi-square with `short` degrees of freedom
 * under normal data (a sustained shift of 2-4 standard deviations, which no single window of it makes
 * surprising). The surprise is the larger of the two,
 * less log10(2) for having looked twice. The short ring is per key and detector, in this process (LRU).
 */
export class OnlineSurprise {
  private readonly keys: KeyedStore<KeyRing>;

  constructor(
    private readonly short: number,
    maxKeys = 100_000,
  ) {
    if (!(Number.isInteger(short) && short >= 1)) throw new RangeError(`short must be a positive integer, got ${short}`);
    this.keys = new KeyedStore(() => ({ ring: new Float64Array(0), features: 0, count: 0, next: 0 }), maxKeys);
  }

  /** Surprise per feature of one window's |z| values (z = online ratio x k), learning them for the key. */
  update(keys: readonly string[], z: ArrayLike<number>): Float64Array {
    const F = z.length;
    const state = this.keys.get(keys);
    if (state.features !== F) Object.assign(state, { ring: new Float64Array(this.short * F), features: F, count: 0, next: 0 });
    const surprise = new Float64Array(F);
    for (let f = 0; f < F; f++) {
      const value = Math.abs(z[f]!);
      const capped = Number.isFinite(value) ? Math.min(value, Z_CAP) : Number.isNaN(value) ? 0 : Z_CAP;
      state.ring[state.next * F + f] = capped * capped;
      surprise[f] = upperTailSurprise(value) - LOG10_2;
    }
    state.next = (state.next + 1) % this.short;
    if (state.count < this.short) state.count++;
    if (state.count < this.short || this.short === 1) return surprise;
    // Wilson-Hilferty: (chi2_n / n)^(1/3) is close to normal with mean 1 - 2/(9n) and variance 2/(9n), far
    // into the tail, which keeps the test's false alarms near the tail probability it claims.
    const n = this.short;
    const centre = 1 - 2 / (9 * n);
    const spread = Math.sqrt(2 / (9 * n));
    for (let f = 0; f < F; f++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += state.ring[i * F + f]!;
      const sustained = upperTailSurprise((Math.cbrt(sum / n) - centre) / spread);
      surprise[f] = Math.max(surprise[f]!, sustained) - LOG10_2;
    }
    return surprise;
  }
}
