import { blockMeansInto, KeyedStore, type WindowPayload } from '@numalogic/core';

interface KeyContext {
  /** Ring of the newest grid rows, `capacity` rows of `features` values. */
  rows: Float64Array;
  features: number;
  /** Rows held (at most capacity) and where the next one goes. */
  count: number;
  next: number;
  /** Event time of the newest row held. */
  newest: number;
}

/**
 * The recent points of each key beyond one window, for coarse models (knn-coarse): their input is block means
 * of the last points x coarseBlock grid rows, which no single window carries. Every window's rows newer than
 * the key's newest are appended; a gap the window cannot cover is filled by holding the last row (as
 * preprocess fills short gaps), and a gap longer than the whole context starts the key afresh. State lives in
 * this process, per key, in a bounded LRU map (least recently used keys are forgotten first): with several
 * replicas each builds the context of the windows it sees, and a restarted replica needs a context's worth of
 * windows before its coarse models score again. Memory: capacity x features x 8 bytes per key.
 */
export class ContextTracker {
  private readonly keys: KeyedStore<KeyContext>;

  constructor(
    readonly capacity: number,
    maxKeys = 100_000,
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`context capacity must be a positive integer, got ${capacity}`);
    this.keys = new KeyedStore(() => ({ rows: new Float64Array(0), features: 0, count: 0, next: 0, newest: -Infinity }), maxKeys);
  }

  /** Appends the window's rows newer than what the key holds. */
  observe(w: WindowPayload): void {
    const F = w.features.length;
    const state = this.keys.get(w.keys);
    if (state.features !== F) {
      Object.assign(state, { rows: new Float64Array(this.capacity * F), features: F, count: 0, next: 0, newest: -Infinity });
    }
    const rowTime = (r: number) => w.end - (w.points - 1 - r) * w.intervalMs;
    const oldest = rowTime(0);
    if (state.count > 0 && oldest > state.newest + w.intervalMs) {
      const missing = Math.round((oldest - state.newest) / w.intervalMs) - 1;
      if (missing >= this.capacity) {
        state.count = 0;
        state.next = 0;
      } else {
        const last = ((state.next - 1 + this.capacity) % this.capacity) * F;
        const held = state.rows.slice(last, last + F);
        for (let i = 0; i < missing; i++) this.push(state, held, 0);
      }
      state.newest = oldest - w.intervalMs;
    }
    for (let r = 0; r < w.points; r++) {
      const t = rowTime(r);
      if (t <= state.newest) continue;
      this.push(state, w.values, r * F);
      state.newest = t;
    }
  }

  private push(state: KeyContext, source: ArrayLike<number>, from: number): void {
    const F = state.features;
    for (let f = 0; f < F; f++) state.rows[state.next * F + f] = source[from + f]!;
    state.next = (state.next + 1) % this.capacity;
    if (state.count < this.capacity) state.count++;
  }

  /**
   * `blocks` rows of block means of `blockSize` rows each (blocks x features), oldest block first, ending at the
   * key's newest row; null when the key holds fewer than blocks x blockSize rows (nothing is allocated then:
   * every window of a key still warming up asks).
   */
  blockMeans(keys: readonly string[], blocks: number, blockSize: number): Float64Array | null {
    const span = blocks * blockSize;
    if (span > this.capacity) return null;
    const state = this.keys.get(keys);
    if (state.count < span) return null;
    const F = state.features;
    const out = new Float64Array(blocks * F);
    const oldest = (state.next - span + this.capacity) % this.capacity; // ring index of the oldest row used
    blockMeansInto(state.rows, oldest, this.capacity, blocks, blockSize, F, out);
    return out;
  }
}
