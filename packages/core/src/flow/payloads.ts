/**
 * The messages that travel between the pipeline's vertices, one typed shape per edge, JSON on the wire.
 * A datum walks: source transformer -> PointPayload -> preprocess -> WindowPayload -> inference ->
 * ScoredPayload (tags score|static) and TrainRequest (tag train) -> threshold -> ThresholdPayload ->
 * postprocess -> OutputDatum (core/datum).
 */

/** One parsed input point of one key (source transformer -> preprocess). Keys travel as the message keys. */
export interface PointPayload {
  /** Epoch ms. */
  t: number;
  /** Feature values in config order. */
  v: number[];
  /** Set when the event asked for a retrain of its key (input field `retrain: true`). */
  force?: boolean;
}

/** One key's window, gap-filled on the expected interval grid (preprocess -> inference). */
export interface WindowPayload {
  keys: string[];
  features: string[];
  /** Epoch ms of the newest grid point of the window. */
  end: number;
  intervalMs: number;
  /** Window length in points (rows of `values`). */
  points: number;
  /** points x features, row-major, oldest row first. */
  values: number[];
  /** Points actually observed (the rest were filled). */
  observed: number;
  /** observed / points. */
  density: number;
  /** The density class the window was tagged with (e.g. dense, sparse). */
  densityClass: string;
  /** False when a gap was longer than the fill limit. */
  complete: boolean;
  /**
   * The observed points of the window, for a training request: timestamps and rows as in PointPayload.
   * Left out when they are exactly the grid (every row observed, on its grid time: see rawIsGrid); a
   * consumer reads it through windowRaw(), which rebuilds it from the grid then. Payloads that carry it
   * (older preprocess, off-grid timestamps, gaps) are read as before.
   */
  raw?: { t: number[]; v: number[][] };
  /** A point of the window asked for a retrain. */
  force?: boolean;
}

export type ScoreSource = 'model' | 'online';

/** One model's raw errors for one window. */
export interface ModelScore {
  model: { name: string; version: string };
  /** 'model': a bundle from the store, thresholded by its own threshold; 'online': a cold-start detector. */
  source: ScoreSource;
  weight: number;
  /** Raw error (model) or raw online score per feature. */
  errors: number[];
}

/** What inference produces for threshold (tags score | static). */
export interface ScoredPayload {
  keys: string[];
  features: string[];
  end: number;
  densityClass: string;
  status: 'scored' | 'stale' | 'static';
  scores: ModelScore[];
  /** The window's last row of values (untransformed), for static limits. */
  last: number[];
}

export type TrainReason = 'missing' | 'stale' | 'drift' | 'force';

/** A training request (inference -> trainer, tag train). Keys travel as the message keys. */
export interface TrainRequest {
  keys: string[];
  features: string[];
  intervalMs: number;
  densityClass: string;
  reason: TrainReason;
  /** The version that was found stale or drifting, if any. */
  version?: string;
  /** The points of the triggering window. */
  raw: { t: number[]; v: number[][] };
}

/** Per-feature ratios after thresholds (threshold -> postprocess): 1 means "at the threshold". */
export interface ThresholdPayload {
  keys: string[];
  features: string[];
  end: number;
  densityClass: string;
  status: 'scored' | 'stale' | 'static';
  /** The model whose score weighs most (the first of the ensemble), or the online detector. */
  model: { name: string; version: string } | null;
  /** error / threshold per feature, ensemble-weighted. */
  ratios: number[];
  /** Static-limit ratios per feature (0 where no limit applies). */
  staticRatios: number[];
}

/** What the trainer writes to its log sink for every key it considered. */
export interface TrainingEvent {
  keys: string[];
  status: 'trained' | 'skipped' | 'insufficient' | 'outside-hours' | 'failed';
  reason: string;
  densityClass: string;
  /** Versions saved, one per model of the class. */
  versions: { model: string; version: string }[];
  historyPoints: number;
  durationMs: number;
}
