/** Keeps the best parameters seen on the validation set and says when patience has run out. */
export class EarlyStopping {
  private bestLoss = Number.POSITIVE_INFINITY;
  private bestEpoch = -1;
  private readonly best: Float64Array;

  constructor(private readonly patience: number, private readonly minDelta: number, size: number) {
    this.best = new Float64Array(size);
  }

  /** Records one epoch; returns true when training should stop. */
  observe(epoch: number, loss: number, params: Float64Array): boolean {
    if (loss < this.bestLoss - this.minDelta) {
      this.bestLoss = loss;
      this.bestEpoch = epoch;
      this.best.set(params);
      return false;
    }
    return epoch - this.bestEpoch >= this.patience;
  }

  /** Copies the best parameters back (no-op if nothing was recorded). */
  restore(params: Float64Array): void {
    if (this.bestEpoch >= 0) params.set(this.best);
  }

  get bestValidationLoss(): number {
    return this.bestLoss;
  }

  get bestEpochIndex(): number {
    return this.bestEpoch;
  }
}
