import type { Datum } from '../shared/datum.js';
import type { Message } from './message.js';

/** The window being reduced: [start, end). Results get event time end - 1 ms from the platform. */
export interface IntervalWindow {
  start: Date;
  end: Date;
}

/**
 * Reduce over one (window, keys) group. Called when the group's first datum arrives; `datums` yields the
 * group's datums as they come and ends when the platform closes the window.
 */
export type ReduceHandler = (
  keys: readonly string[],
  datums: AsyncIterable<Datum>,
  window: IntervalWindow,
) => readonly Message[] | Promise<readonly Message[]>;
