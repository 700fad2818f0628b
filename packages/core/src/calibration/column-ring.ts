/**
 * The newest `capacity` rows of `width` numbers, with per-column running sums and sums of squares, so a
 * column's mean and variance cost O(1) per push. The sums drift by rounding as values come and go, so they are
 * recomputed from the ring once per `capacity` pushes (O(1) amortised).
 */
export class ColumnRing {
  private readonly values: Float32Array | Float64Array;
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  /** Rows held (at most capacity). */
  count = 0;
  private next = 0;
  private sinceExact = 0;

  /** `precision` is the type the rows are stored in (the sums add what it keeps). */
  constructor(
    readonly capacity: number,
    readonly width: number,
    precision: Float32ArrayConstructor | Float64ArrayConstructor,
  ) {
    this.values = new precision(capacity * width);
    this.sums = new Float64Array(width);
    this.squares = new Float64Array(width);
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Adds one row, replacing the oldest once full. */
  push(row: ArrayLike<number>): void {
    const at = this.next * this.width;
    const full = this.full;
    for (let c = 0; c < this.width; c++) {
      if (full) {
        const old = this.values[at + c]!;
        this.sums[c]! -= old;
        this.squares[c]! -= old * old;
      }
      this.values[at + c] = row[c]!;
      const kept = this.values[at + c]!; // rounded to the ring's precision: the sums add what they later remove
      this.sums[c]! += kept;
      this.squares[c]! += kept * kept;
    }
    if (!full) this.count++;
    this.next = (this.next + 1) % this.capacity;
    if (++this.sinceExact >= this.capacity) this.recomputeSums();
  }

  mean(c: number): number {
    return this.sums[c]! / this.count;
  }

  /** Population variance, clamped at 0 (rounding can take sum-of-squares arithmetic just below it). */
  variance(c: number): number {
    const m = this.mean(c);
    return Math.max(0, this.squares[c]! / this.count - m * m);
  }

  /** Column c, oldest first. */
  column(c: number): number[] {
    const first = this.full ? this.next : 0;
    return Array.from({ length: this.count }, (_, i) => this.values[((first + i) % this.capacity) * this.width + c]!);
  }

  /** Replaces the contents with the last min(rows, capacity) rows of `columns` (one array per column, oldest first). */
  fill(columns: readonly (readonly number[])[], rows: number): void {
    const keep = Math.min(rows, this.capacity);
    for (let i = 0; i < keep; i++) {
      for (let c = 0; c < this.width; c++) this.values[i * this.width + c] = columns[c]![columns[c]!.length - keep + i]!;
    }
    this.count = keep;
    this.next = keep % this.capacity;
    this.recomputeSums();
  }

  private recomputeSums(): void {
    this.sums.fill(0);
    this.squares.fill(0);
    for (let i = 0; i < this.count; i++) {
      for (let c = 0; c < this.width; c++) {
        const a = this.values[i * this.width + c]!;
        this.sums[c]! += a;
        this.squares[c]! += a * a;
      }
    }
    this.sinceExact = 0;
  }
}
