import { inspectModel, OnnxRunner, SeededRandom } from '@numalogic/onnx';
import { normalWindows, servableBundle, slidingWindows } from '@numalogic/onnx/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { arHeldOutErrors, arPredictionErrors, arWindow, exportArWindow, fitAr, type ArModel } from '../src/index.js';

const runner = new OnnxRunner();
afterAll(() => runner.close());

let versions = 0;
const bundleOf = (onnx: Uint8Array, window: number, features: number) => servableBundle(onnx, window, features, 'score', `v${versions++}`, 'ar-window');

/** Plain reference, written apart from the package: |newest − (Σ_j w_f[j] x[j, f] + c_f)| for window i, feature f. */
function referenceError(model: ArModel, windows: ArrayLike<number>, i: number, f: number): number {
  const { window, features } = model;
  const at = (t: number) => windows[(i * window + t) * features + f] as number;
  let prediction = model.intercepts[f] as number;
  for (let j = 0; j < window - 1; j++) prediction += (model.weights[f * (window - 1) + j] as number) * at(j);
  return Math.abs(at(window - 1) - prediction);
}

/** Seeded AR(2) series per feature: x_t = a1 x_{t-1} + a2 x_{t-2} + level + noise·e_t, [length, features]. */
function ar2Series(length: number, coefficients: readonly (readonly [number, number, number])[], noise: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const features = coefficients.length;
  const series = new Float64Array(length * features);
  for (let f = 0; f < features; f++) {
    const [a1, a2, level] = coefficients[f] as readonly [number, number, number];
    let previous = 0;
    let beforePrevious = 0;
    // Burn-in so the series starts in its stationary regime.
    for (let t = -200; t < length; t++) {
      const value = a1 * previous + a2 * beforePrevious + level + noise * random.normal();
      if (t >= 0) series[t * features + f] = value;
      beforePrevious = previous;
      previous = value;
    }
  }
  return series;
}

describe('ar-window ONNX graph', () => {
  it('scores |newest − linear prediction| per feature, as a plain TS computation does (random weights, float32 tolerance)', async () => {
    const random = new SeededRandom(17);
    for (const [window, features] of [
      [12, 1],
      [12, 3],
      [5, 4],
      [2, 2],
      [1, 2],
    ] as const) {
      const lags = window - 1;
      const model: ArModel = {
        weights: Float64Array.from({ length: features * lags }, () => random.normal() * 0.5),
        intercepts: Float64Array.from({ length: features }, () => random.normal()),
        window,
        features,
      };
      const onnx = exportArWindow(model);
      const summary = inspectModel(onnx);
      expect(summary.inputs).toEqual([{ name: 'x', dims: ['batch', window, features] }]);
      expect(summary.outputs).toEqual([{ name: 'score', dims: ['batch', features] }]);
      const batch = 33;
      const windows = normalWindows(batch, window, features, random);
      const scored = await runner.score(bundleOf(onnx, window, features), windows);
      expect(scored.count).toBe(batch);
      const ts = arPredictionErrors(model, windows, batch);
      for (let i = 0; i < batch; i++) {
        for (let f = 0; f < features; f++) {
          const expected = referenceError(model, windows, i, f);
          expect(ts[i * features + f]).toBeCloseTo(expected, 12);
          expect(Math.abs((scored.errors[i * features + f] as number) - expected), `W=${window} F=${features} window ${i} feature ${f}`).toBeLessThan(
            1e-5 * (1 + expected),
          );
        }
      }
    }
  });
});

describe('ar-window training', () => {
  // Two features with their own dynamics: a damped oscillation and a slow, positively correlated one with a level.
  const truth = [
    [1.2, -0.5, 0],
    [0.5, 0.3, 0.4],
  ] as const;
  const series = ar2Series(3011, truth, 0.5, 23);
  const train = slidingWindows(series, 2, 12);
  const shape = { count: train.count, window: 12, features: 2 };

  it('recovers the generating AR(2) coefficients of each feature, with near-zero weights on the older lags', () => {
    expect(train.count).toBe(3000);
    const model = fitAr(train.windows, shape, 1e-3);
    for (let f = 0; f < 2; f++) {
      const [a1, a2, level] = truth[f] as readonly [number, number, number];
      const w = model.weights.subarray(f * 11, (f + 1) * 11);
      // Lag index 10 is the value just before the newest, 9 the one before it.
      expect(Math.abs((w[10] as number) - a1), `feature ${f} a1`).toBeLessThan(0.06);
      expect(Math.abs((w[9] as number) - a2), `feature ${f} a2`).toBeLessThan(0.06);
      for (let j = 0; j < 9; j++) expect(Math.abs(w[j] as number), `feature ${f} lag ${j}`).toBeLessThan(0.06);
      expect(Math.abs((model.intercepts[f] as number) - level), `feature ${f} intercept`).toBeLessThan(0.1);
    }
  });

  it('fits the noise level in sample and gives a spike a large error through ONNX', async () => {
    const result = await arWindow.train(train.windows, shape);
    // The best linear predictor leaves the innovation: noise 0.5, so a mean squared error near 0.25.
    expect(result.training.loss).toBeGreaterThan(0.2);
    expect(result.training.loss).toBeLessThan(0.3);
    expect(result.training.samples).toBe(3000);
    const bundle = bundleOf(result.onnx, 12, 2);
    const normal = await runner.score(bundle, train.windows.subarray(0, 500 * 24));
    const sorted = Float64Array.from(normal.errors).sort();
    const p99 = sorted[Math.floor(0.99 * sorted.length)] as number;
    expect(p99).toBeLessThan(2);

    const spiked = Float32Array.from(train.windows.subarray(0, 24));
    spiked[11 * 2 + 1] = (spiked[11 * 2 + 1] as number) + 4; // newest step, feature 1: 8 noise units
    const scored = await runner.score(bundle, spiked);
    expect(scored.errors[1]).toBeGreaterThan(3);
    expect(scored.errors[1]).toBeGreaterThan(2 * p99);
    // Feature 0 is untouched: its error stays ordinary.
    expect(scored.errors[0]).toBeLessThan(p99);
  });

  it('shrinks the lag weights as the ridge penalty grows', () => {
    const norm = (model: ArModel) => model.weights.reduce((sum, w) => sum + w * w, 0);
    const small = fitAr(train.windows, shape, 1e-4);
    const large = fitAr(train.windows, shape, 1);
    expect(norm(large)).toBeLessThan(0.5 * norm(small));
  });

  it('fits a constant feature without failing (the ridge keeps the system positive definite)', async () => {
    const constant = new Float32Array(50 * 12).fill(0.25);
    const result = await arWindow.train(constant, { count: 50, window: 12, features: 1 });
    const scored = await runner.score(bundleOf(result.onnx, 12, 1), constant.subarray(0, 12));
    expect(scored.errors[0]).toBeLessThan(1e-4);
  });

  it('is deterministic and rejects bad input and options clearly', async () => {
    const random = new SeededRandom(3);
    const small = { count: 40, window: 6, features: 2 };
    const windows = normalWindows(40, 6, 2, random);
    const a = await arWindow.train(windows, small, { ridge: 0.01 });
    const b = await arWindow.train(Float64Array.from(windows), small, { ridge: 0.01 });
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(a.options).toEqual({ ridge: 0.01 });
    expect((await arWindow.train(windows, small)).options).toEqual({ ridge: 1e-3 });
    const bad = Float32Array.from(windows);
    bad[13] = Number.NaN;
    await expect(arWindow.train(bad, small)).rejects.toThrow(/window 1, step 0, feature 1 is not finite/);
    await expect(arWindow.train(windows, { ...small, count: 41 })).rejects.toThrow(/expected 492 values/);
    await expect(arWindow.train(windows, { ...small, window: 0 })).rejects.toThrow(/window must be a positive integer/);
    await expect(arWindow.train(windows, small, { ridge: 0 })).rejects.toThrow(/ridge/);
    await expect(arWindow.train(windows, small, { ridge: -1 })).rejects.toThrow(/ridge/);
    await expect(arWindow.train(windows, small, { lags: 3 } as never)).rejects.toThrow(/lags/);
    const model = fitAr(windows, small, 1e-3);
    expect(() => arPredictionErrors(model, windows, 41)).toThrow(/expected 492 values/);
  });
});

describe('arHeldOutErrors', () => {
  it('scores the newest windows (up to 500, at most half) with a fit on the older ones only', async () => {
    const series = ar2Series(1411, [[0.6, 0.2, 1], [0.3, -0.2, 0]], 0.5, 5);
    const windows = slidingWindows(series, 2, 12).windows;
    const shape = { count: 1400, window: 12, features: 2 };
    const result = await arWindow.train(windows, shape);
    const errors = arHeldOutErrors(windows, shape, result);
    const held = 500; // min(HELD_OUT_WINDOWS = 500, 1400 / 2): written out, not the implementation's formula again
    expect(errors.length).toBe(held * shape.features);
    const size = shape.window * shape.features;
    const older = fitAr(windows.subarray(0, (shape.count - held) * size), { ...shape, count: shape.count - held }, 1e-3);
    expect(Array.from(errors)).toEqual(Array.from(arPredictionErrors(older, windows.subarray((shape.count - held) * size), held)));
    // the fit on all windows would see these windows in sample: on average it errs less on them
    const inSample = arPredictionErrors(fitAr(windows, shape, 1e-3), windows.subarray((shape.count - held) * size), held);
    const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(errors)).toBeGreaterThanOrEqual(mean(inSample));

    // A short history: half of it is held out; a single window is scored in sample, having nothing older.
    const few = { ...shape, count: 40 };
    expect(arHeldOutErrors(windows.subarray(0, 40 * size), few, result)).toHaveLength(20 * shape.features);
    const one = { ...shape, count: 1 };
    const single = windows.subarray(0, size);
    expect(Array.from(arHeldOutErrors(single, one, result))).toEqual(Array.from(arPredictionErrors(fitAr(single, one, 1e-3), single, 1)));
  });
});
