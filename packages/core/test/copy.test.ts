import { describe, expect, it } from 'vitest';
import { toNumberArray } from '../src/math/index.js';

describe('hot-path copies', () => {
  it('toNumberArray gives a plain array of the same numbers, which JSON writes as an array', () => {
    const copy = toNumberArray(new Float32Array([0.5, -2, 1e-3]));
    expect(Array.isArray(copy)).toBe(true);
    expect(copy).toEqual([0.5, -2, Math.fround(1e-3)]);
    expect(JSON.stringify(toNumberArray(new Float64Array([1, 2])))).toBe('[1,2]');
    expect(toNumberArray(new Float64Array(0))).toEqual([]);
  });
});
