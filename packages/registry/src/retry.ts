// Exponential backoff with full jitter ("sleep a random time up to the capped exponential"), so that many
// replicas retrying the same outage do not hit the server in lockstep.
import { describeError, StoreUnavailableError } from './errors.js';

export interface RetryOptions {
  /** Total attempts including the first (>= 1). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2000 };

export function validateRetry(options: Partial<RetryOptions> | undefined): RetryOptions {
  const merged = { ...DEFAULT_RETRY, ...options };
  if (!Number.isInteger(merged.attempts) || merged.attempts < 1) throw new RangeError(`retry.attempts must be an integer >= 1, got ${merged.attempts}`);
  if (!(merged.baseDelayMs >= 0)) throw new RangeError(`retry.baseDelayMs must be >= 0, got ${merged.baseDelayMs}`);
  if (!(merged.maxDelayMs >= merged.baseDelayMs)) throw new RangeError(`retry.maxDelayMs must be >= baseDelayMs, got ${merged.maxDelayMs}`);
  return merged;
}

export function backoffDelayMs(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * cap);
}

/**
 * Runs op until it succeeds, a non-transient error occurs (rethrown as is), or attempts run out
 * (StoreUnavailableError naming the operation, the attempts and the last cause).
 */
export async function withRetry<T>(
  what: string,
  op: () => Promise<T>,
  isTransient: (err: unknown) => boolean,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isTransient(err)) throw err;
      if (attempt + 1 >= options.attempts) {
        throw new StoreUnavailableError(`${what} failed after ${options.attempts} attempt(s): ${describeError(err)}`, { cause: err });
      }
      await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(attempt, options)));
    }
  }
}
