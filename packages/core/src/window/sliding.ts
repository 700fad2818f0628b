import type { Matrix } from '../math/matrix.js';

export interface WindowBatch {
  /** Row-major [count, window, features], the layout of the model contract's input `x`. */
  data: Float32Array;
  count: number;
  window: number;
  features: number;
}

/**
 * Cuts a history [rows x features] into overlapping windows, window i starting at row i * stride:
 * count = floor((rows - window) / stride) + 1 (0 when rows < window). Used to build training batches.
 */
export function slidingWindows(m: Matrix, window: number, stride = 1): WindowBatch {
  if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be a positive integer, got ${window}`);
  if (!(Number.isInteger(stride) && stride >= 1)) throw new RangeError(`stride must be a positive integer, got ${stride}`);
  const features = m.cols;
  const count = m.rows < window ? 0 : Math.floor((m.rows - window) / stride) + 1;
  const size = window * features;
  const data = new Float32Array(count * size);
  for (let i = 0; i < count; i++) data.set(m.data.subarray(i * stride * features, i * stride * features + size), i * size);
  return { data, count, window, features };
}
