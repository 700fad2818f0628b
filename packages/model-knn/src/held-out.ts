import type { WindowShape } from '@numalogic/onnx';
import type { Codebook } from './codebook.js';
import { columnOf, meanOrder, nearestByMean, nearestSquared, type Nearest } from './search.js';

export interface HeldOutOptions {
  /** Codebook windows closer than this (in windows, i.e. points at stride 1) to the scored one are skipped. */
  exclusion: number;
  /** At most this many training windows are scored: the newest ones. */
  maxWindows: number;
}

/**
 * The training windows scored for the threshold: the newest `maxWindows` (all when fewer), consecutive and in
 * time order. Consecutive, because the errors are also read as a time series: the trainer seeds the key's
 * score calibration from them (short means of consecutive scores), as a replica that had scored those windows
 * would hold it (an evenly spaced sample scored 47.8 instead of 62.5 on the NAB subset, docs/benchmarks.md).
 */
export function heldOutSample(count: number, maxWindows: number): number[] {
  const n = Math.min(count, maxWindows);
  return Array.from({ length: n }, (_, k) => count - n + k);
}

/**
 * Held-out errors [rows, features]: for the newest training windows (heldOutSample), the RMS distance to the nearest codebook
 * window that does not overlap it in time. Training windows come from a stride-1 sliding window in time order,
 * so windows i and j overlap only if |i - j| < window (gaps only push them further apart): an exclusion zone
 * of `exclusion` windows either side makes each error what a window the codebook has never seen would score,
 * which is what serving sees. (In-sample, every codebook window would score 0.) When the codebook has no window
 * outside the zone (a very short history), the nearest other window stands in; with none at all the error is
 * NaN, which thresholds leave out.
 */
export function heldOutDistances(windows: Float32Array | Float64Array, shape: WindowShape, codebook: Codebook, options: HeldOutOptions): Float64Array {
  const { window, features } = shape;
  const sample = heldOutSample(shape.count, options.maxWindows);
  const out = new Float64Array(sample.length * features);
  const query = new Float64Array(window);
  // Consecutive samples overlap in all but one point, so the neighbour of sample i moved on by one is usually
  // close to sample i + 1: it is measured first, as a bound; candidates then come in order of their mean, and
  // those whose mean and spread alone put them beyond the bound are never measured (nearestByMean; the result
  // is the same).
  const hints = new Int32Array(features).fill(-1);
  const byMean = Array.from({ length: features }, (_, f) => meanOrder(codebook, f));
  const found: Nearest = { index: -1 };
  sample.forEach((i, row) => {
    // Codebook indices of the windows that overlap window i (the range may lie partly or wholly outside 0..size-1).
    const own = i - codebook.first;
    const from = Math.max(0, own - options.exclusion + 1);
    const to = Math.min(codebook.size - 1, own + options.exclusion - 1);
    for (let f = 0; f < features; f++) {
      columnOf(windows, i, f, window, features, query);
      let best = nearestByMean(codebook, byMean[f]!, f, query, from, to, hints[f]! >= 0 ? hints[f]! + 1 : -1, found);
      hints[f] = found.index;
      if (best === Infinity) best = own >= 0 ? nearestSquared(codebook, f, query, own, own) : nearestSquared(codebook, f, query);
      out[row * features + f] = best === Infinity ? NaN : Math.sqrt(best / window);
    }
  });
  return out;
}
