/** Consistency constant: 1.4826 · MAD estimates the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;
/** sqrt(pi/2): mean absolute deviation · this estimates the standard deviation of normal data. */
const MEAN_ABS_TO_SIGMA = Math.sqrt(Math.PI / 2);

export function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Robust location and scale of one feature: the median, and 1.4826 · MAD; when more than half the
 * values equal the median (MAD = 0, typical of sparse, mostly-flat keys) the scale falls back to the
 * mean absolute deviation · sqrt(pi/2), so rare non-median values still set a scale.
 */
export function robustLocationScale(values: Float64Array): { median: number; scale: number; mad: number } {
  const location = median(values);
  const deviations = values.map((v) => Math.abs(v - location));
  const mad = median(deviations);
  if (mad > 0) return { median: location, scale: MAD_TO_SIGMA * mad, mad };
  let sum = 0;
  for (const d of deviations) sum += d;
  return { median: location, scale: (sum / deviations.length) * MEAN_ABS_TO_SIGMA, mad };
}
