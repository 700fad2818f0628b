import type { WindowSpec } from '@numalogic/pipeline-spec';

/** An aligned window: [start, end) in epoch milliseconds. */
export interface WindowBounds {
  start: number;
  end: number;
}

/** The slide between consecutive windows: a fixed window slides by its length. */
function slideOf(spec: WindowSpec): number {
  return spec.kind === 'fixed' ? spec.lengthMs : spec.slideMs;
}

/**
 * Every window an event time falls in, oldest first. Windows are aligned to the epoch, as the platform
 * aligns them: starts at multiples of the slide, each `length` long.
 */
export function assignWindows(spec: WindowSpec, eventTime: number): WindowBounds[] {
  const slide = slideOf(spec);
  const length = spec.lengthMs;
  const newest = Math.floor(eventTime / slide) * slide;
  const windows: WindowBounds[] = [];
  for (let start = newest; start > eventTime - length; start -= slide) windows.push({ start, end: start + length });
  return windows.reverse();
}

/**
 * The end of the newest window that a watermark has closed (end <= watermark), whether or not it held data:
 * what a reduce vertex publishes (minus 1 ms) as its output watermark. -Infinity before the first one.
 */
export function lastClosedEnd(spec: WindowSpec, watermark: number): number {
  if (watermark === Infinity) return Infinity;
  if (!Number.isFinite(watermark)) return -Infinity;
  const slide = slideOf(spec);
  return Math.floor((watermark - spec.lengthMs) / slide) * slide + spec.lengthMs;
}
