export interface DriftOptions {
  enabled: boolean;
  /** Recent scored windows looked at. */
  windows: number;
  /** Score (0..10) a window must reach to count as high. */
  scoreAbove: number;
  /** Drift when at least this fraction of the recent windows scored high. */
  fraction: number;
}

/**
 * Per-key drift trigger (config.trainer.drift): remembers whether each of the last `windows` scores was high
 * and reports drift once the ring is full and the high fraction reaches `fraction`. A model that keeps
 * calling most windows anomalous no longer describes the data, so the trainer should retrain it. reset()
 * after a new model version is loaded. Allocates nothing per record.
 */
export class DriftMonitor {
  private readonly options: DriftOptions;
  private readonly ring: Uint8Array;
  private next = 0;
  private count = 0;
  private high = 0;

  constructor(options: DriftOptions) {
    if (!(Number.isInteger(options.windows) && options.windows >= 1)) throw new RangeError(`windows must be a positive integer, got ${options.windows}`);
    this.options = options;
    this.ring = new Uint8Array(options.windows);
  }

  /** Records one window score; returns true when drift is detected. NaN scores are not recorded. */
  record(score: number): boolean {
    if (Number.isNaN(score)) return this.drifting;
    const isHigh = score >= this.options.scoreAbove ? 1 : 0;
    if (this.count === this.ring.length) this.high -= this.ring[this.next]!;
    else this.count++;
    this.ring[this.next] = isHigh;
    this.high += isHigh;
    this.next = this.next + 1 === this.ring.length ? 0 : this.next + 1;
    return this.drifting;
  }

  get highFraction(): number {
    return this.count === 0 ? 0 : this.high / this.count;
  }

  get drifting(): boolean {
    return this.options.enabled && this.count === this.ring.length && this.high / this.count >= this.options.fraction;
  }

  reset(): void {
    this.ring.fill(0);
    this.next = 0;
    this.count = 0;
    this.high = 0;
  }
}
