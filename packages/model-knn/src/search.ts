import type { Codebook } from './codebook.js';

/**
 * Squared distance from `query` (one feature's column of a window, length `window`) to the nearest codebook
 * window of feature f, skipping codebook windows skipFrom..skipTo (inclusive; none by default). Early abandoning
 * stops a candidate's sum once it passes the best so far: the result is exact, with far fewer operations on
 * ordinary data. Infinity when every window is skipped.
 */
export function nearestSquared(codebook: Codebook, f: number, query: Float64Array, skipFrom = 0, skipTo = -1): number {
  const { rows, size, window } = codebook;
  let best = Infinity;
  for (let m = 0; m < size; m++) {
    if (m === skipFrom && skipTo >= skipFrom) {
      m = skipTo;
      continue;
    }
    const offset = (f * size + m) * window;
    let sum = 0;
    for (let t = 0; t < window; t++) {
      const e = (query[t] as number) - (rows[offset + t] as number);
      sum += e * e;
      if (sum >= best) break;
    }
    if (sum < best) best = sum;
  }
  return best;
}

/** Copies column f of window i of a [count, window, features] block into `into`. */
export function columnOf(windows: ArrayLike<number>, i: number, f: number, window: number, features: number, into: Float64Array): Float64Array {
  const base = i * window * features;
  for (let t = 0; t < window; t++) into[t] = windows[base + t * features + f] as number;
  return into;
}

/**
 * What the ONNX graph computes, in TypeScript: the RMS distance from each window's column f to the nearest
 * codebook window of feature f, [count, features] row-major. Used as the bench's baseline.
 */
export function nearestDistances(codebook: Codebook, windows: ArrayLike<number>, count: number): Float64Array {
  const { window, features } = codebook;
  const out = new Float64Array(count * features);
  const query = new Float64Array(window);
  for (let i = 0; i < count; i++) {
    for (let f = 0; f < features; f++) {
      out[i * features + f] = Math.sqrt(nearestSquared(codebook, f, columnOf(windows, i, f, window, features, query)) / window);
    }
  }
  return out;
}
