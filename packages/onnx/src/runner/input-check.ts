import { ModelInputError } from './errors.js';

/** Checks a block of windows [count, window, features] and returns it as float32 (copying only when needed). */
export function checkWindows(
  windows: Float32Array | Float64Array | readonly number[],
  window: number,
  features: number,
  label: string,
): { data: Float32Array; count: number } {
  const perWindow = window * features;
  if (windows.length === 0) throw new ModelInputError(`${label}: no windows given`);
  if (windows.length % perWindow !== 0) {
    throw new ModelInputError(
      `${label}: ${windows.length} values are not a whole number of windows of [${window}, ${features}] (${perWindow} values each)`,
    );
  }
  const data = windows instanceof Float32Array ? windows : Float32Array.from(windows);
  for (let i = 0; i < data.length; i++) {
    const value = data[i] as number;
    // value - value is NaN for NaN and ±Infinity, 0 otherwise: one comparison per value.
    if (value - value !== 0) {
      const point = Math.floor(i / features);
      throw new ModelInputError(
        `${label}: value ${value} at window ${Math.floor(point / window)}, step ${point % window}, feature ${i % features} is not finite`,
      );
    }
  }
  return { data, count: data.length / perWindow };
}
