/**
 * Per-feature error of a reconstruction: mean over the window of |x - reconstruction|, giving
 * [count, features]. This is the score a `reconstruction` model yields (docs/models.md).
 */
export function reconstructionError(x: Float32Array, reconstruction: Float32Array, count: number, window: number, features: number): Float32Array {
  const errors = new Float32Array(count * features);
  const sums = new Float64Array(features);
  for (let b = 0; b < count; b++) {
    sums.fill(0);
    const base = b * window * features;
    for (let t = 0; t < window; t++) {
      const row = base + t * features;
      for (let f = 0; f < features; f++) {
        const d = (x[row + f] as number) - (reconstruction[row + f] as number);
        sums[f] = (sums[f] as number) + (d < 0 ? -d : d);
      }
    }
    for (let f = 0; f < features; f++) errors[b * features + f] = (sums[f] as number) / window;
  }
  return errors;
}
