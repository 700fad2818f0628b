import type { OutputDatum, ScoreStatus } from './datum.js';

const encoder = new TextEncoder();

function round(v: number, digits: number): number {
  if (!Number.isFinite(v)) return 0;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** The output datum as UTF-8 JSON; scores are rounded to 4 decimals and non-finite scores written as 0. */
export function encodeOutput(d: OutputDatum): Uint8Array {
  const featureScores: Record<string, number> = {};
  for (const [name, v] of Object.entries(d.featureScores)) featureScores[name] = round(v, 4);
  const out: OutputDatum = {
    keys: d.keys,
    timestamp: d.timestamp,
    anomalyScore: round(d.anomalyScore, 4),
    featureScores,
    status: d.status,
    model: d.model,
  };
  if (d.reason !== undefined) out.reason = d.reason;
  if (d.metadata !== undefined) out.metadata = d.metadata;
  return encoder.encode(JSON.stringify(out));
}

/** The output for input that could not be read: status invalid, score 0, with its reason. */
export function invalidOutput(reason: string, keys: string[] = [], timestamp = 0): OutputDatum {
  return { keys, timestamp, anomalyScore: 0, featureScores: {}, status: 'invalid', model: null, reason };
}

export function isScoreStatus(v: unknown): v is ScoreStatus {
  return v === 'scored' || v === 'stale' || v === 'static' || v === 'invalid';
}

/** Per-feature scores by feature name, for OutputDatum.featureScores; NaN entries (no per-feature score) are left out. */
export function featureScoreRecord(features: readonly string[], scores: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < features.length; i++) {
    const v = scores[i];
    if (v !== undefined && !Number.isNaN(v)) out[features[i]!] = v;
  }
  return out;
}
