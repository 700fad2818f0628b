import type { WindowConfig } from '../config/schema.js';
import type { NumericArray } from '../math/matrix.js';

export type FillMethod = 'hold' | 'linear';

export interface WindowBuilderOptions {
  /** Window length in points. */
  points: number;
  features: number;
  /** Expected interval between points; timestamps are snapped to the nearest multiple of it. */
  intervalMs: number;
  fill?: FillMethod;
  /** Longest run of missing points that is filled; a longer run makes the window incomplete. */
  fillLimit?: number;
}

/**
 * The builder options a configuration's `window` section means: the one place that reads it, so the serving
 * windows (preprocess), the one-process scorer (cli) and the trainer's windows are cut alike. With
 * `intervalMs: auto` the caller passes the key's interval (inferInterval of its points).
 */
export function windowBuilderOptions(window: WindowConfig, features: number, keyIntervalMs?: number): WindowBuilderOptions {
  const intervalMs = window.intervalMs === 'auto' ? keyIntervalMs : window.intervalMs;
  if (intervalMs === undefined) throw new RangeError("window.intervalMs is 'auto': the key's interval must be given");
  return { points: window.points, features, intervalMs, fill: window.fill.method, fillLimit: window.fill.limit };
}

export type PushOutcome = 'added' | 'replaced' | 'late' | 'invalid';

/**
 * The latest `points` grid slots of one key, in a ring buffer of typed arrays. A point goes to slot
 * round(timestamp / intervalMs): a newer slot advances the window (slots skipped over become missing), an
 * older slot still inside the window is filled in place (unsorted input is fine), the same slot again
 * replaces the value (last wins), and a slot older than the window is dropped and counted as late.
 * Nothing is allocated after construction.
 */
export class WindowBuilder {
  readonly points: number;
  readonly features: number;
  readonly intervalMs: number;
  readonly fill: FillMethod;
  readonly fillLimit: number;
  private readonly values: Float64Array;
  private readonly present: Uint8Array;
  /** Slot number (timestamp / interval) of the newest slot, valid once started (kept an integer so V8 never boxes it). */
  private newestSlot = 0;
  private started = false;
  private presentCount = 0;
  /** Points dropped because they were older than the window. */
  late = 0;
  /** Points that replaced an earlier value of the same slot. */
  duplicates = 0;
  /** Set by copyInto: points filled in, and whether every gap was within the fill limit. */
  filled = 0;
  complete = false;

  constructor(options: WindowBuilderOptions) {
    if (!(Number.isInteger(options.points) && options.points >= 1)) throw new RangeError(`points must be a positive integer, got ${options.points}`);
    if (!(Number.isInteger(options.features) && options.features >= 1)) throw new RangeError(`features must be a positive integer, got ${options.features}`);
    if (!(options.intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${options.intervalMs}`);
    this.points = options.points;
    this.features = options.features;
    this.intervalMs = options.intervalMs;
    this.fill = options.fill ?? 'hold';
    this.fillLimit = options.fillLimit ?? 3;
    this.values = new Float64Array(this.points * this.features);
    this.present = new Uint8Array(this.points);
  }

  /** Points observed in the window (not filled). */
  get observed(): number {
    return this.presentCount;
  }

  /** observed / expected points, in [0, 1]. */
  get density(): number {
    return this.presentCount / this.points;
  }

  /** Epoch ms of the newest slot (the window's end), or NaN when empty. */
  get endTimestamp(): number {
    return this.started ? this.newestSlot * this.intervalMs : NaN;
  }

  private ringIndex(slot: number): number {
    const i = slot % this.points;
    return i < 0 ? i + this.points : i;
  }

  /** Adds one point; values has `features` entries (it is copied, not kept). A non-finite timestamp is 'invalid'. */
  push(timestamp: number, values: ArrayLike<number>): PushOutcome {
    const slot = Math.round(timestamp / this.intervalMs);
    if (!Number.isFinite(slot)) return 'invalid';
    if (!this.started || slot > this.newestSlot) {
      const skipped = this.started ? Math.min(slot - this.newestSlot, this.points) : this.points;
      for (let s = slot - skipped + 1; s <= slot; s++) {
        const i = this.ringIndex(s);
        if (this.present[i] === 1) {
          this.present[i] = 0;
          this.presentCount--;
        }
      }
      this.newestSlot = slot;
      this.started = true;
    } else if (slot <= this.newestSlot - this.points) {
      this.late++;
      return 'late';
    }
    const i = this.ringIndex(slot);
    const base = i * this.features;
    for (let f = 0; f < this.features; f++) this.values[base + f] = values[f]!;
    if (this.present[i] === 1) {
      this.duplicates++;
      return 'replaced';
    }
    this.present[i] = 1;
    this.presentCount++;
    return 'added';
  }

  /**
   * Writes the window, oldest row first, into out (points * features, row-major) and returns whether it is
   * complete. Missing points are filled: 'hold' repeats the previous observed point, 'linear' interpolates
   * between the observed points around the gap; points before the first observation take its value. A run of
   * missing points longer than fillLimit (leading runs included) is still filled the same way, but makes the
   * window incomplete. With no observed point at all, out is filled with NaN and the window is incomplete.
   */
  copyInto(out: NumericArray): boolean {
    const { points, features } = this;
    if (out.length < points * features) throw new RangeError(`output needs ${points * features} values, got ${out.length}`);
    this.filled = 0;
    if (this.presentCount === 0) {
      out.fill(NaN, 0, points * features);
      this.filled = points;
      this.complete = false;
      return false;
    }
    let complete = true;
    let previousRow = -1;
    // Walk the ring from the oldest slot with a wrapping index (no per-row modulo or call).
    let i = (this.newestSlot + 1) % points;
    if (i < 0) i += points;
    if (this.presentCount === points) {
      // No gap: the ring's two runs, oldest first, copied as blocks (the trainer cuts thousands of long windows).
      out.set(this.values.subarray(i * features), 0);
      out.set(this.values.subarray(0, i * features), (points - i) * features);
      this.complete = true;
      return true;
    }
    for (let row = 0; row < points; row++, i = i + 1 === points ? 0 : i + 1) {
      if (this.present[i] !== 1) continue;
      const base = i * features;
      for (let f = 0; f < features; f++) out[row * features + f] = this.values[base + f]!;
      const gap = row - previousRow - 1;
      if (gap > 0) {
        if (gap > this.fillLimit) complete = false;
        this.fillGap(out, previousRow, row, gap);
      }
      previousRow = row;
    }
    const trailing = points - 1 - previousRow;
    if (trailing > 0) {
      if (trailing > this.fillLimit) complete = false;
      this.fillGap(out, previousRow, points, trailing);
    }
    this.complete = complete;
    return complete;
  }

  /** Fills rows strictly between before and after (either may be outside the window: then hold the other). */
  private fillGap(out: NumericArray, before: number, after: number, gap: number): void {
    const f = this.features;
    this.filled += gap;
    for (let row = before + 1; row < after; row++) {
      for (let c = 0; c < f; c++) {
        if (before < 0) out[row * f + c] = out[after * f + c]!;
        else if (after >= this.points || this.fill === 'hold') out[row * f + c] = out[before * f + c]!;
        else {
          const a = out[before * f + c]!;
          const b = out[after * f + c]!;
          out[row * f + c] = a + ((b - a) * (row - before)) / (after - before);
        }
      }
    }
  }

  /** The newest observed point's values, into out; false when the window is empty. */
  latestInto(out: NumericArray): boolean {
    if (this.presentCount === 0) return false;
    const i = this.ringIndex(this.newestSlot);
    if (this.present[i] !== 1) return false;
    for (let f = 0; f < this.features; f++) out[f] = this.values[i * this.features + f]!;
    return true;
  }

  clear(): void {
    this.present.fill(0);
    this.presentCount = 0;
    this.newestSlot = 0;
    this.started = false;
    this.late = 0;
    this.duplicates = 0;
  }
}
