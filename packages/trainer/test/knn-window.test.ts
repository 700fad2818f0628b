// A memory-based model through the trainer: knn-window holds its own training windows, so their error through
// the ONNX model is 0; the trainer must fit its threshold on the package's held-out errors instead, and
// inference must load and score the saved bundle like any other.
import { afterEach, describe, expect, it } from 'vitest';
import { thresholdFromJSON } from '@numalogic/core';
import { InferenceStage } from '@numalogic/inference';
import { MINUTE, START, fixtureWindow, overlappingRequests, stageFixture, testConfig, type StageFixture } from './helpers/fixtures.js';

const KEYS = ['checkout', 'p99'];
const KNN = [...KEYS, 'knn-window'];
const models = { dense: [{ name: 'knn-window' }], sparse: [{ name: 'robust-baseline' }] };

let fx: StageFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('knn-window through the trainer', () => {
  it('fits a threshold on held-out distances (not the 0 in-sample error), and inference scores with the bundle', async () => {
    fx = await stageFixture(testConfig({ models }));
    const event = await fx.stage.train(KEYS, overlappingRequests(KEYS, START, 240));
    expect(event.status, event.reason).toBe('trained');
    expect(event.versions).toEqual([{ model: 'knn-window', version: 'v000000000001' }]);

    const bundle = (await fx.store.load(KNN))!;
    const m = bundle.manifest;
    expect(m.model).toEqual({ name: 'knn-window', options: { memory: 2000, heldOutWindows: 500 }, output: 'score' });
    expect(m.training['codebook']).toBe(229);
    expect(m.training['thresholdErrors']).toEqual({ source: 'held-out', rows: 229 });
    const threshold = thresholdFromJSON(m.threshold) as unknown as { thresholds: Float64Array; minThreshold: number };
    const errorMean = m.training['errorMean'] as number[];
    for (let f = 0; f < 2; f++) {
      // Held-out distances of standardised windows are a sizeable fraction of a standard deviation...
      expect(errorMean[f]).toBeGreaterThan(0.05);
      // ...and the std-dev threshold (mean + 3 std) sits just above them, far from the degenerate minimum.
      expect(threshold.thresholds[f]).toBeGreaterThan(errorMean[f]!);
      expect(threshold.thresholds[f]).toBeLessThan(10 * errorMean[f]!);
      expect(threshold.thresholds[f]).toBeGreaterThan(1000 * threshold.minThreshold);
    }

    const inference = new InferenceStage({ config: testConfig({ models }), cache: fx.cache, runner: fx.runner });
    const [normal, spike] = await inference.scoreWindows([fixtureWindow(KEYS, START + 250 * MINUTE), fixtureWindow(KEYS, START + 250 * MINUTE, 60)]);
    const ratio = (result: typeof normal) => {
      if (!result?.ok) throw new Error(`inference failed: ${JSON.stringify(result)}`);
      expect(result.tag).toBe('score');
      const [score] = result.scored.scores;
      expect(score).toMatchObject({ source: 'model', model: { name: 'knn-window', version: 'v000000000001' } });
      return Math.max(...thresholdFromJSON(m.threshold).score({ data: Float64Array.from(score!.errors), rows: 1, cols: 2 }).data);
    };
    const normalRatio = ratio(normal);
    const spikeRatio = ratio(spike);
    console.info(`knn-window: held-out error mean ${errorMean.map((e) => e.toFixed(3))}, threshold ${Array.from(threshold.thresholds, (t) => t.toFixed(3))}, ratio ${normalRatio.toFixed(2)} normal, ${spikeRatio.toFixed(2)} with a spike`);
    expect(normalRatio).toBeLessThan(2);
    expect(spikeRatio).toBeGreaterThan(3);
  });
});
