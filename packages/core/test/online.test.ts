import { describe, expect, it } from 'vitest';
import {
  EwmaZScore,
  HalfSpaceTrees,
  RobustMedian,
  createOnlineDetector,
  onlineDetectorFromJSON,
  onlineDetectorNames,
} from '../src/online/index.js';
import { SeededRandom } from '../src/synthetic/random.js';

function normalStream(seed: number, n: number, features: number): number[][] {
  const r = new SeededRandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: features }, (_, f) => 10 * (f + 1) + r.normal()));
}

describe('EwmaZScore', () => {
  it('follows the exponentially weighted mean and variance by hand', () => {
    const d = new EwmaZScore(1, { alpha: 0.5, k: 1, warmup: 2 });
    d.learnOne([0]);
    expect(d.scoreOne([10])).toBe(0); // warming up
    d.learnOne([2]);
    // mean 0 + 0.5*2 = 1; variance 0.5 * (0 + 0.5 * 2^2) = 1
    expect(d.mean[0]).toBe(1);
    expect(d.std[0]).toBeCloseTo(1, 14);
    expect(d.scoreOne([4])).toBeCloseTo(3, 14);
  });

  it('scores a constant series 0 and any change from it very high', () => {
    const d = new EwmaZScore(1);
    for (let i = 0; i < 10; i++) d.learnOne([5]);
    expect(d.scoreOne([5])).toBe(0);
    expect(d.scoreOne([5.1])).toBeGreaterThan(1e6);
  });

  it('ignores NaN and Infinity when learning and scores them 0', () => {
    const d = new EwmaZScore(2);
    for (let i = 0; i < 5; i++) d.learnOne([i, Number.NaN]);
    expect(d.seen[1]).toBe(0);
    d.learnOne([Number.POSITIVE_INFINITY, 1]);
    expect(Number.isFinite(d.mean[0])).toBe(true);
    const per = new Float64Array(2);
    expect(d.scoreOne([Number.NaN, Number.NaN], per)).toBe(0);
    expect(Array.from(per)).toEqual([0, 0]);
  });

  it('stays finite for huge magnitudes', () => {
    const d = new EwmaZScore(1);
    for (let i = 0; i < 10; i++) d.learnOne([1e300 * (1 + (i % 2))]);
    const s = d.scoreOne([1e308]);
    expect(Number.isFinite(s)).toBe(true);
    expect(s).toBeGreaterThan(1);
  });
});

describe('RobustMedian', () => {
  it('is exact during warm-up', () => {
    const d = new RobustMedian(1, { k: 1, warmup: 5 });
    for (const v of [1, 2, 3, 4, 100]) d.learnOne([v]);
    expect(d.median[0]).toBe(3);
    expect(d.mad[0]).toBe(1);
    expect(d.scoreOne([3 + 1.4826 * 2])).toBeCloseTo(2, 12);
  });

  it('tracks the median of a shifted stream approximately and shrugs off outliers', () => {
    const d = new RobustMedian(1);
    const r = new SeededRandom(3);
    for (let i = 0; i < 3000; i++) d.learnOne([i % 50 === 0 ? 1e6 : 20 + r.normal()]);
    expect(d.median[0]).toBeGreaterThan(19.5);
    expect(d.median[0]).toBeLessThan(20.5);
    // MAD of a standard normal is 0.674
    expect(d.mad[0]).toBeGreaterThan(0.4);
    expect(d.mad[0]).toBeLessThan(1);
    expect(d.scoreOne([20])).toBeLessThan(0.5);
    expect(d.scoreOne([30])).toBeGreaterThan(2);
  });
});

describe('HalfSpaceTrees', () => {
  it('scores points far from the learned data above points inside it', () => {
    const d = new HalfSpaceTrees(2, { seed: 11 });
    for (const x of normalStream(5, 600, 2)) d.learnOne(x);
    const inside = d.scoreOne([10, 20]);
    const outside = d.scoreOne([18, 30]);
    expect(inside).toBeLessThan(0.5);
    expect(outside).toBeGreaterThan(1);
    const per = new Float64Array(2);
    expect(d.scoreOne([18, 30], per)).toBe(outside);
    expect(Array.from(per)).toEqual([outside, outside]);
  });

  it('is deterministic by seed', () => {
    const a = new HalfSpaceTrees(2, { seed: 3 });
    const b = new HalfSpaceTrees(2, { seed: 3 });
    for (const x of normalStream(9, 200, 2)) {
      a.learnOne(x);
      b.learnOne(x);
    }
    expect(a.scoreOne([14, 25])).toBe(b.scoreOne([14, 25]));
  });

  it('scores 0 while warming up and for non-finite input', () => {
    const d = new HalfSpaceTrees(1, { warmup: 4 });
    d.learnOne([1]);
    expect(d.scoreOne([100])).toBe(0);
    for (let i = 0; i < 10; i++) d.learnOne([i]);
    expect(d.scoreOne([Number.NaN])).toBe(0);
  });
});

describe('factory and serialisation', () => {
  it.each(onlineDetectorNames())('%s restores to the same scores', (name) => {
    const d = createOnlineDetector(name, 3);
    const stream = normalStream(1, 150, 3);
    for (const x of stream) d.learnOne(x);
    const restored = onlineDetectorFromJSON(JSON.parse(JSON.stringify(d.toJSON())));
    const probe = [12, 19, 33];
    expect(restored.scoreOne(probe)).toBe(d.scoreOne(probe));
    restored.learnOne(probe);
    d.learnOne(probe);
    expect(restored.scoreOne([10, 20, 30])).toBe(d.scoreOne([10, 20, 30]));
  });

  it('names the problem with bad names, options and feature counts', () => {
    expect(() => createOnlineDetector('lof', 1)).toThrow(/unknown online detector 'lof'/);
    expect(() => createOnlineDetector('ewma-zscore', 1, { alpha: 3 })).toThrow(/alpha/);
    expect(() => createOnlineDetector('ewma-zscore', 0)).toThrow(/features/);
    expect(() => onlineDetectorFromJSON({ name: 'ewma-zscore', features: 1, options: {}, state: {} })).toThrow(/state/);
  });
});
