import { describe, expect, it } from 'vitest';
import { cloneMatrix, createMatrix, matrixFromRows, matrixToRows, type Matrix } from '../src/math/matrix.js';
import {
  ClipTransform,
  DifferenceTransform,
  EmaTransform,
  LogTransform,
  MinMaxScaler,
  PercentileScaler,
  RobustScaler,
  StandardScaler,
  TanhScaler,
  TransformPipeline,
  createTransform,
  transformFromJSON,
  transformNames,
  type Transform,
} from '../src/transforms/index.js';

function column(m: Matrix, c: number): number[] {
  return matrixToRows(m).map((r) => r[c]!);
}

function expectClose(actual: number[], expected: number[], digits = 10): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));
}

const data = matrixFromRows([
  [1, 10, 5],
  [2, 20, 5],
  [3, 30, 5],
  [4, 40, 5],
]);

describe('standard scaler', () => {
  it('uses mean and population std; a constant column becomes 0', () => {
    const t = new StandardScaler().fit(data);
    const out = t.transform(data, createMatrix(4, 3));
    // mean 2.5, std sqrt(1.25)
    const s = Math.sqrt(1.25);
    expectClose(column(out, 0), [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
    expectClose(column(out, 1), [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
    expect(column(out, 2)).toEqual([0, 0, 0, 0]);
    expect(Array.from(t.scale)).toEqual([s, 10 * s, 1]);
  });

  it('stays exact for huge and tiny magnitudes', () => {
    const huge = matrixFromRows([[1e300], [2e300], [3e300]]);
    const tiny = matrixFromRows([[1e-300], [2e-300], [3e-300]]);
    const z = Math.sqrt(1.5);
    for (const m of [huge, tiny]) {
      const out = new StandardScaler().fit(m).transform(cloneMatrix(m));
      expectClose(column(out, 0), [-z, 0, z], 9);
    }
  });

  it('treats a near-constant column as constant', () => {
    const m = matrixFromRows([[1000], [1000 + 1e-10], [1000]]);
    const t = new StandardScaler().fit(m);
    expect(t.scale[0]).toBe(1);
    expect(column(t.transform(cloneMatrix(m)), 0).every((v) => Math.abs(v) < 1e-9)).toBe(true);
  });

  it('fits an empty matrix to the identity-like state and a single row to 0', () => {
    const one = new StandardScaler().fit(matrixFromRows([[7, -3]]));
    expect(matrixToRows(one.transform(matrixFromRows([[7, -3]])))).toEqual([[0, 0]]);
    const empty = new StandardScaler().fit(createMatrix(0, 2));
    expect(matrixToRows(empty.transform(matrixFromRows([[7, -3]])))).toEqual([[7, -3]]);
  });

  it('refuses use before fit and a wrong feature count', () => {
    expect(() => new StandardScaler().transform(data)).toThrow(/before fit/);
    const t = new StandardScaler().fit(data);
    expect(() => t.transform(matrixFromRows([[1, 2]]))).toThrow(/fitted on 3 features/);
  });
});

describe('other scalers', () => {
  it('min-max maps training range onto [0, 1]', () => {
    const out = new MinMaxScaler().fit(data).transform(cloneMatrix(data));
    expectClose(column(out, 0), [0, 1 / 3, 2 / 3, 1]);
    expect(column(out, 2)).toEqual([0, 0, 0, 0]);
  });

  it('min-max keeps huge ranges exact', () => {
    const m = matrixFromRows([[-1e300], [0], [1e300]]);
    const out = new MinMaxScaler().fit(m).transform(cloneMatrix(m));
    expectClose(column(out, 0), [0, 0.5, 1]);
  });

  it('robust centres on the median and scales by the IQR', () => {
    const m = matrixFromRows([[1], [2], [3], [4], [100]]);
    // median 3, q25 2, q75 4 (linear interpolation) -> IQR 2
    const out = new RobustScaler().fit(m).transform(cloneMatrix(m));
    expectClose(column(out, 0), [-1, -0.5, 0, 0.5, 48.5]);
  });

  it('percentile scaler clips at the upper percentile before min-max', () => {
    const rows = Array.from({ length: 101 }, (_, i) => [i]);
    const m = matrixFromRows(rows);
    const t = new PercentileScaler({ upperPercentile: 90 }).fit(m);
    expect(t.upper[0]).toBe(90);
    const out = t.transform(matrixFromRows([[45], [90], [1000], [-5]]));
    expectClose(column(out, 0), [0.5, 1, 1, 0]);
  });

  it('percentile scaler falls back to the true max on zero-heavy data', () => {
    const m = matrixFromRows([...Array.from({ length: 99 }, () => [0]), [50], [100]]);
    const t = new PercentileScaler({ upperPercentile: 95 }).fit(m);
    expect(t.upper[0]).toBe(100);
    expectClose(column(t.transform(matrixFromRows([[50]])), 0), [0.5]);
  });

  it('tanh scaler squashes into (0, 1) and inverts', () => {
    const t = new TanhScaler({ coeff: 0.5 }).fit(data);
    const out = t.transform(cloneMatrix(data));
    const s = Math.sqrt(1.25);
    expectClose(column(out, 0), [-1.5, -0.5, 0.5, 1.5].map((d) => 0.5 * (Math.tanh((0.5 * d) / s) + 1)));
    expect(column(out, 2)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expectClose(matrixToRows(t.inverse(out)).flat(), matrixToRows(data).flat(), 8);
  });
});

describe('stateless transforms', () => {
  it('signed log is defined for every real and inverts', () => {
    const m = matrixFromRows([[0, -1, 1e300, Math.E - 1]]);
    const out = new LogTransform().transform(cloneMatrix(m));
    expectClose(matrixToRows(out)[0]!, [0, -Math.log(2), Math.log1p(1e300), 1]);
    expectClose(matrixToRows(new LogTransform().inverse(out))[0]!.slice(0, 2), [0, -1]);
  });

  it('clip bounds per column, with null for unbounded', () => {
    const t = new ClipTransform({ lower: [0, null], upper: 3 });
    const out = t.transform(matrixFromRows([[-1, -1], [5, 5], [2, 2]]));
    expect(matrixToRows(out)).toEqual([[0, -1], [3, 3], [2, 2]]);
  });

  it('difference back-fills the first row and inverts up to the level', () => {
    const m = matrixFromRows([[1, 5], [4, 5], [9, 7]]);
    const out = new DifferenceTransform().transform(cloneMatrix(m));
    expect(matrixToRows(out)).toEqual([[3, 0], [3, 0], [5, 2]]);
    expect(matrixToRows(new DifferenceTransform().inverse(out))).toEqual([[0, 0], [3, 0], [8, 2]]);
    expect(matrixToRows(new DifferenceTransform().transform(matrixFromRows([[4, 2]])))).toEqual([[0, 0]]);
  });

  it('ema follows y = a x + (1 - a) y_prev and inverts exactly', () => {
    const m = matrixFromRows([[0], [4], [8], [0]]);
    const t = new EmaTransform({ alpha: 0.5 });
    const out = t.transform(cloneMatrix(m));
    expect(column(out, 0)).toEqual([0, 2, 5, 2.5]);
    expect(column(t.inverse(out), 0)).toEqual([0, 4, 8, 0]);
    expect(() => new EmaTransform({ alpha: 0 })).toThrow(/alpha/);
  });

  it('writes into out without touching the input', () => {
    const m = matrixFromRows([[1], [3]]);
    const out = createMatrix(2, 1);
    new EmaTransform({ alpha: 0.5 }).transform(m, out);
    expect(column(m, 0)).toEqual([1, 3]);
    expect(column(out, 0)).toEqual([1, 2]);
    expect(() => new EmaTransform().transform(m, createMatrix(3, 1))).toThrow(/expected 2x1/);
  });
});

describe('serialisation', () => {
  const fitted: Transform[] = transformNames().map((name) =>
    createTransform(name, name === 'clip' ? { lower: -1, upper: [2, null, 40] } : {}).fit(data),
  );

  it.each(fitted.map((t) => [t.name, t] as const))('%s round-trips through JSON', (_name, t) => {
    const restored = transformFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(restored.name).toBe(t.name);
    expect(restored.toJSON()).toEqual(t.toJSON());
    const probe = matrixFromRows([[2.5, 12, 5], [-3, 55, 6]]);
    expect(matrixToRows(restored.transform(cloneMatrix(probe)))).toEqual(matrixToRows(t.transform(cloneMatrix(probe))));
  });

  it('rejects unknown names and malformed params with a clear message', () => {
    expect(() => transformFromJSON({ name: 'fourier', params: {} })).toThrow(/unknown transform 'fourier'/);
    expect(() => transformFromJSON({ name: 'standard', params: { center: [1] } })).toThrow(/scale/);
    expect(() => transformFromJSON('standard')).toThrow(/serialised transform/);
    expect(() => createTransform('ema', { alpha: 2 })).toThrow(/alpha/);
    expect(() => createTransform('standard', { k: 1 })).toThrow(/k: unknown field/);
  });
});

describe('TransformPipeline', () => {
  it('fits each step on the previous output and inverts in reverse order', () => {
    const p = TransformPipeline.fromConfig([{ name: 'log' }, { name: 'standard' }]);
    const fitted = p.fitTransform(data);
    expect(column(data, 0)).toEqual([1, 2, 3, 4]);
    const logs = [1, 2, 3, 4].map((v) => Math.log1p(v));
    const mu = logs.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / 4);
    expectClose(column(fitted, 0), logs.map((v) => (v - mu) / sd));
    const out = p.transform(data, createMatrix(4, 3));
    expect(matrixToRows(out)).toEqual(matrixToRows(fitted));
    expectClose(matrixToRows(p.inverse(out)).flat(), matrixToRows(data).flat(), 9);
  });

  it('round-trips through JSON', () => {
    const p = TransformPipeline.fromConfig([{ name: 'clip', options: { upper: 35 } }, { name: 'robust' }]).fit(data);
    const restored = TransformPipeline.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(matrixToRows(restored.transform(cloneMatrix(data)))).toEqual(matrixToRows(p.transform(cloneMatrix(data))));
    expect(() => TransformPipeline.fromJSON({})).toThrow(/array/);
  });

  it('passes NaN through without crashing', () => {
    const p = TransformPipeline.fromConfig([{ name: 'standard' }]).fit(data);
    const out = p.transform(matrixFromRows([[Number.NaN, Number.POSITIVE_INFINITY, 5]]));
    expect(Number.isNaN(out.data[0])).toBe(true);
    expect(out.data[1]).toBe(Number.POSITIVE_INFINITY);
  });
});
