// A model is stale when it is older than the retraining period. Unknown age counts as stale: retraining a
// model too early costs a training run, serving a model of unknown age forever costs accuracy.

export interface TimedManifest {
  trainedAt?: unknown;
  savedAt?: unknown;
}

export function modelAgeMs(manifest: TimedManifest, now: number | Date = Date.now()): number | null {
  const stamp = typeof manifest.trainedAt === 'string' ? manifest.trainedAt : manifest.savedAt;
  if (typeof stamp !== 'string') return null;
  const at = Date.parse(stamp);
  if (Number.isNaN(at)) return null;
  return (typeof now === 'number' ? now : now.getTime()) - at;
}

export function isStale(manifest: TimedManifest, retrainAfterMs: number, now: number | Date = Date.now()): boolean {
  if (!(retrainAfterMs >= 0)) throw new RangeError(`retrainAfterMs must be a non-negative number, got ${retrainAfterMs}`);
  const age = modelAgeMs(manifest, now);
  return age === null || age >= retrainAfterMs;
}
