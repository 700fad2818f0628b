// Merging training requests into a key's history. Consecutive windows overlap, so the same point arrives many
// times: points are keyed by timestamp (a later copy replaces an earlier one, a request's copy the stored one),
// sorted, and only the newest maxHistory are kept.
import type { PointHistory } from '@numalogic/registry';

/** Raw points as a TrainRequest carries them. */
export interface RawPoints {
  t: readonly number[];
  v: readonly (readonly number[])[];
}

export interface MergeResult {
  history: PointHistory;
  /** Request points whose timestamp was not in the history before. */
  added: number;
  /** Request points that were not usable (wrong row length, non-finite numbers, t and v of different lengths). */
  rejected: number;
  /** Whether the stored history was discarded because its features differ from the configuration's. */
  reset: boolean;
  /** Whether the result differs from the stored history (so it must be written back). */
  changed: boolean;
}

function usableRow(row: readonly number[] | undefined, width: number): row is readonly number[] {
  if (row === undefined || row.length !== width) return false;
  for (const value of row) if (!Number.isFinite(value)) return false;
  return true;
}

export function mergeHistory(
  stored: PointHistory | null,
  batches: readonly RawPoints[],
  features: readonly string[],
  maxHistory: number,
): MergeResult {
  if (!(Number.isInteger(maxHistory) && maxHistory >= 1)) throw new RangeError(`maxHistory must be a positive integer, got ${maxHistory}`);
  const reset = stored !== null && !sameNames(stored.features, features);
  const base = stored !== null && !reset ? stored : null;
  if (base !== null) {
    const appended = appendNewer(base, batches, features, maxHistory);
    if (appended !== null) return appended;
  }
  const points = new Map<number, readonly number[]>();
  if (base !== null) for (let i = 0; i < base.t.length; i++) points.set(base.t[i]!, base.v[i]!);
  let added = 0;
  let rejected = 0;
  for (const batch of batches) {
    const n = Math.max(batch.t.length, batch.v.length);
    for (let i = 0; i < n; i++) {
      const t = batch.t[i];
      const row = batch.v[i];
      if (t === undefined || !Number.isFinite(t) || !usableRow(row, features.length)) {
        rejected++;
        continue;
      }
      if (!points.has(t)) added++;
      points.set(t, row);
    }
  }
  const times = [...points.keys()].sort((a, b) => a - b).slice(-maxHistory);
  const history: PointHistory = { features: [...features], t: times, v: times.map((t) => [...points.get(t)!]) };
  return { history, added, rejected, reset, changed: base === null ? history.t.length > 0 || reset : !sameHistory(base, history) };
}

/**
 * The common case in one process (`numalogic score` hands the trainer each key's rows since its last call):
 * every request point usable, in strictly ascending time, all newer than the stored history. The merge is then
 * an append and a trim, with the result the general merge gives (rows the history already held are shared, not
 * copied: histories are never changed in place). Null when the batches are anything else.
 */
function appendNewer(base: PointHistory, batches: readonly RawPoints[], features: readonly string[], maxHistory: number): MergeResult | null {
  let last = base.t.length > 0 ? base.t[base.t.length - 1]! : -Infinity;
  let added = 0;
  for (const batch of batches) {
    if (batch.t.length !== batch.v.length) return null;
    for (let i = 0; i < batch.t.length; i++) {
      const t = batch.t[i]!;
      if (!(Number.isFinite(t) && t > last) || !usableRow(batch.v[i], features.length)) return null;
      last = t;
    }
    added += batch.t.length;
  }
  if (added === 0) return null;
  const total = base.t.length + added;
  const drop = Math.max(0, total - maxHistory);
  const t = base.t.slice(Math.min(drop, base.t.length));
  const v = base.v.slice(Math.min(drop, base.v.length));
  let skip = Math.max(0, drop - base.t.length); // new points that are themselves beyond maxHistory
  for (const batch of batches) {
    for (let i = 0; i < batch.t.length; i++) {
      if (skip > 0) {
        skip--;
        continue;
      }
      t.push(batch.t[i]!);
      v.push([...batch.v[i]!]);
    }
  }
  return { history: { features: [...features], t, v: v as number[][] }, added, rejected: 0, reset: false, changed: true };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

function sameHistory(a: PointHistory, b: PointHistory): boolean {
  if (a.t.length !== b.t.length) return false;
  for (let i = 0; i < a.t.length; i++) {
    if (a.t[i] !== b.t[i]) return false;
    const ra = a.v[i]!;
    const rb = b.v[i]!;
    for (let f = 0; f < ra.length; f++) if (ra[f] !== rb[f]) return false;
  }
  return true;
}

/** How many history points are newer than a time (epoch ms); the history is sorted. */
export function pointsAfter(history: Pick<PointHistory, 't'>, after: number): number {
  let lo = 0;
  let hi = history.t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (history.t[mid]! > after) hi = mid;
    else lo = mid + 1;
  }
  return history.t.length - lo;
}
