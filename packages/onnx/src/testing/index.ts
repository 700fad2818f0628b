import type { ModelOutput } from '../contract.js';
import type { ServableBundle } from '../runner/servable.js';
import type { OnnxRunner } from '../runner/onnx-runner.js';
import { SeededRandom } from '../training/random.js';

/**
 * Seeded seasonal series with injected anomalies, already "transformed" (roughly zero mean, unit scale),
 * cut into sliding windows [count, window, features]. For the tests of model packages (`@numalogic/onnx/testing`): small, seeded, no dependency on core.
 */
export interface SyntheticWindows {
  windows: Float32Array;
  count: number;
  window: number;
  features: number;
  /** 1 where the window contains an injected anomaly. */
  labels: Uint8Array;
}

function seasonalSeries(length: number, features: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const series = new Float64Array(length * features);
  for (let f = 0; f < features; f++) {
    const period = 24 + 6 * f;
    const phase = random.uniform(0, 2 * Math.PI);
    for (let t = 0; t < length; t++) {
      series[t * features + f] = Math.sin((2 * Math.PI * t) / period + phase) + 0.1 * random.normal();
    }
  }
  return series;
}

/** Adds anomalies of `size` (in units of the series' scale) on `points` random stretches of 3 points. */
function injectAnomalies(series: Float64Array, features: number, points: number, size: number, seed: number): Uint8Array {
  const random = new SeededRandom(seed);
  const length = series.length / features;
  const marked = new Uint8Array(length);
  for (let k = 0; k < points; k++) {
    const start = Math.floor(random.uniform(0, length - 3));
    const feature = Math.floor(random.uniform(0, features));
    const sign = random.next() < 0.5 ? -1 : 1;
    for (let t = start; t < start + 3; t++) {
      series[t * features + feature] = (series[t * features + feature] as number) + sign * size;
      marked[t] = 1;
    }
  }
  return marked;
}

export function slidingWindows(series: Float64Array, features: number, window: number, marked?: Uint8Array): SyntheticWindows {
  const length = series.length / features;
  const count = length - window + 1;
  const windows = new Float32Array(count * window * features);
  const labels = new Uint8Array(count);
  for (let w = 0; w < count; w++) {
    windows.set(series.subarray(w * features, (w + window) * features), w * window * features);
    if (marked) for (let t = w; t < w + window; t++) if (marked[t]) labels[w] = 1;
  }
  return { windows, count, window, features, labels };
}

/** Windows [count, window, features] of independent standard normal values from `random`: unstructured input for shape and determinism tests. */
export function normalWindows(count: number, window: number, features: number, random: SeededRandom): Float32Array {
  return Float32Array.from({ length: count * window * features }, () => random.normal());
}

/** Clean training windows and a labelled test set from another stretch of the same kind of series. */
export function syntheticDataset(options: { trainWindows: number; testLength: number; window: number; features: number; seed: number; anomalySize?: number }) {
  const { trainWindows, testLength, window, features, seed, anomalySize = 1.2 } = options;
  const train = slidingWindows(seasonalSeries(trainWindows + window - 1, features, seed), features, window);
  const testSeries = seasonalSeries(testLength, features, seed + 1);
  const marked = injectAnomalies(testSeries, features, Math.max(1, Math.floor(testLength / 60)), anomalySize, seed + 2);
  const test = slidingWindows(testSeries, features, window, marked);
  return { train, test };
}

/** ROC AUC of scores against 0/1 labels (probability a random positive outranks a random negative; ties count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const indices = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < indices.length) {
    let j = i;
    while (j + 1 < indices.length && scores[indices[j + 1] as number] === scores[indices[i] as number]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[indices[k] as number]) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('ROC AUC needs both positive and negative labels');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Largest per-feature error of each window: one anomaly score per window. */
export function maxPerWindow(errors: Float32Array, count: number, features: number): Float64Array {
  const scores = new Float64Array(count);
  for (let b = 0; b < count; b++) {
    let max = -Infinity;
    for (let f = 0; f < features; f++) max = Math.max(max, errors[b * features + f] as number);
    scores[b] = max;
  }
  return scores;
}

/** Naive score: mean |x| per feature (what a model reconstructing zeros would give); the bar a model must clear. */
export function meanAbsolutePerFeature(windows: Float32Array, count: number, window: number, features: number): Float32Array {
  const scores = new Float32Array(count * features);
  for (let b = 0; b < count; b++) {
    for (let t = 0; t < window; t++) {
      for (let f = 0; f < features; f++) scores[b * features + f] = (scores[b * features + f] as number) + Math.abs(windows[(b * window + t) * features + f] as number) / window;
    }
  }
  return scores;
}

/** A bundle shaped like the store's around freshly exported ONNX bytes, for serving them through the runner. */
export function servableBundle(onnx: Uint8Array, window: number, features: number, output: ModelOutput, version = '1', name = 'test-model'): ServableBundle {
  return {
    manifest: {
      key: ['svc', 'metric'],
      version,
      window,
      features: Array.from({ length: features }, (_, i) => `f${i}`),
      model: { name, output },
    },
    model: onnx,
  };
}

/** Runs `fn` repeatedly for at least `minMs` (after one warm-up call) and returns the mean ms per call: the model benches' clock. */
export async function timePerCall(fn: () => unknown, minMs: number): Promise<number> {
  await fn();
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    await fn();
    calls++;
    elapsed = performance.now() - started;
  }
  return elapsed / calls;
}

/** The median of a list of measurements (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A bench figure for a table: thousands separated, exactly `digits` decimals. */
export function formatFigure(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Seeded seasonal series (unit sines, a period of 288/(f+1) per feature, plus noise) cut into stride-1 windows [count, window, features]. */
function seasonalWindows(count: number, window: number, features: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const length = count + window - 1;
  const series = new Float64Array(length * features);
  for (let f = 0; f < features; f++) {
    const period = 288 / (f + 1);
    for (let t = 0; t < length; t++) series[t * features + f] = Math.sin((2 * Math.PI * t) / period) + 0.3 * noise();
  }
  return slidingWindows(series, features, window).windows;
}

export interface ScoringComparison {
  /** Windows per second through ONNX Runtime (OnnxRunner.score) and through the TypeScript reference. */
  ortRate: number;
  referenceRate: number;
  /** Largest |ORT - reference| over one batch: the two must compute the same thing. */
  maxDiff: number;
}

/**
 * The score-model benches' comparison: the same query windows, `batch` at a time and each call taking the next
 * batch in turn, through ONNX Runtime and through a TypeScript reference of the same computation (the
 * baseline), plus the largest difference between the two on one batch.
 */
export async function compareScoring(
  runner: Pick<OnnxRunner, 'score'>,
  bundle: ServableBundle,
  queries: Float32Array,
  windowSize: number,
  batch: number,
  reference: (windows: Float32Array, count: number) => ArrayLike<number>,
): Promise<ScoringComparison> {
  const calls = Math.floor(queries.length / windowSize / batch);
  const next = (cursor: number) => queries.subarray((cursor % calls) * batch * windowSize, ((cursor % calls) + 1) * batch * windowSize);
  let ortCursor = 0;
  let referenceCursor = 0;
  const ortMs = await timePerCall(() => runner.score(bundle, next(ortCursor++)), 1500);
  const referenceMs = await timePerCall(() => reference(next(referenceCursor++), batch), 1000);
  const input = next(0);
  const onnx = (await runner.score(bundle, input)).errors;
  const expected = reference(input, batch);
  let maxDiff = 0;
  for (let k = 0; k < expected.length; k++) maxDiff = Math.max(maxDiff, Math.abs(onnx[k]! - expected[k]!));
  return { ortRate: (batch * 1000) / ortMs, referenceRate: (batch * 1000) / referenceMs, maxDiff };
}

/** One seeded seasonal series cut for a score-model bench: `count` training windows, then `queries` windows to score. */
export function benchWindows(count: number, queries: number, window: number, features: number, seed = 7) {
  const all = seasonalWindows(count + queries, window, features, seed);
  const size = window * features;
  return { training: all.subarray(0, count * size), queries: all.subarray(count * size), size, shape: { count, window, features } };
}
