import type { Matrix } from '../math/matrix.js';

export interface SerializedThreshold {
  name: string;
  params: Record<string, unknown>;
}

/**
 * A threshold turns errors [rows x features] into ratios: score = error / threshold, so 1 means "at the
 * threshold" and > 1 anomalous. Per-feature thresholds return [rows x features]; Mahalanobis (perFeature false)
 * returns one score per row, [rows x 1]. score() writes into out when given (reused across calls).
 */
export interface Threshold {
  readonly name: string;
  readonly perFeature: boolean;
  fit(errors: Matrix): this;
  score(errors: Matrix, out?: Matrix): Matrix;
  toJSON(): SerializedThreshold;
}

/** Default floor of a fitted threshold, so all-zero training errors never make a threshold of 0. */
export const DEFAULT_MIN_THRESHOLD = 1e-6;
