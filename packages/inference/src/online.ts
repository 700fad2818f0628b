import { createOnlineDetector, type Config, type ModelScore, type WindowPayload } from '@numalogic/core';

/** The version an online (cold-start) score reports: there is no stored model behind it. */
export const ONLINE_VERSION = 'online';

/**
 * Cold-start score of a window without any trained model: a fresh online detector (config.online) learns the
 * window's first points - 1 rows and scores the last row, per feature. Stateless, so every replica gives the
 * same answer for the same window. The scores are ratios (1 = at the detector's own threshold).
 */
export function onlineScore(window: WindowPayload, online: Config['online']): ModelScore {
  const features = window.features.length;
  const detector = createOnlineDetector(online.name, features, online.options);
  const row = new Float64Array(features);
  for (let r = 0; r < window.points - 1; r++) {
    for (let f = 0; f < features; f++) row[f] = window.values[r * features + f]!;
    detector.learnOne(row);
  }
  const last = (window.points - 1) * features;
  for (let f = 0; f < features; f++) row[f] = window.values[last + f]!;
  const perFeature = new Float64Array(features);
  detector.scoreOne(row, perFeature);
  return {
    model: { name: detector.name, version: ONLINE_VERSION },
    source: 'online',
    weight: 1,
    errors: Array.from(perFeature, (v) => (Number.isFinite(v) ? v : 0)),
  };
}
