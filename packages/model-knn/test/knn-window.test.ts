import { inspectModel, OnnxRunner, SeededRandom, type WindowShape } from '@numalogic/onnx';
import { maxPerWindow, meanAbsolutePerFeature, normalWindows, rocAuc, servableBundle, slidingWindows, syntheticDataset } from '@numalogic/onnx/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCodebook, columnOf, heldOutSample, knnHeldOutErrors, knnWindow, nearestDistances, nearestSquared } from '../src/index.js';
import { meanOrder, nearestByMean } from '../src/search.js';

const runner = new OnnxRunner();
afterAll(() => runner.close());

let versions = 0;
const bundleOf = (onnx: Uint8Array, window: number, features: number) => servableBundle(onnx, window, features, 'score', `v${versions++}`, 'knn-window');

const value = (windows: ArrayLike<number>, shape: Pick<WindowShape, 'window' | 'features'>, i: number, t: number, f: number) =>
  windows[(i * shape.window + t) * shape.features + f] as number;

/**
 * Plain reference, written apart from the package's search: squared distance of window `i` of `queries` to
 * every training window j accepted by `accept`, feature by feature, no early abandoning.
 */
function bruteForceSquared(
  queries: ArrayLike<number>,
  i: number,
  training: ArrayLike<number>,
  shape: WindowShape,
  candidates: number[],
): { best: Float64Array; norm: Float64Array } {
  const best = new Float64Array(shape.features).fill(Infinity);
  const norm = new Float64Array(shape.features);
  for (let f = 0; f < shape.features; f++) {
    for (let t = 0; t < shape.window; t++) norm[f] = (norm[f] as number) + value(queries, shape, i, t, f) ** 2;
    for (const j of candidates) {
      let d = 0;
      for (let t = 0; t < shape.window; t++) d += (value(queries, shape, i, t, f) - value(training, shape, j, t, f)) ** 2;
      best[f] = Math.min(best[f] as number, d);
    }
  }
  return { best, norm };
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);

describe('knn-window ONNX graph', () => {
  it('computes, per feature, the RMS distance to the nearest of the newest `memory` windows (brute force, float32 tolerance)', async () => {
    const random = new SeededRandom(21);
    for (const [window, features, count, memory] of [
      [12, 1, 300, 200],
      [12, 3, 150, 2000],
      [5, 4, 90, 40],
      [24, 2, 64, 64],
    ] as const) {
      const shape = { count, window, features };
      const training = normalWindows(count, window, features, random);
      const result = await knnWindow.train(training, shape, { memory });
      const codebookSize = Math.min(memory, count);
      expect(result.training['codebook']).toBe(codebookSize);
      const summary = inspectModel(result.onnx);
      expect(summary.inputs).toEqual([{ name: 'x', dims: ['batch', window, features] }]);
      expect(summary.outputs).toEqual([{ name: 'score', dims: ['batch', features] }]);

      const batch = 37;
      const queries = normalWindows(batch, window, features, random);
      const scored = await runner.score(bundleOf(result.onnx, window, features), queries);
      expect(scored.count).toBe(batch);
      const codebook = range(count - codebookSize, count);
      for (let i = 0; i < batch; i++) {
        const { best, norm } = bruteForceSquared(queries, i, training, shape, codebook);
        for (let f = 0; f < features; f++) {
          const expected = Math.sqrt((best[f] as number) / window);
          const got = scored.errors[i * features + f] as number;
          // float32 MatMul over |x|^2 - 2x.c + |c|^2: the error scales with the norms, not the distance.
          expect(Math.abs(got * got - expected * expected) * window, `W=${window} F=${features} window ${i} feature ${f}`).toBeLessThan(
            1e-5 * ((norm[f] as number) + window * 4),
          );
          expect(Math.abs(got - expected)).toBeLessThan(1e-3);
        }
      }
    }
  });

  it('scores its own codebook windows ~0 and the TS search agrees with the graph', async () => {
    const { train, test } = syntheticDataset({ trainWindows: 400, testLength: 300, window: 12, features: 2, seed: 5 });
    const shape = { count: train.count, window: 12, features: 2 };
    const result = await knnWindow.train(train.windows, shape, { memory: 250 });
    const bundle = bundleOf(result.onnx, 12, 2);
    const own = await runner.score(bundle, train.windows);
    // The newest 250 windows are the codebook: their error is float32 noise; older ones are not in it.
    expect(Math.max(...own.errors.subarray((400 - 250) * 2))).toBeLessThan(5e-3);
    const ts = nearestDistances(buildCodebook(train.windows, shape, 250), test.windows, test.count);
    const onnx = await runner.score(bundle, test.windows);
    for (let k = 0; k < ts.length; k++) expect(Math.abs((onnx.errors[k] as number) - (ts[k] as number))).toBeLessThan(1e-4);
  });

  it('separates windows with injected anomalies from normal ones (ROC AUC from the runner scores)', async () => {
    const data = syntheticDataset({ trainWindows: 1000, testLength: 1200, window: 12, features: 3, seed: 11 });
    const result = await knnWindow.train(data.train.windows, { count: data.train.count, window: 12, features: 3 });
    const scored = await runner.score(bundleOf(result.onnx, 12, 3), data.test.windows);
    const auc = rocAuc(maxPerWindow(scored.errors, scored.count, 3), data.test.labels);
    const naive = rocAuc(maxPerWindow(meanAbsolutePerFeature(data.test.windows, data.test.count, 12, 3), data.test.count, 3), data.test.labels);
    expect(naive).toBeLessThan(0.9);
    expect(auc).toBeGreaterThanOrEqual(0.95);
  });

  it('is deterministic and rejects bad input and options clearly', async () => {
    const random = new SeededRandom(3);
    const shape = { count: 40, window: 6, features: 2 };
    const windows = normalWindows(40, 6, 2, random);
    const a = await knnWindow.train(windows, shape, { memory: 30 });
    const b = await knnWindow.train(Float64Array.from(windows), shape, { memory: 30 });
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(a.options).toEqual({ memory: 30, heldOutWindows: 500 });
    const bad = Float32Array.from(windows);
    bad[13] = Number.NaN;
    await expect(knnWindow.train(bad, shape)).rejects.toThrow(/window 1, step 0, feature 1 is not finite/);
    await expect(knnWindow.train(windows, { ...shape, count: 41 })).rejects.toThrow(/expected 492 values/);
    await expect(knnWindow.train(windows, shape, { memory: 0 })).rejects.toThrow(/memory/);
    await expect(knnWindow.train(windows, shape, { nearest: 3 } as never)).rejects.toThrow(/nearest/);
  });
});

describe('knn-window held-out errors (what the threshold is fitted on)', () => {
  it('is the distance to the nearest codebook window outside the exclusion zone, for the newest windows in time order', async () => {
    // A random walk: never periodic, so the nearest window of each is its own neighbour in time unless excluded.
    const random = new SeededRandom(8);
    const series = new Float64Array(711 * 2);
    for (let k = 2; k < series.length; k++) series[k] = (series[k - 2] as number) + 0.3 * random.normal();
    const train = slidingWindows(series, 2, 12);
    expect(train.count).toBe(700);
    const shape = { count: train.count, window: 12, features: 2 };
    const result = await knnWindow.train(train.windows, shape, { memory: 500, heldOutWindows: 120 });
    const held = knnHeldOutErrors(train.windows, shape, result);
    const sample = heldOutSample(700, 120);
    expect(sample).toHaveLength(120);
    expect(held).toHaveLength(120 * 2);
    // Consecutive and in time order: the trainer also reads these errors as the key's recent score series.
    expect(sample).toEqual(range(580, 700));
    expect(heldOutSample(50, 120)).toEqual(range(0, 50));
    for (let row = 0; row < sample.length; row++) {
      const i = sample[row] as number;
      const candidates = range(200, 700).filter((j) => Math.abs(j - i) >= 12);
      const { best } = bruteForceSquared(train.windows, i, train.windows, shape, candidates);
      for (let f = 0; f < 2; f++) expect(held[row * 2 + f]).toBeCloseTo(Math.sqrt((best[f] as number) / 12), 9);
    }
    // Unlike the in-sample error of codebook windows, held-out errors look like what serving sees: noisy data
    // is never reproduced exactly, so none is 0.
    expect(Math.min(...held)).toBeGreaterThan(0.01);

    // A wider exclusion zone can only push the nearest neighbour further away.
    const wide = knnHeldOutErrors(train.windows, shape, { options: { ...result.options, exclusion: 48 } });
    for (let k = 0; k < held.length; k++) expect(wide[k]).toBeGreaterThanOrEqual(held[k] as number);
  });

  it('falls back to the nearest other window when every codebook window overlaps the scored one', async () => {
    const random = new SeededRandom(9);
    const shape = { count: 8, window: 12, features: 1 };
    const windows = normalWindows(8, 12, 1, random);
    const result = await knnWindow.train(windows, shape);
    const held = knnHeldOutErrors(windows, shape, result);
    expect(held).toHaveLength(8);
    for (let i = 0; i < 8; i++) {
      const { best } = bruteForceSquared(windows, i, windows, shape, range(0, 8).filter((j) => j !== i));
      expect(held[i]).toBeCloseTo(Math.sqrt((best[0] as number) / 12), 9);
    }
    const single = knnHeldOutErrors(windows.subarray(0, 12), { ...shape, count: 1 }, result);
    expect(Number.isNaN(single[0])).toBe(true);
  });
});

/**
 * nearestByMean against the plain scan, for every window of `windows` as the query, its own neighbourhood
 * skipped as the held-out search skips it, and hints of every kind: the same distance, bit for bit, and a
 * found index outside the skipped range whose distance is that one.
 */
function expectSameAsPlainScan(windows: Float32Array | Float64Array, shape: { count: number; window: number; features: number }, memory: number, step: number): number {
  const { count, window, features } = shape;
  const codebook = buildCodebook(windows, shape, memory);
  const query = new Float64Array(window);
  const found = { index: -2 };
  let checked = 0;
  for (let f = 0; f < features; f++) {
    const byMean = meanOrder(codebook, f);
    for (let i = 0; i < count; i += step) {
      columnOf(windows, i, f, window, features, query);
      const own = i - codebook.first;
      const [from, to] = [Math.max(0, own - window + 1), Math.min(codebook.size - 1, own + window - 1)];
      const plain = nearestSquared(codebook, f, query, from, to);
      for (const hint of [-1, 0, 5, own + 1, from, to, codebook.size - 1, codebook.size, 10_000]) {
        expect(nearestByMean(codebook, byMean, f, query, from, to, hint, found), `window ${i}, feature ${f}, hint ${hint}`).toBe(plain);
        checked++;
        if (plain === Infinity) continue;
        expect(found.index < from || found.index > to).toBe(true);
        const rowAt = (f * codebook.size + found.index) * window;
        // Added in the order the search adds them: the very same sum.
        let sum = 0;
        for (let t = 0; t < window; t++) {
          const d = query[t]! - codebook.rows[rowAt + t]!;
          sum += d * d;
        }
        expect(sum).toBe(plain);
      }
    }
  }
  return checked;
}

describe('nearestByMean (the held-out search: a hint first, candidates by mean)', () => {
  it('finds the same distance, bit for bit, whatever the hint, and names the nearest window', () => {
    const shape = { count: 300, window: 12, features: 2 };
    expect(expectSameAsPlainScan(normalWindows(300, 12, 2, new SeededRandom(21)), shape, 200, 7)).toBeGreaterThan(700);
  });

  it('stays exact where its bounds are tight or rounding is large: flat, repeated, mirrored and far-from-zero windows', () => {
    const random = new SeededRandom(5);
    const window = 12;
    const count = 240;
    const windows = new Float64Array(count * window);
    for (let i = 0; i < count; i++) {
      const kind = i % 6;
      for (let t = 0; t < window; t++) {
        const wave = Math.sin((i + t) / 3);
        windows[i * window + t] =
          kind === 0 ? Math.round(i / 40) // flat: no spread, levels shared by neighbours
          : kind === 1 ? wave // the same waves recur: distance 0 outside the skipped range
          : kind === 2 ? -wave // their mirror images: one length, opposite means
          : kind === 3 ? 1e6 + random.normal() * 1e-3 // far from zero, little spread: |x|^2 - w mean^2 would cancel
          : kind === 4 ? 1e6 + wave * 1e-3
          : random.normal();
      }
    }
    expect(expectSameAsPlainScan(windows, { count, window, features: 1 }, 200, 1)).toBeGreaterThan(2000);
  });

  it('stays exact on ties far from zero, which only its rounding margin keeps (without it, results differ)', () => {
    // 13 shapes in turn at a level of 1,000, each recurring 13 windows later (outside the skipped range) one step
    // of 1e-3 higher: a query's two nearest are its own shape one step up and one step down, equally far in real
    // arithmetic, so a bound computed without a margin for rounding can pass over the one the plain scan picks.
    const window = 12;
    const count = 240;
    const windows = new Float64Array(count * window);
    for (let i = 0; i < count; i++) {
      const shape = i % 13;
      const step = Math.floor(i / 13) * 1e-3;
      for (let t = 0; t < window; t++) windows[i * window + t] = 1000 + Math.sin(shape * 2.3 + t * 1.7) + step;
    }
    expect(expectSameAsPlainScan(windows, { count, window, features: 1 }, 200, 1)).toBe(2160);
  });

  it('stays exact for a large-shape query far from zero against nearly flat windows (a one-pass spread gets these wrong)', () => {
    // q = L + S p, p a unit pattern with mean 0; codebook c1 = L + 1 + (s/2) p (the hint, a little farther) and
    // c2 = L - 1 + s p (the nearest). The one-pass spread sqrt(|c|^2 - w mean^2) of a nearly flat window far from
    // zero cancels to noise of about sqrt(2.2e-16 |c|^2) ~ 0.05, against s of 0.02 to 0.12: the shape term of
    // the bound, (|q'| - |c'|)^2 with |q'| = S, is then off by about 2 S 0.05 = 1e4, far over the margin, and c2
    // would be passed over. The two-pass spread keeps the bound below the true distance.
    const window = 12;
    const level = 1e6;
    const large = 1e5;
    // A seeded generator (Park-Miller, seed 99): the same 2,000 cases every run.
    let seed = 99;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const found = { index: -1 };
    for (let trial = 0; trial < 2000; trial++) {
      const raw = Array.from({ length: window }, () => random() - 0.5);
      const rawMean = raw.reduce((a, b) => a + b) / window;
      const centred = raw.map((x) => x - rawMean);
      const length = Math.hypot(...centred);
      const p = centred.map((x) => x / length);
      const s = 0.02 + 0.1 * random();
      const rows = Float64Array.from([...p.map((x) => level + 1 + (s / 2) * x), ...p.map((x) => level - 1 + s * x)]);
      const codebook = buildCodebook(rows, { count: 2, window, features: 1 }, 2);
      const query = Float64Array.from(p, (x) => level + large * x);
      const plain = nearestSquared(codebook, 0, query);
      expect(nearestByMean(codebook, meanOrder(codebook, 0), 0, query, 0, -1, 0, found), `trial ${trial}, s ${s}`).toBe(plain);
      expect(found.index, `trial ${trial}`).toBe(1);
    }
  });
});
