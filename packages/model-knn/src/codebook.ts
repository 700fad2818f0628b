import type { WindowShape } from '@numalogic/onnx';

/**
 * The newest `memory` training windows, one univariate codebook per feature (each feature is scored on its own).
 * rows[(f * size + m) * window + t] is step t of codebook window m of feature f: [features, size, window].
 * Codebook window m is training window `first + m`; time order is kept for the held-out exclusion zone.
 */
export interface Codebook {
  rows: Float64Array;
  /** Squared norm of each codebook window, [features, size]. */
  norms: Float64Array;
  size: number;
  first: number;
  window: number;
  features: number;
}

export function buildCodebook(windows: Float32Array | Float64Array, shape: WindowShape, memory: number): Codebook {
  const { count, window, features } = shape;
  const size = Math.min(memory, count);
  const first = count - size;
  const rows = new Float64Array(features * size * window);
  const norms = new Float64Array(features * size);
  for (let m = 0; m < size; m++) {
    const base = (first + m) * window * features;
    for (let f = 0; f < features; f++) {
      let norm = 0;
      for (let t = 0; t < window; t++) {
        const v = windows[base + t * features + f] as number;
        rows[(f * size + m) * window + t] = v;
        norm += v * v;
      }
      norms[f * size + m] = norm;
    }
  }
  return { rows, norms, size, first, window, features };
}
