export interface NormaliseOptions {
  method: 'rational' | 'tanh' | 'sigmoid';
  /** Upper end of the score range (10). */
  scale: number;
  /** tanh: score = scale * tanh(ratio / smooth). */
  smooth: number;
  /** sigmoid: score = scale / (1 + exp(-slope * (ratio - center))). */
  slope: number;
  center: number;
}

export const DEFAULT_NORMALISE: NormaliseOptions = { method: 'rational', scale: 10, smooth: 2, slope: 3, center: 1 };

/**
 * Maps a ratio (error / threshold, >= 0; 1 = at the threshold) to an anomaly score in [0, scale].
 * rational (default): scale * r / (r + 1), r = max(ratio, 0): ratio 1 -> 5 (the default alert level), 2 -> 6.67,
 * 9 -> 9; it never reaches scale, so strong anomalies keep their order instead of tying at the top.
 * tanh: scale * tanh(max(ratio, 0) / smooth); with defaults ratio 1 -> 4.62, 2 -> 7.62, 3 -> 9.05.
 * sigmoid: scale / (1 + exp(-slope * (ratio - center))); with defaults ratio 1 -> 5.
 * NaN maps to 0 (no evidence), +Infinity to scale.
 */
export function normaliseScore(ratio: number, o: NormaliseOptions = DEFAULT_NORMALISE): number {
  if (Number.isNaN(ratio)) return 0;
  if (o.method === 'rational') {
    if (ratio === Infinity) return o.scale;
    const r = Math.max(ratio, 0);
    return o.scale * (r / (r + 1)); // not (scale * r) / (r + 1): that overflows to Infinity for huge r
  }
  if (o.method === 'sigmoid') {
    const arg = Math.min(Math.max(-o.slope * (ratio - o.center), -700), 700);
    return o.scale / (1 + Math.exp(arg));
  }
  return o.scale * Math.tanh(Math.max(ratio, 0) / o.smooth);
}

/** A static score can raise the final score, never lower it. */
export function adjustByStatic(modelScore: number, staticScore: number): number {
  if (Number.isNaN(staticScore)) return modelScore;
  if (Number.isNaN(modelScore)) return staticScore;
  return Math.max(modelScore, staticScore);
}
