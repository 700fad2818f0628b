import { describe, expect, it } from 'vitest';
import { createMatrix, matrixFromRows, matrixToRows } from '../src/math/matrix.js';
import {
  MahalanobisThreshold,
  MaxPercentileThreshold,
  RobustMadThreshold,
  SigmoidThreshold,
  StaticThreshold,
  StdDevThreshold,
  createThreshold,
  thresholdFromJSON,
  thresholdNames,
} from '../src/thresholds/index.js';

const errors = matrixFromRows([
  [1, 0],
  [2, 0],
  [3, 0],
  [4, 0],
]);

describe('per-feature thresholds', () => {
  it('std-dev: mean + k * population std, floored for all-zero errors', () => {
    const t = new StdDevThreshold({ k: 2 }).fit(errors);
    expect(t.thresholds[0]).toBeCloseTo(2.5 + 2 * Math.sqrt(1.25), 12);
    expect(t.thresholds[1]).toBe(1e-6);
    const scores = t.score(matrixFromRows([[t.thresholds[0]!, 0]]));
    expect(matrixToRows(scores)).toEqual([[1, 0]]);
  });

  it('max-percentile: the linear-interpolated percentile', () => {
    const t = new MaxPercentileThreshold({ percentile: 50 }).fit(errors);
    expect(t.thresholds[0]).toBe(2.5);
    const p90 = new MaxPercentileThreshold({ percentile: 90 }).fit(errors);
    expect(p90.thresholds[0]).toBeCloseTo(3.7, 12);
  });

  it('robust-mad: median + k * 1.4826 * MAD, unmoved by one huge error', () => {
    const m = matrixFromRows([[1], [2], [3], [4], [1e6]]);
    const t = new RobustMadThreshold({ k: 3 }).fit(m);
    // median 3, |deviations| = 2,1,0,1,999997 -> MAD 1
    expect(t.thresholds[0]).toBeCloseTo(3 + 3 * 1.4826, 12);
  });

  it('static: value / limit', () => {
    const t = new StaticThreshold({ limits: [2, 4] });
    expect(matrixToRows(t.score(matrixFromRows([[1, 8]])))).toEqual([[0.5, 2]]);
    expect(() => new StaticThreshold({ limits: [0] })).toThrow(/> 0/);
  });

  it('sigmoid: 1 at the limit, towards 0 below and maxRatio above', () => {
    const t = new SigmoidThreshold({ limits: 10, slope: 5, maxRatio: 10 });
    const [atLimit, below, far, above, huge] = matrixToRows(t.score(matrixFromRows([[10], [0], [-1e300], [12], [1e300]]))).flat();
    expect(atLimit).toBe(1);
    expect(below).toBeCloseTo(10 / (1 + 9 * Math.exp(5)), 12);
    expect(far).toBe(10 / (1 + 9 * Math.exp(700)));
    expect(above).toBeCloseTo(10 / (1 + 9 * Math.exp(-1)), 12);
    expect(huge).toBeCloseTo(10, 12);
  });

  it('leaves NaN and infinite training errors out of the fit', () => {
    const t = new StdDevThreshold({ k: 2 }).fit(matrixFromRows([[1], [Number.NaN], [2], [Number.POSITIVE_INFINITY], [3], [4]]));
    expect(t.thresholds[0]).toBeCloseTo(2.5 + 2 * Math.sqrt(1.25), 12);
    const none = new MaxPercentileThreshold().fit(matrixFromRows([[Number.NaN], [Number.NaN]]));
    expect(none.thresholds[0]).toBe(1e-6);
  });

  it('keeps empty and one-row training sets finite', () => {
    expect(Array.from(new StdDevThreshold().fit(createMatrix(0, 2)).thresholds)).toEqual([1e-6, 1e-6]);
    expect(Array.from(new StdDevThreshold().fit(matrixFromRows([[0.5, 0]])).thresholds)).toEqual([0.5, 1e-6]);
  });

  it('refuses use before fit and a wrong feature count', () => {
    expect(() => new StdDevThreshold().score(errors)).toThrow(/before fit/);
    expect(() => new StdDevThreshold().fit(errors).score(matrixFromRows([[1]]))).toThrow(/fitted on 2 features/);
  });
});

describe('mahalanobis', () => {
  it('equals |x - mean| / std in one dimension and gives one score per row', () => {
    const m = matrixFromRows([[1], [2], [3], [4], [5]]);
    const t = new MahalanobisThreshold({ maxOutlierProb: 0.25 }).fit(m);
    // sample variance 2.5; distances |x-3|/sqrt(2.5) = [2,1,0,1,2]/sqrt(2.5)
    const d = [2, 1, 0, 1, 2].map((v) => v / Math.sqrt(2.5));
    const mu = d.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - mu) ** 2, 0) / 5);
    expect(t.threshold).toBeCloseTo(mu + 2 * sd, 12);
    const s = t.score(matrixFromRows([[3], [8]]));
    expect(s.cols).toBe(1);
    expect(s.data[0]).toBe(0);
    expect(s.data[1]).toBeCloseTo(5 / Math.sqrt(2.5) / t.threshold, 12);
  });

  it('uses the covariance: a point off the correlation scores higher than one along it', () => {
    const rows = Array.from({ length: 200 }, (_, i) => {
      const x = Math.sin(i * 0.37) * 3;
      return [x, x + 0.1 * Math.cos(i * 1.1)];
    });
    const t = new MahalanobisThreshold().fit(matrixFromRows(rows));
    const [along, across] = Array.from(t.score(matrixFromRows([[2, 2], [1, -1]])).data);
    expect(across!).toBeGreaterThan(10 * along!);
  });

  it('survives a constant feature (singular covariance)', () => {
    const t = new MahalanobisThreshold().fit(matrixFromRows([[1, 5], [2, 5], [3, 5]]));
    const s = t.score(matrixFromRows([[2, 5], [2, 6]]));
    expect(Array.from(s.data).every(Number.isFinite)).toBe(true);
    expect(s.data[0]).toBe(0);
  });
});

describe('serialisation', () => {
  const options: Record<string, Record<string, unknown>> = { static: { limits: [3, 1] }, sigmoid: { limits: [3, 1] } };
  it.each(thresholdNames())('%s round-trips through JSON', (name) => {
    const train = matrixFromRows(Array.from({ length: 30 }, (_, i) => [Math.abs(Math.sin(i)), (i % 7) / 3]));
    const t = createThreshold(name, options[name] ?? {}).fit(train);
    const restored = thresholdFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(restored.toJSON()).toEqual(t.toJSON());
    const probe = matrixFromRows([[0.5, 2], [3, 0]]);
    expect(Array.from(restored.score(probe).data)).toEqual(Array.from(t.score(probe).data));
  });

  it('rejects unknown names and bad params clearly', () => {
    expect(() => thresholdFromJSON({ name: 'magic', params: {} })).toThrow(/unknown threshold 'magic'/);
    expect(() => thresholdFromJSON({ name: 'std-dev', params: { k: 3 } })).toThrow(/thresholds/);
    expect(() => createThreshold('max-percentile', { percentile: 120 })).toThrow(/percentile/);
  });
});
