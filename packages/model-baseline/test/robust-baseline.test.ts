import { inspectModel, OnnxRunner, SeededRandom } from '@numalogic/onnx';
import { servableBundle } from '@numalogic/onnx/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { fitRobustBaseline, MAD_TO_SIGMA, robustBaseline, robustBaselineOptionsSchema, robustLocationScale } from '../src/index.js';

const runner = new OnnxRunner();
afterAll(() => runner.close());

const bundleOf = (onnx: Uint8Array, window: number, features: number, version: string) => servableBundle(onnx, window, features, 'score', version, 'robust-baseline');

describe('robust statistics', () => {
  it('uses median and 1.4826 MAD, ignoring a large outlier', () => {
    const fit = robustLocationScale(new Float64Array([1, 2, 3, 4, 100]));
    expect(fit.median).toBe(3);
    expect(fit.mad).toBe(1);
    expect(fit.scale).toBeCloseTo(MAD_TO_SIGMA);
  });

  it('falls back to the mean absolute deviation when most values are equal (MAD = 0)', () => {
    const values = new Float64Array(20);
    values[3] = 2;
    values[11] = 2;
    const fit = robustLocationScale(values);
    expect(fit.median).toBe(0);
    expect(fit.mad).toBe(0);
    expect(fit.scale).toBeCloseTo((4 / 20) * Math.sqrt(Math.PI / 2));
  });
});

describe('robust baseline model', () => {
  it('exports a graph with output score [batch, features] that ONNX Runtime evaluates as specified', async () => {
    const window = 6;
    const features = 2;
    const random = new SeededRandom(4);
    const history = Float32Array.from({ length: 200 * window * features }, () => random.normal() * 2 + 5);
    const shape = { count: 200, window, features };
    const result = await robustBaseline.train(history, shape);
    const summary = inspectModel(result.onnx);
    expect(summary.outputs).toEqual([{ name: 'score', dims: ['batch', features] }]);
    expect(summary.operators).toEqual(['Abs', 'Div', 'ReduceMean', 'Sub']);

    const fit = fitRobustBaseline(history, shape, robustBaselineOptionsSchema.parse({}));
    const windows = Float32Array.from({ length: 10 * window * features }, () => random.normal() * 4 + 5);
    const scored = await runner.score(bundleOf(result.onnx, window, features, 'spec'), windows);
    for (let b = 0; b < 10; b++) {
      for (let f = 0; f < features; f++) {
        let expected = 0;
        for (let t = 0; t < window; t++) {
          const x = windows[(b * window + t) * features + f] as number;
          expected += Math.abs(x - Math.fround(fit.medians[f] as number)) / Math.fround(fit.scales[f] as number);
        }
        expected /= window;
        expect(Math.abs((scored.errors[b * features + f] as number) - expected)).toBeLessThan(1e-5 * Math.max(1, expected));
      }
    }
  });

  it('scores windows with a burst on a sparse, mostly-zero key far above quiet ones', async () => {
    const window = 12;
    const random = new SeededRandom(8);
    // Sparse counts: mostly 0, sometimes 1 or 2.
    const point = () => (random.next() < 0.8 ? 0 : random.next() < 0.7 ? 1 : 2);
    const history = Float32Array.from({ length: 300 * window }, point);
    const result = await robustBaseline.train(history, { count: 300, window, features: 1 });
    const quiet = Float32Array.from({ length: 50 * window }, point);
    const burst = Float32Array.from(quiet);
    for (let b = 0; b < 50; b++) for (let t = 4; t < 8; t++) burst[b * window + t] = 15;
    const bundle = bundleOf(result.onnx, window, 1, 'sparse');
    const quietScores = (await runner.score(bundle, quiet)).errors;
    const burstScores = (await runner.score(bundle, burst)).errors;
    expect(Math.min(...burstScores)).toBeGreaterThan(Math.max(...quietScores));
    expect(Number.isFinite(Math.max(...burstScores))).toBe(true);
  });

  it('is deterministic and rejects bad input clearly', async () => {
    const history = Float32Array.from({ length: 40 * 4 }, (_, i) => (i % 7) - 3);
    const shape = { count: 40, window: 4, features: 1 };
    const a = await robustBaseline.train(history, shape);
    const b = await robustBaseline.train(Float64Array.from(history), shape);
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    const bad = Float32Array.from(history);
    bad[5] = Number.POSITIVE_INFINITY;
    await expect(robustBaseline.train(bad, shape)).rejects.toThrow(/window 1, step 1, feature 0 is not finite/);
    await expect(robustBaseline.train(history, shape, { epsilon: 0 })).rejects.toThrow(/epsilon/);
  });
});
