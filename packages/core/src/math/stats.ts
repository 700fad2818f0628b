/**
 * Column statistics that stay finite for huge (1e300) and tiny (1e-300) magnitudes: means are running means
 * (no overflowing sum) and spreads are computed on deviations scaled by their largest absolute value.
 */
import type { Matrix } from './matrix.js';
import { readColumn } from './matrix.js';

export function mean(values: ArrayLike<number>, n: number = values.length): number {
  let m = 0;
  for (let i = 0; i < n; i++) m += (values[i]! - m) / (i + 1);
  return m;
}

/** Population standard deviation (divides by n), as numpy's default and numalogic's thresholds use. */
export function std(values: ArrayLike<number>, center: number = mean(values), n: number = values.length): number {
  if (n === 0) return 0;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(values[i]! - center));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i]! - center) / scale;
    sum += d * d;
  }
  return scale * Math.sqrt(sum / n);
}

export function maxAbs(values: ArrayLike<number>, n: number = values.length): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/** Sorts a copy, ascending. */
export function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values as ArrayLike<number>).sort();
}

/** Quantile q in [0, 1] of ascending-sorted values, linear interpolation between ranks (numpy's default). */
export function quantileSorted(sortedValues: ArrayLike<number>, q: number): number {
  const n = sortedValues.length;
  if (n === 0) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  const a = sortedValues[lo]!;
  const b = sortedValues[hi]!;
  return frac === 0 ? a : a + (b - a) * frac;
}

export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(sorted(values), q);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Median absolute deviation around the median (unscaled). */
export function mad(values: ArrayLike<number>, center: number = median(values)): number {
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs(values[i]! - center);
  return median(dev);
}

/** Calls fn with each column of m as a Float64Array (one buffer reused across columns). */
export function forEachColumn(m: Matrix, fn: (column: Float64Array, c: number) => void): void {
  const buffer = new Float64Array(m.rows);
  for (let c = 0; c < m.cols; c++) fn(readColumn(m, c, buffer), c);
}

/**
 * A spread below this fraction of the column's magnitude is treated as zero (a constant column), so scalers
 * never divide by noise-level spreads.
 */
export const RELATIVE_EPSILON = 1e-10;

export function isNegligibleSpread(spread: number, magnitude: number): boolean {
  return !(spread > 0) || spread <= RELATIVE_EPSILON * magnitude;
}
