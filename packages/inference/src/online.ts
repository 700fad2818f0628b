import { createOnlineDetector, KeyedStore, type Config, type ModelScore, type OnlineDetector, type WindowPayload } from '@numalogic/core';

/** The version an online (cold-start) score reports: there is no stored model behind it. */
export const ONLINE_VERSION = 'online';

interface KeyState {
  detector: OnlineDetector | null;
  /** Event time of the newest row the detector has learned. */
  learnedUntil: number;
}

/**
 * Cold-start scores for keys without a trained model, by the online detector of the configuration, one per key
 * (bounded, least recently used keys evicted). A key's first window warms its detector on the window's first
 * points - 1 rows; from then on every window's rows newer than what the detector has seen are scored and then
 * learned, so the detector's statistics cover the key's whole recent past, not only the 12 points of one window
 * (which gave noisy scales and many false alarms). The state lives in this process: with several replicas of
 * the vertex each keeps its own, which only changes how warm a detector is. Scores are ratios (1 = at the
 * detector's threshold); the score of a window is the one of its newest row.
 */
export class OnlineScorer {
  private readonly keys: KeyedStore<KeyState>;

  constructor(
    private readonly online: Config['online'],
    maxKeys = 100_000,
  ) {
    this.keys = new KeyedStore(() => ({ detector: null, learnedUntil: -Infinity }), maxKeys);
  }

  score(window: WindowPayload): ModelScore {
    const features = window.features.length;
    const state = this.keys.get(window.keys);
    if (state.detector === null || state.detector.features !== features) {
      state.detector = createOnlineDetector(this.online.name, features, this.online.options);
      state.learnedUntil = -Infinity;
    }
    const detector = state.detector;
    const row = new Float64Array(features);
    const perFeature = new Float64Array(features);
    const rowTime = (r: number) => window.end - (window.points - 1 - r) * window.intervalMs;
    const coldStart = state.learnedUntil === -Infinity;
    let scored = false;
    for (let r = 0; r < window.points; r++) {
      const t = rowTime(r);
      if (t <= state.learnedUntil) continue; // seen in an earlier window
      for (let f = 0; f < features; f++) row[f] = window.values[r * features + f]!;
      // Each new row is scored before it is learned (the last one scored is the window's newest row); on a
      // cold start the rows before the newest only warm the detector.
      if (!coldStart || r === window.points - 1) {
        detector.scoreOne(row, perFeature);
        scored = true;
      }
      detector.learnOne(row);
      state.learnedUntil = t;
    }
    if (!scored) {
      // A window replayed or arriving after newer ones: its newest row against the current state, learning nothing.
      for (let f = 0; f < features; f++) row[f] = window.values[(window.points - 1) * features + f]!;
      detector.scoreOne(row, perFeature);
    }
    const errors = new Array<number>(features);
    for (let f = 0; f < features; f++) errors[f] = Number.isFinite(perFeature[f]!) ? perFeature[f]! : 0;
    return { model: { name: detector.name, version: ONLINE_VERSION }, source: 'online', weight: 1, errors };
  }
}
