import { inspectModel, OnnxRunner, reconstructionLoss, SeededRandom } from '@numalogic/onnx';
import { afterAll, describe, expect, it } from 'vitest';
import {
  convAutoencoder,
  convAutoencoderOptionsSchema,
  ConvNetwork,
  exportConvAutoencoder,
  fitConvAutoencoder,
  forwardFloat32,
  trainConvAutoencoder,
} from '../src/index.js';

import { maxPerWindow, meanAbsolutePerFeature, rocAuc, servableBundle, syntheticDataset } from '@numalogic/onnx/testing';

const runner = new OnnxRunner();
afterAll(() => runner.close());

const data = syntheticDataset({ trainWindows: 1000, testLength: 1200, window: 12, features: 3, seed: 21 });
const shape = { count: data.train.count, window: 12, features: 3 };

describe('conv autoencoder', () => {
  it('separates windows with injected anomalies from normal ones (ROC AUC from the runner scores)', async () => {
    const result = await convAutoencoder.train(data.train.windows, shape, {}, { seed: 2 });
    const scored = await runner.score(servableBundle(result.onnx, 12, 3, convAutoencoder.output, 'auc'), data.test.windows);
    const auc = rocAuc(maxPerWindow(scored.errors, scored.count, 3), data.test.labels);
    expect(auc).toBeGreaterThanOrEqual(0.95);
    // The anomalies are small enough that scoring the raw magnitude does not find them.
    const naive = rocAuc(maxPerWindow(meanAbsolutePerFeature(data.test.windows, data.test.count, 12, 3), data.test.count, 3), data.test.labels);
    expect(naive).toBeLessThan(0.9);
  });

  it('back-propagates gradients that match finite differences', () => {
    for (const activation of ['tanh', 'relu'] as const) {
      const network = new ConvNetwork({ window: 7, features: 2, channels: [3, 2], kernelSize: 3, activation }, 2);
      const random = new SeededRandom(13);
      network.initialise(random);
      for (let i = 0; i < network.params.length; i++) network.params[i] = (network.params[i] as number) + 0.05 * random.normal();
      const input = network.outputs[0] as Float64Array;
      for (let i = 0; i < 2 * 14; i++) input[i] = random.normal();
      const target = Float64Array.from(input.subarray(0, 28));
      const grad = new Float64Array(28);
      const lossAt = () => reconstructionLoss('mse', network.forward(2), target, grad, 28, 1, 1);
      lossAt();
      network.backward(2, grad);
      const analytic = Float64Array.from(network.grads);
      const h = 1e-6;
      for (let i = 0; i < network.params.length; i++) {
        const saved = network.params[i] as number;
        network.params[i] = saved + h;
        const up = lossAt();
        network.params[i] = saved - h;
        const down = lossAt();
        network.params[i] = saved;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(numeric - (analytic[i] as number))).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it('exports Conv/ConvTranspose graphs that ONNX Runtime evaluates like our forward pass (within 1e-5)', async () => {
    const cases = [
      { window: 12, kernelSize: 3, activation: 'tanh' as const },
      { window: 13, kernelSize: 5, activation: 'relu' as const },
    ];
    for (const [index, c] of cases.entries()) {
      const set = syntheticDataset({ trainWindows: 200, testLength: 100, window: c.window, features: 3, seed: 5 + index });
      const options = convAutoencoderOptionsSchema.parse({ epochs: 3, kernelSize: c.kernelSize, activation: c.activation, channels: [6, 3] });
      const fit = fitConvAutoencoder(set.train.windows, { count: set.train.count, window: c.window, features: 3 }, options, { seed: 1 });
      const onnx = exportConvAutoencoder(fit.network);
      const summary = inspectModel(onnx);
      expect(summary.inputs).toEqual([{ name: 'x', dims: ['batch', c.window, 3] }]);
      expect(summary.operators).toEqual(expect.arrayContaining(['Conv', 'ConvTranspose', 'Transpose']));
      const count = 40;
      const windows = set.test.windows.subarray(0, count * c.window * 3);
      const ours = forwardFloat32(fit.network, windows, count);
      const theirs = await runner.output(servableBundle(onnx, c.window, 3, 'reconstruction', `parity-${index}`), windows);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs((ours[i] as number) - (theirs[i] as number)));
      expect(theirs.length).toBe(ours.length);
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('is deterministic per seed and rejects bad options', async () => {
    const a = await trainConvAutoencoder(data.train.windows, shape, { epochs: 2 }, { seed: 4 });
    const b = await trainConvAutoencoder(data.train.windows, shape, { epochs: 2 }, { seed: 4 });
    const c = await trainConvAutoencoder(data.train.windows, shape, { epochs: 2 }, { seed: 5 });
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(Buffer.from(a.onnx).equals(Buffer.from(c.onnx))).toBe(false);
    await expect(trainConvAutoencoder(data.train.windows, shape, { kernelSize: 4 })).rejects.toThrow(/kernelSize must be odd/);
    await expect(trainConvAutoencoder(data.train.windows, shape, { channels: [0, 2] })).rejects.toThrow(/channels/);
  });
});
