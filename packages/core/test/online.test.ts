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
  it('follows the exponentially weighted level and variance by hand', () => {
    const d = new EwmaZScore(1, { alpha: 0.5, beta: 0, guard: 0, k: 1, warmup: 2 });
    d.learnOne([0]);
    expect(d.scoreOne([10])).toBe(0); // warming up
    d.learnOne([2]);
    // residual 2 - 0 = 2; level 0 + 0.5 * 2 = 1; variance 0.5 * (0 + 0.5 * 2^2) = 1 from one residual,
    // which has gathered 1 - 0.5 of its weight: std 1 / sqrt(0.5)
    expect(d.level[0]).toBe(1);
    expect(d.std[0]).toBeCloseTo(1, 14);
    expect(d.scoreOne([4])).toBeCloseTo(3 * Math.SQRT1_2, 14);
  });

  it('follows a slope with its trend, where a plain EWMA lags and reads every jump as ordinary', () => {
    const r = new SeededRandom(3);
    const ramp = Array.from({ length: 400 }, (_, i) => 0.5 * i + r.normal());
    const withTrend = new EwmaZScore(1, { k: 1 });
    const plain = new EwmaZScore(1, { k: 1, beta: 0 });
    for (const x of ramp) {
      withTrend.learnOne([x]);
      plain.learnOne([x]);
    }
    const jump = [0.5 * 400 + 6]; // 6 noise sd above where the ramp goes next
    expect(withTrend.scoreOne(jump)).toBeGreaterThan(4);
    expect(plain.scoreOne(jump)).toBeLessThan(2);
  });

  it('holds its newest points back, so a sustained shift keeps scoring high instead of fading at once', () => {
    const meanShiftScore = (guard: number) => {
      let total = 0;
      for (let seed = 0; seed < 50; seed++) {
        const r = new SeededRandom(seed);
        const d = new EwmaZScore(1, { k: 1, guard });
        for (let i = 0; i < 200; i++) d.learnOne([r.normal()]);
        for (let i = 0; i < 5; i++) {
          const x = [4 + r.normal()]; // a 4-sd shift for 5 points
          total += d.scoreOne(x);
          d.learnOne(x);
        }
      }
      return total / 250;
    };
    const held = meanShiftScore(5);
    const learnedAtOnce = meanShiftScore(0);
    expect(held).toBeGreaterThan(3.5);
    expect(learnedAtOnce).toBeLessThan(3);
  });

  it('does not read a young detector\'s small variance as large z (bias-corrected variance)', () => {
    const squares: number[] = [];
    for (let seed = 0; seed < 400; seed++) {
      const r = new SeededRandom(seed);
      const d = new EwmaZScore(1, { k: 1, guard: 0, warmup: 6 });
      for (let i = 0; i < 6; i++) d.learnOne([r.normal()]);
      squares.push(d.scoreOne([r.normal()]) ** 2);
    }
    squares.sort((a, b) => a - b);
    // z^2 of N(0, 1) has median 0.45; with 5 residuals the t-like median is near 0.5. Uncorrected, the variance
    // holds 1 - 0.95^5 = 23% of its weight and the median would be above 2.
    expect(squares[200]!).toBeGreaterThan(0.3);
    expect(squares[200]!).toBeLessThan(1);
  });

  it('scores a constant series 0 and any change from it very high', () => {
    const d = new EwmaZScore(1);
    for (let i = 0; i < 40; i++) d.learnOne([5]);
    expect(d.scoreOne([5])).toBe(0);
    expect(d.scoreOne([5.1])).toBeGreaterThan(1e6);
  });

  it('ignores NaN and Infinity when learning, scores them 0, and restores held-back NaN from JSON', () => {
    const d = new EwmaZScore(2, { warmup: 3 });
    for (let i = 0; i < 10; i++) d.learnOne([i, Number.NaN]);
    expect(d.seen[0]).toBe(5); // five held back
    expect(d.seen[1]).toBe(0);
    d.learnOne([Number.POSITIVE_INFINITY, 1]);
    expect(Number.isFinite(d.level[0])).toBe(true);
    const per = new Float64Array(2);
    expect(d.scoreOne([Number.NaN, Number.NaN], per)).toBe(0);
    expect(Array.from(per)).toEqual([0, 0]);
    const restored = onlineDetectorFromJSON(JSON.parse(JSON.stringify(d.toJSON()))) as EwmaZScore;
    for (let i = 0; i < 8; i++) {
      restored.learnOne([i, 2]);
      d.learnOne([i, 2]);
    }
    expect(Array.from(restored.level)).toEqual(Array.from(d.level));
    expect(restored.seen[1]).toBe(d.seen[1]);
  });

  it('scores exactly as it did before a JSON round trip', () => {
    const r = new SeededRandom(11);
    const live = new EwmaZScore(2, { alpha: 0.05 });
    for (let i = 0; i < 300; i++) live.learnOne([r.normal(), 10 + r.normal()]);
    const restored = onlineDetectorFromJSON(JSON.parse(JSON.stringify(live.toJSON()))) as EwmaZScore;
    const [a, b] = [new Float64Array(2), new Float64Array(2)];
    for (let i = 0; i < 50; i++) {
      const x = [r.normal(), 10 + r.normal()];
      live.scoreOne(x, a);
      restored.scoreOne(x, b);
      expect(Array.from(b)).toEqual(Array.from(a));
      live.learnOne(x);
      restored.learnOne(x);
    }
  });

  it.each([1e300, 1e-200])('stays finite and still sees a jump at magnitude %s', (scale) => {
    const d = new EwmaZScore(1);
    for (let i = 0; i < 50; i++) d.learnOne([scale * (1 + (i % 2))]);
    expect(d.std[0]).toBeGreaterThan(0);
    const s = d.scoreOne([scale * 8]);
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

  it('refuses an ewma-zscore state sized for other features instead of scoring with holes in it', () => {
    const d = new EwmaZScore(2, { warmup: 1 });
    for (let i = 0; i < 20; i++) d.learnOne([i, 2 * i]);
    const json = JSON.parse(JSON.stringify(d.toJSON()));
    expect(() => onlineDetectorFromJSON(json)).not.toThrow();
    expect(() => onlineDetectorFromJSON({ ...json, state: { ...json.state, level: [1] } })).toThrow(/does not match its 2 features/);
    const pending = [{ values: [1, 2, 3], residuals: [0, 0, 0] }];
    expect(() => onlineDetectorFromJSON({ ...json, state: { ...json.state, pending } })).toThrow(/does not match/);
  });
});
