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

  describe('one alarm per event (suppression)', () => {
    const suppressing = (soft: boolean, windows = 10) =>
      new PostprocessStage(parseConfig({ features: ['a', 'b'], postprocess: { alertLevel: 5, suppression: { windows, soft } } }));
    const at = (minute: number, ratio: number, keys = ['api']) => payload({ keys, end: minute * 60_000, ratios: [ratio, 0] });
    const scoreOf = (r: ReturnType<PostprocessStage['apply']>) => {
      if (!r.ok) throw new Error(r.reason);
      return r;
    };

    it('alerts once, holds the following windows below half the alert level, then alerts again', () => {
      const stage = suppressing(false, 3);
      expect(scoreOf(stage.apply(at(1, 2))).anomaly).toBe(true);
      for (const minute of [2, 3, 4]) {
        const r = scoreOf(stage.apply(at(minute, 2)));
        expect(r.anomaly).toBe(false);
        expect(r.output.anomalyScore).toBeCloseTo(2.5, 9);
        expect(r.output.metadata).toMatchObject({ suppressed: true, unsuppressedScore: normaliseScore(2) });
        expect(Math.max(...Object.values(r.output.featureScores).map(Number))).toBeLessThanOrEqual(2.5);
      }
      expect(scoreOf(stage.apply(at(5, 2))).anomaly).toBe(true);
      // keys are independent
      expect(scoreOf(stage.apply(at(2, 2, ['web']))).anomaly).toBe(true);
    });

    it('soft: a clearly stronger event inside the span alerts and restarts it', () => {
      const stage = suppressing(true, 10);
      expect(scoreOf(stage.apply(at(1, 2))).anomaly).toBe(true);
      // 2 windows in (20% elapsed): ratio 2 scales to 0.4, below 1; ratio 8 scales to 1.6, an alarm
      expect(scoreOf(stage.apply(at(2, 2))).anomaly).toBe(false);
      const stronger = scoreOf(stage.apply(at(3, 8)));
      expect(stronger.anomaly).toBe(true);
      expect(stronger.output.anomalyScore).toBeCloseTo(normaliseScore(8 * 0.2), 9);
      expect(scoreOf(stage.apply(at(4, 8))).anomaly).toBe(false); // the span restarted at minute 3
    });

    it('keeps the state of at most config.maxKeys keys (least recently used forgotten first)', () => {
      const remembering = suppressing(false, 10);
      const forgetting = new PostprocessStage(parseConfig({ features: ['a', 'b'], maxKeys: 1, postprocess: { alertLevel: 5, suppression: { windows: 10, soft: false } } }));
      for (const stage of [remembering, forgetting]) {
        expect(scoreOf(stage.apply(at(1, 2, ['api']))).anomaly).toBe(true);
        expect(scoreOf(stage.apply(at(1, 2, ['web']))).anomaly).toBe(true);
      }
      // 'api' is still in its span where its state is kept, and alerts afresh where 'web' pushed it out
      expect(scoreOf(remembering.apply(at(2, 2, ['api']))).anomaly).toBe(false);
      expect(scoreOf(forgetting.apply(at(2, 2, ['api']))).anomaly).toBe(true);
    });

    it('a replayed window neither counts down the span nor starts one; windows 0 turns it off', () => {
      const stage = suppressing(false, 2);
      stage.apply(at(1, 2));
      for (let i = 0; i < 5; i++) expect(scoreOf(stage.apply(at(2, 2))).anomaly).toBe(false);
      expect(scoreOf(stage.apply(at(3, 2))).anomaly).toBe(false);
      expect(scoreOf(stage.apply(at(4, 2))).anomaly).toBe(true);
      const off = suppressing(false, 0);
      for (let minute = 1; minute <= 3; minute++) expect(scoreOf(off.apply(at(minute, 2))).anomaly).toBe(true);
    });
  });
});
