import { describe, expect, it } from 'vitest';
import { normaliseScore, parseConfig, type ThresholdPayload } from '@numalogic/core';
import { PostprocessStage } from '../src/stage.js';

const config = parseConfig({ features: ['a', 'b'], limits: { b: { upper: 100, weight: 1 } }, postprocess: { alertLevel: 6 } });
const payload = (over: Partial<ThresholdPayload> = {}): ThresholdPayload => ({
  keys: ['api'],
  features: ['a', 'b'],
  end: 60_000,
  densityClass: 'dense',
  status: 'scored',
  model: { name: 'dense-autoencoder', version: 'v000000000001' },
  ratios: [0.5, 1],
  staticRatios: [0, 0],
  ...over,
});

describe('PostprocessStage', () => {
  const stage = new PostprocessStage(config);

  it('aggregates features (max), normalises to 0..10 and writes the output datum', () => {
    const r = stage.apply(payload());
    if (!r.ok) throw new Error(r.reason);
    expect(r.output.anomalyScore).toBeCloseTo(normaliseScore(1), 9);
    expect(r.output.featureScores).toEqual({ a: normaliseScore(0.5), b: normaliseScore(1) });
    expect(r.output).toMatchObject({ keys: ['api'], timestamp: 60_000, status: 'scored', model: { name: 'dense-autoencoder', version: 'v000000000001' }, metadata: { densityClass: 'dense' } });
    expect(r.anomaly).toBe(false);
  });

  it('tags anomaly at or above the alert level', () => {
    const r = stage.apply(payload({ ratios: [3, 0.1] }));
    expect(r.ok && r.anomaly).toBe(true);
    expect(r.ok && r.output.anomalyScore).toBeGreaterThanOrEqual(6);
  });

  it('lets a static limit raise the score, never lower it', () => {
    const raised = stage.apply(payload({ ratios: [0.1, 0.1], staticRatios: [0, 4] }));
    const kept = stage.apply(payload({ ratios: [3, 3], staticRatios: [0, 0.5] }));
    if (!raised.ok || !kept.ok) throw new Error('expected outputs');
    expect(raised.output.anomalyScore).toBeCloseTo(normaliseScore(4), 9);
    expect(raised.output.featureScores['b']).toBeCloseTo(normaliseScore(4), 9);
    expect(raised.anomaly).toBe(true);
    expect(kept.output.anomalyScore).toBeCloseTo(normaliseScore(3), 9);
  });

  it('refuses ratios that do not match the features', () => {
    expect(stage.apply(payload({ ratios: [1] }))).toEqual({ ok: false, reason: 'threshold payload: ratios has 1 values for 2 features' });
    expect(stage.apply(payload({ staticRatios: [1, 2, 3] })).ok).toBe(false);
  });
});
