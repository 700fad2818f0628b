// ar-window through the trainer: its threshold and calibration seed come from held-out errors (the newest
// windows under a fit on the older ones), and inference loads and scores the saved bundle like any other.
import { afterEach, describe, expect, it } from 'vitest';
import { thresholdFromJSON } from '@numalogic/core';
import { InferenceStage } from '@numalogic/inference';
import { MINUTE, START, fixtureWindow, overlappingRequests, stageFixture, testConfig, type StageFixture } from './helpers/fixtures.js';

const KEYS = ['checkout', 'p99'];
const AR = [...KEYS, 'ar-window'];
const models = { dense: [{ name: 'ar-window' }], sparse: [{ name: 'robust-baseline' }] };

let fx: StageFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('ar-window through the trainer', () => {
  it('fits its threshold on held-out errors of the newest windows, and inference gives a jump of the newest point a high ratio', async () => {
    fx = await stageFixture(testConfig({ models }));
    const event = await fx.stage.train(KEYS, overlappingRequests(KEYS, START, 240));
    expect(event.status, event.reason).toBe('trained');
    expect(event.versions).toEqual([{ model: 'ar-window', version: 'v000000000001' }]);

    const m = (await fx.store.load(AR))!.manifest;
    expect(m.model).toEqual({ name: 'ar-window', options: { ridge: 1e-3 }, output: 'score' });
    // 229 windows: the newest half (114) scored by a fit on the older 115
    expect(m.training['thresholdErrors']).toEqual({ source: 'held-out', rows: 114 });
    const errorMean = m.training['errorMean'] as number[];
    const threshold = thresholdFromJSON(m.threshold) as unknown as { thresholds: Float64Array; minThreshold: number };
    for (let f = 0; f < 2; f++) {
      // Prediction errors of standardised values: above 0 (the data is noisy), below one standard deviation.
      expect(errorMean[f]).toBeGreaterThan(0.01);
      expect(errorMean[f]).toBeLessThan(1);
      expect(threshold.thresholds[f]).toBeGreaterThan(errorMean[f]!);
    }

    const inference = new InferenceStage({ config: testConfig({ models }), cache: fx.cache, runner: fx.runner });
    const normal = fixtureWindow(KEYS, START + 250 * MINUTE);
    const jump = fixtureWindow(KEYS, START + 250 * MINUTE);
    jump.values[11 * 2] = (jump.values[11 * 2] as number) + 60; // the newest latency only
    const ratios = (await inference.scoreWindows([normal, jump])).map((result) => {
      if (!result?.ok) throw new Error(`inference failed: ${JSON.stringify(result)}`);
      const [score] = result.scored.scores;
      expect(score).toMatchObject({ source: 'model', model: { name: 'ar-window', version: 'v000000000001' } });
      return Math.max(...thresholdFromJSON(m.threshold).score({ data: Float64Array.from(score!.errors), rows: 1, cols: 2 }).data);
    });
    console.info(`ar-window: error mean ${errorMean.map((e) => e.toFixed(3))}, ratio ${ratios.map((r) => r.toFixed(2))} (normal, jump)`);
    expect(ratios[0]).toBeLessThan(2);
    expect(ratios[1]).toBeGreaterThan(3);
  });
});
