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

/** Where nearestByMean found the nearest window (-1: none). */
export interface Nearest {
  index: number;
}

/**
 * Codebook windows of one feature sorted by their mean, for nearestByMean, with each window's length once its
 * mean is taken out. Built once per codebook and feature.
 */
export interface MeanOrder {
  /** Codebook indices, lowest mean first. */
  order: Int32Array;
  /** Their means, ascending. */
  means: Float64Array;
  /** Their lengths about their own means, |c - mean(c)|, in the same (sorted) order. */
  spreads: Float64Array;
  /** The largest squared norm of the feature's windows: scales the rounding margin of the bounds. */
  maxNorm: number;
}

export function meanOrder(codebook: Codebook, f: number): MeanOrder {
  const { rows, norms, size, window } = codebook;
  const meanOf = new Float64Array(size);
  const spreadOf = new Float64Array(size);
  const moments = { mean: 0, spread: 0 };
  let maxNorm = 0;
  for (let m = 0; m < size; m++) {
    meanAndSpread(rows, (f * size + m) * window, window, moments);
    meanOf[m] = moments.mean;
    spreadOf[m] = moments.spread;
    const norm = norms[f * size + m]!;
    if (norm > maxNorm) maxNorm = norm;
  }
  const order = Int32Array.from({ length: size }, (_, m) => m).sort((a, b) => meanOf[a]! - meanOf[b]!);
  const means = Float64Array.from(order, (m) => meanOf[m]!);
  return { order, means, spreads: Float64Array.from(order, (m) => spreadOf[m]!), maxNorm };
}

/**
 * The mean of values[at .. at + window) and their length about it, |x - mean|, into `out`. Two passes: the
 * one-pass |x|^2 - w mean^2 cancels to noise for a window far from zero with little spread.
 */
function meanAndSpread(values: Float64Array, at: number, window: number, out: { mean: number; spread: number }): void {
  let sum = 0;
  for (let t = 0; t < window; t++) sum += values[at + t]!;
  const mean = sum / window;
  let squares = 0;
  for (let t = 0; t < window; t++) {
    const d = values[at + t]! - mean;
    squares += d * d;
  }
  out.mean = mean;
  out.spread = Math.sqrt(squares);
}

// The bounds below are exact in real arithmetic; in floating point the means, spreads and bounds carry rounding
// errors that grow with the window length: about window x 2.2e-16 x (|q|^2 + max |c|^2), times a small constant.
// A candidate is passed over only when its bound exceeds the best distance by more than this fraction of
// |q|^2 + max |c|^2. For window.points up to the configuration's maximum (10,000, core's config schema; a coarse
// window has as many block means) the rounding is at most a few times 2.2e-12 of those norms, so 1e-10 covers it
// with room to spare while staying far below any distance that matters: the result stays exactly nearestSquared's.
const ROUNDING_MARGIN = 1e-10;

/**
 * nearestSquared, measuring codebook window `hint` first when it is in range and not skipped, then visiting
 * candidates in order of their mean's distance from the query's. Writing q = mean(q) + q' (and c likewise),
 * |q - c|^2 = w (mean(q) - mean(c))^2 + |q' - c'|^2 >= w (mean(q) - mean(c))^2 + (|q'| - |c'|)^2: once the first
 * term alone passes the best distance on both sides the rest are skipped unseen, and a candidate whose two
 * terms together pass it is skipped without being measured. Sliding windows of a series with a level that moves
 * spread out by mean far more than by length (a window and its mirror image have one length). Same result as
 * nearestSquared (the minimum over the same sums); index into `found`.
 */
export function nearestByMean(
  codebook: Codebook,
  byMean: MeanOrder,
  f: number,
  query: Float64Array,
  skipFrom: number,
  skipTo: number,
  hint: number,
  found: Nearest,
): number {
  const { rows, size, window } = codebook;
  const { order, means, spreads } = byMean;
  let best = Infinity;
  let bestAt = -1;
  if (hint >= 0 && hint < size && !(skipTo >= skipFrom && hint >= skipFrom && hint <= skipTo)) {
    best = squaredTo(rows, (f * size + hint) * window, query, window, Infinity);
    bestAt = hint;
  }
  let norm = 0;
  for (let t = 0; t < window; t++) norm += query[t]! * query[t]!;
  const moments = { mean: 0, spread: 0 };
  meanAndSpread(query, 0, window, moments);
  const { mean, spread } = moments;
  const margin = ROUNDING_MARGIN * (norm + byMean.maxNorm);
  // First index whose mean is >= the query's: candidates go down from hi - 1 and up from hi.
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (means[mid]! < mean) lo = mid + 1;
    else hi = mid;
  }
  let down = lo - 1;
  let up = lo;
  const skipping = skipTo >= skipFrom;
  while (down >= 0 || up < size) {
    const gapDown = down >= 0 ? mean - means[down]! : Infinity;
    const gapUp = up < size ? means[up]! - mean : Infinity;
    const goDown = gapDown <= gapUp;
    const gap = goDown ? gapDown : gapUp;
    const level = window * gap * gap;
    if (level - margin > best) break; // every candidate left is at least this far
    const at = goDown ? down-- : up++;
    const shape = spread - spreads[at]!;
    if (level + shape * shape - margin > best) continue;
    const m = order[at]!;
    if ((skipping && m >= skipFrom && m <= skipTo) || m === bestAt) continue;
    const d = squaredTo(rows, (f * size + m) * window, query, window, best);
    if (d < best) {
      best = d;
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
