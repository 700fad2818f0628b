import type { Codebook } from './codebook.js';

/**
 * Squared distance from `query` (one feature's column of a window, length `window`) to the nearest codebook
 * window of feature f, skipping codebook windows skipFrom..skipTo (inclusive; none by default). Early abandoning
 * stops a candidate's sum once it passes the best so far: the result is exact, with far fewer operations on
 * ordinary data. Infinity when every window is skipped.
 */
export function nearestSquared(codebook: Codebook, f: number, query: Float64Array, skipFrom = 0, skipTo = -1): number {
  return nearestFrom(codebook, f, query, skipFrom, skipTo, -1, null);
}

/** Where nearestFrom found the nearest window (-1: none). */
export interface Nearest {
  index: number;
}

/**
 * nearestSquared, measuring codebook window `hint` first when it is in range and not skipped: a good hint (the
 * neighbour of the previous, overlapping query, moved on by one) bounds every other candidate from the start,
 * so almost all of them are abandoned after a step or two. Exact all the same: the minimum is taken over the
 * same sums; only how many of them are cut short changes. The index of the nearest goes into `found`.
 */
export function nearestFrom(codebook: Codebook, f: number, query: Float64Array, skipFrom: number, skipTo: number, hint: number, found: Nearest | null): number {
  const { rows, size, window } = codebook;
  const skipping = skipTo >= skipFrom;
  let best = Infinity;
  let bestAt = -1;
  if (hint >= 0 && hint < size && !(skipping && hint >= skipFrom && hint <= skipTo)) {
    best = squaredTo(rows, (f * size + hint) * window, query, window, Infinity);
    bestAt = hint;
  }
  for (let m = 0; m < size; m++) {
    if (m === skipFrom && skipping) {
      m = skipTo;
      continue;
    }
    const sum = squaredTo(rows, (f * size + m) * window, query, window, best);
    if (sum < best) {
      best = sum;
      bestAt = m;
    }
  }
  if (found !== null) found.index = bestAt;
  return best;
}

/** Squared distance from query to the codebook row at offset, abandoned (returning a value >= bound) once it reaches bound. */
function squaredTo(rows: Float64Array, offset: number, query: Float64Array, window: number, bound: number): number {
  let sum = 0;
  for (let t = 0; t < window; t++) {
    const e = (query[t] as number) - (rows[offset + t] as number);
    sum += e * e;
    if (sum >= bound) break;
  }
  return sum;
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
