import { inspectModel, OnnxRunner } from '@numalogic/onnx';
import { afterAll, describe, expect, it } from 'vitest';
import {
  denseAutoencoder,
  denseAutoencoderOptionsSchema,
  exportDenseAutoencoder,
  fitDenseAutoencoder,
  forwardFloat32,
  trainDenseAutoencoder,
} from '../src/index.js';

import { maxPerWindow, meanAbsolutePerFeature, rocAuc, servableBundle, syntheticDataset } from '@numalogic/onnx/testing';

const runner = new OnnxRunner();
afterAll(() => runner.close());

const data = syntheticDataset({ trainWindows: 1000, testLength: 1200, window: 12, features: 3, seed: 11 });
const shape = { count: data.train.count, window: 12, features: 3 };

describe('dense autoencoder', () => {
  it('separates windows with injected anomalies from normal ones (ROC AUC from the runner scores)', async () => {
    const result = await denseAutoencoder.train(data.train.windows, shape, {}, { seed: 3 });
    const scored = await runner.score(servableBundle(result.onnx, 12, 3, denseAutoencoder.output), data.test.windows);
    expect(scored.count).toBe(data.test.count);
    const auc = rocAuc(maxPerWindow(scored.errors, scored.count, 3), data.test.labels);
    expect(auc).toBeGreaterThanOrEqual(0.95);
    // The anomalies are small enough that scoring the raw magnitude does not find them.
    const naive = rocAuc(maxPerWindow(meanAbsolutePerFeature(data.test.windows, data.test.count, 12, 3), data.test.count, 3), data.test.labels);
    expect(naive).toBeLessThan(0.9);
  });

  it('exports a graph keeping the contract, and ONNX Runtime agrees with our forward pass within 1e-5', async () => {
    const options = denseAutoencoderOptionsSchema.parse({ hiddenSizes: [20, 12], bottleneck: 6, epochs: 5 });
    for (const activation of ['tanh', 'relu'] as const) {
      const fit = fitDenseAutoencoder(data.train.windows, shape, { ...options, activation }, { seed: 5 });
      const onnx = exportDenseAutoencoder(fit.network, 12, 3);
      const summary = inspectModel(onnx);
      expect(summary.inputs).toEqual([{ name: 'x', dims: ['batch', 12, 3] }]);
      expect(summary.outputs).toEqual([{ name: 'reconstruction', dims: ['batch', 12, 3] }]);
      const windows = data.test.windows.subarray(0, 50 * 36);
      const ours = forwardFloat32(fit.network, windows, 50);
      const theirs = await runner.output(servableBundle(onnx, 12, 3, 'reconstruction', `parity-${activation}`), windows);
      expect(theirs.length).toBe(ours.length);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs((ours[i] as number) - (theirs[i] as number)));
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('is deterministic: the same seed gives identical ONNX bytes, another seed different ones', async () => {
    const options = { epochs: 3 };
    const a = await trainDenseAutoencoder(data.train.windows, shape, options, { seed: 9 });
    const b = await trainDenseAutoencoder(Float64Array.from(data.train.windows), shape, options, { seed: 9 });
    const c = await trainDenseAutoencoder(data.train.windows, shape, options, { seed: 10 });
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(Buffer.from(a.onnx).equals(Buffer.from(c.onnx))).toBe(false);
  });

  it('reports progress per epoch, lowers the loss, and stops early on a flat validation loss', async () => {
    const seen: number[] = [];
    const result = await trainDenseAutoencoder(data.train.windows, shape, { epochs: 400, patience: 2, minDelta: 1e-3 }, {
      seed: 1,
      onProgress: (p) => seen.push(p.loss),
    });
    expect(seen.length).toBe(result.training.epochs);
    expect(result.training.epochs).toBeLessThan(400);
    expect(seen[seen.length - 1]).toBeLessThan(seen[0] as number);
    expect(result.training.valLoss).toBeGreaterThan(0);
    expect(result.options.hiddenSizes).toEqual([16]);
  });

  it('rejects bad options and bad windows with clear errors', async () => {
    await expect(trainDenseAutoencoder(data.train.windows, shape, { activation: 'softmax' as never })).rejects.toThrow(/activation/);
    await expect(trainDenseAutoencoder(data.train.windows, shape, { learningRate: -1 })).rejects.toThrow(/learningRate/);
    await expect(trainDenseAutoencoder(data.train.windows, { ...shape, count: shape.count + 1 })).rejects.toThrow(/expected/);
    const withNaN = Float32Array.from(data.train.windows);
    withNaN[40] = Number.NaN;
    await expect(trainDenseAutoencoder(withNaN, shape)).rejects.toThrow(/window 1, step 1, feature 1 is not finite/);
  });
});
