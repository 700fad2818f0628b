/** One input point of one key, as the pipeline carries it after parsing. */
export interface Datum {
  /** Values of the key fields, in config order. */
  keys: string[];
  /** Epoch milliseconds. */
  timestamp: number;
  /** Feature values, in config order. */
  values: Float64Array;
}

export type ParseResult = { ok: true; datum: Datum } | { ok: false; reason: string };

export type ScoreStatus = 'scored' | 'stale' | 'static' | 'invalid';

/** What the pipeline writes out for a window or an invalid input. */
export interface OutputDatum {
  keys: string[];
  /** Epoch ms of the end of the scored window (of the input, for invalid data). */
  timestamp: number;
  /** 0..10; 0 for invalid data. */
  anomalyScore: number;
  /** Score 0..10 per feature name (empty when the model gives one score for all features). */
  featureScores: Record<string, number>;
  status: ScoreStatus;
  /** The model that scored it; null when static rules or no model did. */
  model: { name: string; version: string } | null;
  /** Why the datum is invalid; only with status 'invalid'. */
  reason?: string;
  /** Free metadata carried through (density class, online score, static score...). */
  metadata?: Record<string, unknown>;
}
