// Training windows cut from a key's history exactly as preprocess cuts serving windows: a WindowBuilder on the
// configured grid, one window anchored at each observed point (stride 1), gaps filled the same way. Training
// and serving then see the same shapes, so a model is never trained on windows inference never shows it.
import { blockMeansInto, WindowBuilder, type FillMethod, type Matrix } from '@numalogic/core';

export interface TrainingWindowOptions {
  points: number;
  intervalMs: number;
  fill?: FillMethod;
  fillLimit?: number;
  /** Keep only the newest windows beyond this count (bounds training time on long histories). */
  maxWindows?: number;
  /**
   * Coarse windows: each window of `points` points is reduced, as it is cut, to points / blockSize rows, each the
   * mean of blockSize consecutive points, oldest block first (core's blockMeansInto, which inference calls on
   * each key's recent points: a model is served exactly the rows it was trained on). A model trained on them
   * sees the shape of a longer stretch (a day of 5-minute data for 12 blocks of 24) with the noise averaged
   * out. The long windows are never kept. Default 1: the windows as cut.
   */
  blockSize?: number;
}

export interface TrainingWindows {
  /** Row-major [count, window, features], the layout of the model contract's input `x`. */
  data: Float64Array;
  count: number;
  window: number;
  features: number;
  /** Windows whose gaps were all within the fill limit. */
  complete: number;
  /** Epoch ms of the newest point used. */
  lastPointAt: number;
  /** Points of the history one window covers, when more than `window` (block means): see onnx's WindowShape. */
  span?: number;
}

export interface HistoryRows {
  t: readonly number[];
  v: readonly (readonly number[])[];
}

/**
 * Windows over a sorted history: one per grid slot holding an observed point, once the grid span from the
 * first point covers a whole window (earlier windows would be mostly filler). Points sharing a slot: last wins.
 */
export function trainingWindows(history: HistoryRows, options: TrainingWindowOptions): TrainingWindows {
  const { points, intervalMs } = options;
  const blockSize = options.blockSize ?? 1;
  if (!(Number.isInteger(blockSize) && blockSize >= 1 && points % blockSize === 0)) {
    throw new RangeError(`blockSize must be a positive integer dividing points (${points}), got ${blockSize}`);
  }
  const features = history.v[0]?.length ?? 0;
  const size = points * features;
  const rows = points / blockSize;
  const slotOf = (i: number) => Math.round(history.t[i]! / intervalMs);
  const anchors: number[] = [];
  if (features > 0) {
    const first = slotOf(0);
    for (let i = 0; i < history.t.length; i++) {
      const slot = slotOf(i);
      const lastOfSlot = i + 1 === history.t.length || slotOf(i + 1) !== slot;
      if (lastOfSlot && slot - first + 1 >= points) anchors.push(i);
    }
  }
  const maxWindows = options.maxWindows ?? Infinity;
  const chosen = anchors.length > maxWindows ? anchors.slice(anchors.length - maxWindows) : anchors;
  const data = new Float64Array(chosen.length * rows * features);
  // A long window is cut into this one buffer and reduced into `data` at once.
  const long = blockSize > 1 ? new Float64Array(size) : null;
  let complete = 0;
  if (chosen.length > 0) {
    const builder = new WindowBuilder({ points, features, intervalMs, fill: options.fill, fillLimit: options.fillLimit });
    // A window holds only the points of its own slots, so the builder starts at the first point of the oldest
    // chosen window: the points before it would all have left the window by then (with maxWindows, most of a
    // long history is never pushed).
    const firstSlot = slotOf(chosen[0]!) - points + 1;
    let start = chosen[0]!;
    while (start > 0 && slotOf(start - 1) >= firstSlot) start--;
    let next = 0;
    for (let i = start; i <= chosen[chosen.length - 1]!; i++) {
      builder.push(history.t[i]!, history.v[i]!);
      if (i !== chosen[next]) continue;
      if (long === null) {
        if (builder.copyInto(data.subarray(next * size, (next + 1) * size))) complete++;
      } else {
        if (builder.copyInto(long)) complete++;
        blockMeansInto(long, 0, points, rows, blockSize, features, data, next * rows * features);
      }
      next++;
    }
  }
  const last = chosen[chosen.length - 1];
  return {
    data, count: chosen.length, window: rows, features, complete, lastPointAt: last === undefined ? NaN : history.t[last]!,
    ...(blockSize > 1 ? { span: points } : {}),
  };
}

/** Window i of a batch as a matrix view [window x features] over the same memory. */
export function windowMatrix(windows: TrainingWindows, i: number): Matrix {
  const size = windows.window * windows.features;
  return { data: windows.data.subarray(i * size, (i + 1) * size), rows: windows.window, cols: windows.features };
}
