import type { WindowConfig } from '../config/schema.js';
import { median } from '../math/stats.js';

/**
 * The interval of a key's data, inferred from its timestamps: the median of the positive gaps between
 * consecutive distinct times (sorted first, so arrival order does not matter). The median ignores the odd
 * missing point or burst; null when fewer than two distinct times are given. What `window.intervalMs: auto`
 * uses, so one configuration fits minute data and hourly data alike.
 */
export function inferInterval(times: ArrayLike<number>): number | null {
  const sorted = Array.from(times).filter(Number.isFinite).sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i]! - sorted[i - 1]!;
    if (gap > 0) gaps.push(gap);
  }
  return gaps.length === 0 ? null : Math.max(1, Math.round(median(gaps)));
}

/** The grid a key gets when its times cannot tell (fewer than two distinct): its window then holds one point. */
export const FALLBACK_INTERVAL_MS = 60_000;

/**
 * The grid interval of one key: the configured `window.intervalMs`, or with `auto` the interval inferred from
 * the key's times (FALLBACK_INTERVAL_MS while they cannot tell). The one place preprocess, `numalogic score`
 * and the trainer resolve `auto`, so the three cut a key's windows on the same grid.
 */
export function keyIntervalMs(window: Pick<WindowConfig, 'intervalMs'>, times: ArrayLike<number>): number {
  return window.intervalMs === 'auto' ? (inferInterval(times) ?? FALLBACK_INTERVAL_MS) : window.intervalMs;
}
