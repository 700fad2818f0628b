import { SeededRandom } from '@numalogic/onnx';
import { describe, expect, it } from 'vitest';
import { choleskySolve } from '../src/index.js';

/** A random symmetric positive definite matrix MᵀM + I, row-major. */
function randomSpd(n: number, random: SeededRandom): Float64Array {
  const m = Float64Array.from({ length: n * n }, () => random.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) sum += (m[k * n + i] as number) * (m[k * n + j] as number);
      a[i * n + j] = sum;
    }
  }
  return a;
}

describe('choleskySolve', () => {
  it('solves a small system known by hand', () => {
    // [[4, 2], [2, 3]] x = [2, 1]  ->  x = [0.5, 0]
    const x = choleskySolve([4, 2, 2, 3], [2, 1], 2);
    expect(x[0]).toBeCloseTo(0.5, 12);
    expect(x[1]).toBeCloseTo(0, 12);
  });

  it('gives A x = b for random SPD systems up to 24x24', () => {
    const random = new SeededRandom(4);
    for (const n of [1, 2, 5, 12, 24]) {
      const a = randomSpd(n, random);
      const b = Float64Array.from({ length: n }, () => random.normal());
      const x = choleskySolve(a, b, n);
      for (let i = 0; i < n; i++) {
        let ax = 0;
        for (let j = 0; j < n; j++) ax += (a[i * n + j] as number) * (x[j] as number);
        expect(Math.abs(ax - (b[i] as number)), `n=${n} row ${i}`).toBeLessThan(1e-9 * (1 + Math.abs(b[i] as number)));
      }
    }
  });

  it('reads only the lower triangle', () => {
    const random = new SeededRandom(5);
    const a = randomSpd(6, random);
    const b = Float64Array.from({ length: 6 }, () => random.normal());
    const lowerOnly = Float64Array.from(a, (v, k) => (k % 6 > Math.floor(k / 6) ? Number.NaN : v));
    expect(choleskySolve(lowerOnly, b, 6)).toEqual(choleskySolve(a, b, 6));
  });

  it('refuses matrices that are not positive definite and mismatched sizes, clearly', () => {
    expect(() => choleskySolve([1, 2, 2, 1], [1, 1], 2)).toThrow(/not positive definite \(pivot 1 is -3\)/);
    expect(() => choleskySolve([0], [1], 1)).toThrow(/pivot 0 is 0/);
    expect(() => choleskySolve([Number.NaN], [1], 1)).toThrow(/not positive definite/);
    expect(() => choleskySolve([1, 0, 0], [1, 1], 2)).toThrow(/expected 4 matrix values/);
    expect(() => choleskySolve([1, 0, 0, 1], [1], 2)).toThrow(/expected 2 right-hand side values/);
    expect(() => choleskySolve([], [], 0)).toThrow(/size must be a positive integer/);
  });
});
