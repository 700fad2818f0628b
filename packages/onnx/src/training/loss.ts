/** Reconstruction losses: value summed over a batch and gradient written into `grad` (same layout). */
export type LossName = 'mse' | 'huber';

/**
 * Sum of per-element losses between `output` and `target` over [0, n); writes d(loss)/d(output) scaled by
 * `gradScale` into `grad`. Callers divide by the element count for a mean and pass gradScale = 1/count.
 */
export function reconstructionLoss(
  loss: LossName,
  output: Float64Array,
  target: Float64Array,
  grad: Float64Array,
  n: number,
  gradScale: number,
  huberDelta: number,
): number {
  let total = 0;
  if (loss === 'mse') {
    for (let i = 0; i < n; i++) {
      const d = (output[i] as number) - (target[i] as number);
      total += d * d;
      grad[i] = 2 * d * gradScale;
    }
    return total;
  }
  for (let i = 0; i < n; i++) {
    const d = (output[i] as number) - (target[i] as number);
    const a = d < 0 ? -d : d;
    if (a <= huberDelta) {
      total += 0.5 * d * d;
      grad[i] = d * gradScale;
    } else {
      total += huberDelta * (a - 0.5 * huberDelta);
      grad[i] = (d < 0 ? -huberDelta : huberDelta) * gradScale;
    }
  }
  return total;
}
