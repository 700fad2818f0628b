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
  // Row by row, so rowAt runs once per row rather than once per row and feature (inference calls this per window,
  // over window.points x coarseBlock rows); each feature's sum still adds its rows oldest first.
  for (let b = 0; b < blocks; b++) {
    const at = outOffset + b * features;
    out.fill(0, at, at + features);
    for (let k = 0; k < blockSize; k++) {
      const row = rowAt(b * blockSize + k);
      for (let f = 0; f < features; f++) out[at + f]! += values[row + f]!;
    }
    for (let f = 0; f < features; f++) out[at + f]! /= blockSize;
  }
}
