/** Splits [0, count) into a training head and a validation tail (time order kept: the tail is the newest data). */
export function splitValidationTail(count: number, fraction: number, minValidation: number): { train: number; validation: number } {
  const validation = Math.floor(count * fraction);
  if (fraction <= 0 || validation < minValidation || count - validation < 1) return { train: count, validation: 0 };
  return { train: count - validation, validation };
}

/** Copies training windows into a Float64Array (the precision we train in). */
export function toFloat64(windows: Float32Array | Float64Array): Float64Array {
  return windows instanceof Float64Array ? windows : Float64Array.from(windows);
}

/** Copies the rows listed in `order[start, start + size)` of `source` (rows of `width`) into `target`. */
export function gatherRows(source: Float64Array, order: Uint32Array, start: number, size: number, width: number, target: Float64Array): void {
  for (let r = 0; r < size; r++) {
    const from = (order[start + r] as number) * width;
    target.set(source.subarray(from, from + width), r * width);
  }
}
