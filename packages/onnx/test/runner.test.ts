import { afterEach, describe, expect, it } from 'vitest';
import { GraphBuilder, ModelContractError, ModelInputError, OnnxRunner, reshapeBatch } from '../src/index.js';
import { identityReconstruction, maxScore, shiftedReconstruction } from './foreign-model.js';
import { bundleOf, patternWindows } from './helpers.js';

let runner = new OnnxRunner();
afterEach(async () => {
  await runner.close();
  runner = new OnnxRunner();
});

describe('OnnxRunner with foreign (hand-written) models', () => {
  it('turns a reconstruction into the mean absolute error per feature', async () => {
    const windows = patternWindows(5, 4, 2);
    const zero = await runner.score(bundleOf(identityReconstruction(4, 2), 4, 2, 'reconstruction'), windows);
    expect(zero).toEqual({ errors: new Float32Array(10), count: 5, features: 2 });
    const one = await runner.score(bundleOf(shiftedReconstruction(4, 2), 4, 2, 'reconstruction', 'shifted'), windows);
    expect(Array.from(one.errors)).toEqual(new Array(10).fill(1));
  });

  it('passes a score output through as [count, features]', async () => {
    const windows = patternWindows(3, 4, 2);
    const scored = await runner.score(bundleOf(maxScore(4, 2), 4, 2, 'score'), windows);
    for (let b = 0; b < 3; b++) {
      for (let f = 0; f < 2; f++) {
        let max = -Infinity;
        for (let t = 0; t < 4; t++) max = Math.max(max, windows[b * 8 + t * 2 + f] as number);
        expect(scored.errors[b * 2 + f]).toBe(max);
      }
    }
  });

  it('splits long inputs into runs of maxBatch with the same result', async () => {
    const windows = patternWindows(37, 4, 2);
    const bundle = bundleOf(maxScore(4, 2), 4, 2, 'score');
    const whole = await runner.score(bundle, windows);
    const chunked = new OnnxRunner({ maxBatch: 5 });
    try {
      expect(await chunked.score(bundle, windows)).toEqual(whole);
    } finally {
      await chunked.close();
    }
  });
});

describe('OnnxRunner input checks', () => {
  // Sessions are cached by key and version: each distinct model here gets its own version.
  const bundle = bundleOf(identityReconstruction(4, 2), 4, 2, 'reconstruction', 'identity');

  it('rejects a length that is not whole windows', async () => {
    await expect(runner.score(bundle, new Float32Array(9))).rejects.toThrow(ModelInputError);
    await expect(runner.score(bundle, new Float32Array(9))).rejects.toThrow(/9 values are not a whole number of windows of \[4, 2\]/);
    await expect(runner.score(bundle, new Float32Array(0))).rejects.toThrow(/no windows/);
  });

  it('names the window, step and feature of a NaN or Infinity', async () => {
    const windows = patternWindows(3, 4, 2);
    windows[8 + 2 * 2 + 1] = Number.NaN;
    await expect(runner.score(bundle, windows)).rejects.toThrow(/value NaN at window 1, step 2, feature 1 is not finite/);
    windows[8 + 2 * 2 + 1] = 0;
    windows[0] = Number.NEGATIVE_INFINITY;
    await expect(runner.score(bundle, windows)).rejects.toThrow(/-Infinity at window 0, step 0, feature 0/);
  });

  it('rejects models that break the contract', async () => {
    await expect(runner.score(bundleOf(identityReconstruction(4, 2), 4, 2, 'score', 'identity'), patternWindows(1, 4, 2))).rejects.toThrow(
      /manifest says output "score" but the model outputs \[reconstruction\]/,
    );
    await expect(runner.score(bundleOf(new Uint8Array([1, 2, 3, 4]), 4, 2, 'score', 'garbage'), patternWindows(1, 4, 2))).rejects.toThrow(ModelContractError);
    // A graph whose output has the wrong shape for the manifest: [batch, 8] instead of [batch, 2].
    const graph = new GraphBuilder('wrong_shape');
    graph.addInput('x', ['batch', 4, 2]);
    reshapeBatch(graph, 'x', [8], 'score');
    graph.addOutput('score', ['batch', 8]);
    await expect(runner.score(bundleOf(graph.toBytes(), 4, 2, 'score', 'wrong-shape'), patternWindows(2, 4, 2))).rejects.toThrow(
      /output "score" must be float32 \[2, 2\], got float32 \[2, 8\]/,
    );
  });
});

describe('OnnxRunner session cache', () => {
  it('reuses one session per bundle version and creates one for a new version', async () => {
    const windows = patternWindows(2, 4, 2);
    const v1 = bundleOf(maxScore(4, 2), 4, 2, 'score', '1');
    await Promise.all([runner.score(v1, windows), runner.score(v1, windows)]);
    await runner.score(v1, windows);
    expect(runner.stats).toEqual({ size: 1, created: 1, hits: 2 });
    await runner.score(bundleOf(maxScore(4, 2), 4, 2, 'score', '2'), windows);
    expect(runner.stats).toMatchObject({ size: 2, created: 2 });
  });

  it('releases the least recently used session beyond its capacity', async () => {
    const small = new OnnxRunner({ maxSessions: 2 });
    try {
      const windows = patternWindows(1, 4, 2);
      for (const version of ['1', '2', '1', '3', '1']) await small.score(bundleOf(maxScore(4, 2), 4, 2, 'score', version), windows);
      // '2' was least recently used when '3' arrived; '1' stayed cached throughout.
      expect(small.stats).toEqual({ size: 2, created: 3, hits: 2 });
    } finally {
      await small.close();
    }
  });

  it('forgets a session that failed to load so a corrected bundle can be served', async () => {
    const windows = patternWindows(1, 4, 2);
    await expect(runner.score(bundleOf(new Uint8Array([9, 9, 9]), 4, 2, 'score', '7'), windows)).rejects.toThrow(/cannot load/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.stats.size).toBe(0);
    await expect(runner.score(bundleOf(maxScore(4, 2), 4, 2, 'score', '7'), windows)).resolves.toMatchObject({ count: 1 });
  });
});
