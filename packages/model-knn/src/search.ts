import type { Codebook } from './codebook.js';

/**
 * Squared distance from `query` (one feature's column of a window, length `window`) to the nearest codebook
 * window of feature f, skipping codebook windows skipFrom..skipTo (inclusive; none by default). Early abandoning
 * stops a candidate's sum once it passes the best so far: the result is exact, with far fewer operations on
 * ordinary data. Infinity when every window is skipped.
 */
export function nearestSquared(codebook: Codebook, f: number, query: Float64Array, skipFrom = 0, skipTo = -1): number {
  const { rows, size, window } = codebook;
  const skipping = skipTo >= skipFrom;
  let best = Infinity;
  for (let m = 0; m < size; m++) {
    if (m === skipFrom && skipping) {
      m = skipTo;
      continue;
    }
    const sum = squaredTo(rows, (f * size + m) * window, query, window, best);
    if (sum < best) best = sum;
  }
  return best;
}

/** Where nearestByLength found the nearest window (-1: none). */
export interface Nearest {
  index: number;
}

/**
 * Codebook windows of one feature sorted by their length (Euclidean norm), for nearestByLength. Built once per
 * codebook and feature.
 */
export interface LengthOrder {
  /** Codebook indices, shortest window first. */
  order: Int32Array;
  /** Their lengths, ascending. */
  lengths: Float64Array;
}

export function lengthOrder(codebook: Codebook, f: number): LengthOrder {
  const { norms, size } = codebook;
  const order = Int32Array.from({ length: size }, (_, m) => m).sort((a, b) => norms[f * size + a]! - norms[f * size + b]!);
  const lengths = Float64Array.from(order, (m) => Math.sqrt(norms[f * size + m]!));
  return { order, lengths };
}

// Relative slack on the length bound, far above the rounding of a 12-term sum: a candidate is passed over only
// when it is certainly farther than the best so far, so the result stays exactly nearestSquared's.
const BOUND_SLACK = 1 + 1e-9;

/**
 * nearestSquared, measuring codebook window `hint` first when it is in range and not skipped (a good hint, the
 * neighbour of the previous, overlapping query moved on by one, bounds every other candidate from the start),
 * then visiting candidates in order of length from the query's: no window c can be nearer than
 * (|q| - |c|)^2 (the reverse triangle inequality), so once that gap passes the best distance on both sides the
 * rest are skipped unseen. Same result as nearestSquared (the minimum over the same sums); index into `found`.
 */
export function nearestByLength(
  codebook: Codebook,
  byLength: LengthOrder,
  f: number,
  query: Float64Array,
  skipFrom: number,
  skipTo: number,
  hint: number,
  found: Nearest,
): number {
  const { rows, size, window } = codebook;
  const { order, lengths } = byLength;
  const skipped = (m: number) => skipTo >= skipFrom && m >= skipFrom && m <= skipTo;
  let best = Infinity;
  let bestAt = -1;
  if (hint >= 0 && hint < size && !skipped(hint)) {
    best = squaredTo(rows, (f * size + hint) * window, query, window, Infinity);
    bestAt = hint;
  }
  let norm = 0;
  for (let t = 0; t < window; t++) norm += query[t]! * query[t]!;
  const length = Math.sqrt(norm);
  // First index whose length is >= the query's: candidates go down from hi - 1 and up from hi.
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lengths[mid]! < length) lo = mid + 1;
    else hi = mid;
  }
  let down = lo - 1;
  let up = lo;
  while (down >= 0 || up < size) {
    const gapDown = down >= 0 ? length - lengths[down]! : Infinity;
    const gapUp = up < size ? lengths[up]! - length : Infinity;
    const goDown = gapDown <= gapUp;
    const gap = goDown ? gapDown : gapUp;
    if (gap * gap > best * BOUND_SLACK) break; // every candidate left is at least this far
    const m = order[goDown ? down-- : up++]!;
    if (skipped(m) || m === bestAt) continue;
    const sum = squaredTo(rows, (f * size + m) * window, query, window, best);
    if (sum < best) {
      best = sum;
      bestAt = m;
    }
  }
  found.index = bestAt;
  return best;
}

/** Squared distance from query to the codebook row at offset, abandoned (returning a value >= bound) once it reaches bound. */
function squaredTo(rows: Float64Array, offset: number, query: Float64Array, window: number, bound: number): number {
  // Four steps between checks: the bound is rarely passed within a step or two of the previous check, and a
  // branch per step costs more than the arithmetic. The sums are added in the same order either way.
  let sum = 0;
  let t = 0;
  for (; t + 4 <= window; t += 4) {
    const e0 = query[t]! - rows[offset + t]!;
    const e1 = query[t + 1]! - rows[offset + t + 1]!;
    const e2 = query[t + 2]! - rows[offset + t + 2]!;
    const e3 = query[t + 3]! - rows[offset + t + 3]!;
    sum += e0 * e0;
    sum += e1 * e1;
    sum += e2 * e2;
    sum += e3 * e3;
    if (sum >= bound) return sum;
  }
  for (; t < window; t++) {
    const e = query[t]! - rows[offset + t]!;
    sum += e * e;
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
