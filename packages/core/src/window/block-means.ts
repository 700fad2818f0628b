/**
 * Block means of `blocks x blockSize` consecutive rows into `out` [blocks, features] from `outOffset`, oldest
 * block first: a coarse model's input. The trainer computes it from training windows and inference from each
 * key's ring of recent rows; both call this one function, so a model is served exactly the rows it was trained
 * on (the same sums in the same order). `values` holds `ringRows` rows of `features` values; the span starts at
 * row `firstRow` and wraps to row 0 after the last (a trainer's contiguous windows never reach the end).
 */
export function blockMeansInto(
  values: ArrayLike<number>,
  firstRow: number,
  ringRows: number,
  blocks: number,
  blockSize: number,
  features: number,
  out: Float64Array,
  outOffset = 0,
): void {
  if (!(Number.isInteger(firstRow) && firstRow >= 0 && firstRow < ringRows)) throw new RangeError(`firstRow must be an integer in 0..${ringRows - 1}, got ${firstRow}`);
  if (blocks * blockSize > ringRows) throw new RangeError(`${blocks} blocks of ${blockSize} rows do not fit in ${ringRows} rows`);
  // The row index steps on and wraps by comparison: a modulo per value cost more than the sums (inference
  // computes 12 x 24 of them per window).
  let blockStart = firstRow;
  for (let b = 0; b < blocks; b++) {
    for (let f = 0; f < features; f++) {
      let sum = 0;
      let row = blockStart;
      for (let k = 0; k < blockSize; k++) {
        sum += values[row * features + f]!;
        if (++row === ringRows) row = 0;
      }
      out[outOffset + b * features + f] = sum / blockSize;
    }
    blockStart += blockSize;
    if (blockStart >= ringRows) blockStart -= ringRows;
  }
}
