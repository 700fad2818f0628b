export interface SerializedOnlineDetector {
  name: string;
  features: number;
  options: Record<string, unknown>;
  state: Record<string, unknown>;
}

/**
 * A streaming detector that needs no training step: it learns one point at a time and can score from its
 * first points. Scores are ratios like a threshold's (1 = at the detector's own threshold, > 1 anomalous), so
 * the same normalisation turns them into 0..10. Non-finite values are skipped by learnOne and score 0.
 * Callers never need to know which detector they hold.
 */
export interface OnlineDetector {
  readonly name: string;
  readonly features: number;
  learnOne(x: ArrayLike<number>): void;
  /** Overall score of the point; per-feature scores are written into perFeature when given. Allocates nothing. */
  scoreOne(x: ArrayLike<number>, perFeature?: Float64Array): number;
  toJSON(): SerializedOnlineDetector;
}
