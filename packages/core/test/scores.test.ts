import { describe, expect, it } from 'vitest';
import { createMatrix, matrixFromRows, matrixToRows } from '../src/math/matrix.js';
import {
  DriftMonitor,
  WindowScorer,
  adjustByStatic,
  aggregateFeatures,
  aggregateWindow,
  limitsInFeatureOrder,
  normaliseScore,
  staticRatios,
} from '../src/scores/index.js';

const window = matrixFromRows([
  [1, 4],
  [3, 0],
  [2, 8],
]);

describe('aggregation', () => {
  it('collapses the window per feature by mean, max or EMA', () => {
    const out = new Float64Array(2);
    expect(Array.from(aggregateWindow(window, 'mean', out))).toEqual([2, 4]);
    expect(Array.from(aggregateWindow(window, 'max', out))).toEqual([3, 8]);
    // ema alpha 0.5: col 0: 1 -> 2 -> 2; col 1: 4 -> 2 -> 5
    expect(Array.from(aggregateWindow(window, 'ema', out, 0.5))).toEqual([2, 5]);
  });

  it('skips NaN points and gives 0 for an empty window', () => {
    const out = new Float64Array(1);
    expect(aggregateWindow(matrixFromRows([[Number.NaN], [4], [2]]), 'mean', out)[0]).toBe(3);
    expect(aggregateWindow(createMatrix(0, 1), 'max', out)[0]).toBe(0);
  });

  it('collapses features by max, mean or weights', () => {
    expect(aggregateFeatures([1, 5, 3], 'max')).toBe(5);
    expect(aggregateFeatures([1, 5, 3], 'mean')).toBe(3);
    expect(aggregateFeatures([1, 5, 3], 'weighted', [3, 1, 0])).toBe(2);
    expect(aggregateFeatures([1, 5], 'weighted', [0, 0])).toBe(3);
    expect(aggregateFeatures([], 'max')).toBe(0);
  });
});

describe('normalisation', () => {
  it('tanh: scale * tanh(ratio / smooth)', () => {
    const o = { method: 'tanh' as const, scale: 10, smooth: 2, slope: 3, center: 1 };
    expect(normaliseScore(0, o)).toBe(0);
    expect(normaliseScore(1, o)).toBeCloseTo(10 * Math.tanh(0.5), 12);
    expect(normaliseScore(-3, o)).toBe(0);
    expect(normaliseScore(1e300, o)).toBe(10);
    expect(normaliseScore(Number.POSITIVE_INFINITY, o)).toBe(10);
    expect(normaliseScore(Number.NaN, o)).toBe(0);
  });

  it('sigmoid: scale / (1 + exp(-slope * (ratio - center)))', () => {
    const o = { method: 'sigmoid' as const, scale: 10, smooth: 2, slope: 3, center: 1 };
    expect(normaliseScore(1, o)).toBe(5);
    expect(normaliseScore(2, o)).toBeCloseTo(10 / (1 + Math.exp(-3)), 12);
    expect(normaliseScore(1e300, o)).toBe(10);
    expect(normaliseScore(-1e300, o)).toBeCloseTo(0, 12);
  });

  it('a static score raises, never lowers', () => {
    expect(adjustByStatic(3, 7)).toBe(7);
    expect(adjustByStatic(7, 3)).toBe(7);
    expect(adjustByStatic(7, Number.NaN)).toBe(7);
    expect(adjustByStatic(Number.NaN, 2)).toBe(2);
  });
});

describe('WindowScorer', () => {
  it('window aggregation, feature aggregation, then normalisation', () => {
    const scorer = new WindowScorer(['a', 'b'], {
      windowAggregation: { method: 'mean', alpha: 0.5 },
      featureAggregation: { method: 'weighted', weights: { a: 3 } },
      normalise: { method: 'tanh', scale: 10, smooth: 2, slope: 3, center: 1 },
    });
    const r = scorer.score(window);
    // per feature [2, 4]; weighted (3*2 + 1*4) / 4 = 2.5
    expect(r.ratio).toBe(2.5);
    expect(r.score).toBeCloseTo(10 * Math.tanh(1.25), 12);
    expect(Array.from(r.featureScores)).toEqual([10 * Math.tanh(1), 10 * Math.tanh(2)]);
  });

  it('takes one column of row scores (Mahalanobis) and leaves per-feature scores NaN', () => {
    const scorer = new WindowScorer(['a', 'b']);
    const r = scorer.score(matrixFromRows([[2], [4]]));
    expect(r.ratio).toBe(3);
    expect(Array.from(r.featureScores).every(Number.isNaN)).toBe(true);
  });

  it('reuses its result buffer', () => {
    const scorer = new WindowScorer(['a', 'b']);
    const first = scorer.score(window);
    const second = scorer.score(matrixFromRows([[0, 0]]));
    expect(second).toBe(first);
    expect(second.score).toBe(0);
  });
});

describe('static ratios', () => {
  it('is 1 at a limit, grows above the upper and below the lower, 0 without limits', () => {
    const raw = matrixFromRows([
      [100, 5, 1],
      [50, -5, 1],
    ]);
    const out = staticRatios(raw, [{ upper: 100 }, { lower: 0, upper: 10 }, undefined], createMatrix(2, 3));
    const rows = matrixToRows(out);
    expect(rows[0]![0]).toBe(1);
    expect(rows[1]![0]).toBeCloseTo(10 / (1 + 9 * Math.exp(2.5)), 12);
    // unit = |10 - 0|: x = -5 is 5 below the lower limit
    expect(rows[1]![1]).toBeCloseTo(10 / (1 + 9 * Math.exp(-2.5)), 12);
    expect(rows[0]![2]).toBe(0);
  });

  it('orders configured limits by feature', () => {
    expect(limitsInFeatureOrder(['a', 'b'], { b: { upper: 3 } })).toEqual([undefined, { upper: 3 }]);
  });
});

describe('DriftMonitor', () => {
  it('reports drift once the last N windows are mostly high, and forgets old windows', () => {
    const m = new DriftMonitor({ enabled: true, windows: 4, scoreAbove: 5, fraction: 0.5 });
    expect(m.record(9)).toBe(false); // ring not full yet
    expect(m.record(1)).toBe(false);
    expect(m.record(1)).toBe(false);
    expect(m.record(6)).toBe(true); // 2 of 4 high
    expect(m.highFraction).toBe(0.5);
    expect(m.record(1)).toBe(false); // the first 9 drops out: 1 of 4
    expect(m.record(Number.NaN)).toBe(false);
    m.reset();
    expect(m.highFraction).toBe(0);
  });

  it('never reports drift when disabled', () => {
    const m = new DriftMonitor({ enabled: false, windows: 1, scoreAbove: 5, fraction: 0.1 });
    expect(m.record(10)).toBe(false);
  });
});
