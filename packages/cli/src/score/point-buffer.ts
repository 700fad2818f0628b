import { toNumberArray } from '@numalogic/core';

/**
 * A key's rows not yet handed to the trainer, newest `capacity` kept (older ones would fall out of the trainer's
 * history anyway). Storage grows by doubling up to the capacity, so a key with few rows costs little.
 */
export class PointBuffer {
  private times = new Float64Array(16);
  private values: Float64Array;
  private start = 0;
  size = 0;

  constructor(
    private readonly features: number,
    private readonly capacity: number,
  ) {
    this.values = new Float64Array(16 * features);
  }

  push(timestamp: number, values: ArrayLike<number>): void {
    if (this.size === this.times.length && this.size < this.capacity) this.grow();
    const slots = this.times.length;
    let at: number;
    if (this.size < slots) {
      at = (this.start + this.size) % slots;
      this.size++;
    } else {
      at = this.start; // full at capacity: overwrite the oldest
      this.start = (this.start + 1) % slots;
    }
    this.times[at] = timestamp;
    for (let f = 0; f < this.features; f++) this.values[at * this.features + f] = values[f]!;
  }

  /** The buffered rows, oldest first, in the TrainRequest layout; the buffer is emptied. */
  take(): { t: number[]; v: number[][] } {
    const t: number[] = new Array<number>(this.size);
    const v: number[][] = new Array<number[]>(this.size);
    const slots = this.times.length;
    for (let i = 0; i < this.size; i++) {
      const at = (this.start + i) % slots;
      t[i] = this.times[at]!;
      v[i] = toNumberArray(this.values.subarray(at * this.features, (at + 1) * this.features));
    }
    this.start = 0;
    this.size = 0;
    return { t, v };
  }

  private grow(): void {
    const slots = Math.min(this.capacity, this.times.length * 2);
    const times = new Float64Array(slots);
    const values = new Float64Array(slots * this.features);
    const old = this.times.length;
    for (let i = 0; i < this.size; i++) {
      const at = (this.start + i) % old;
      times[i] = this.times[at]!;
      values.set(this.values.subarray(at * this.features, (at + 1) * this.features), i * this.features);
    }
    this.times = times;
    this.values = values;
    this.start = 0;
  }
}
