/**
 * Block means of `blocks x blockSize` consecutive rows into `out` [blocks, features] from `outOffset`, oldest
 * block first: a coarse model's input. The trainer computes it from training windows and inference from each
 * key's ring of recent rows; both call this one function, so a model is served exactly the rows it was trained
 * on. `rowAt(i)` is the offset in `values` of the i-th row (0 = oldest) of the span, `features` values each.
 */
export function blockMeansInto(
  values: ArrayLike<number>,
  rowAt: (i: number) => number,
  blocks: number,
  blockSize: number,
  features: number,
  out: Float64Array,
  outOffset = 0,
): void {
  for (let b = 0; b < blocks; b++) {
    for (let f = 0; f < features; f++) {
      let sum = 0;
      for (let k = 0; k < blockSize; k++) sum += values[rowAt(b * blockSize + k) + f]!;
      out[outOffset + b * features + f] = sum / blockSize;
    }
  }
}
