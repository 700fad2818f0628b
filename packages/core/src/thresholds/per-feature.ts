import type { Matrix } from '../math/matrix.js';
import { assertCols, assertSameShape, createMatrix } from '../math/matrix.js';
import { forEachColumn } from '../math/stats.js';
import { DEFAULT_MIN_THRESHOLD, type SerializedThreshold, type Threshold } from './threshold.js';

/** A threshold with one value per feature; subclasses compute the raw value of a column in fit. */
export abstract class PerFeatureThreshold implements Threshold {
  abstract readonly name: string;
  readonly perFeature = true;
  readonly minThreshold: number;
  thresholds: Float64Array = new Float64Array(0);

  constructor(minThreshold: number = DEFAULT_MIN_THRESHOLD) {
    this.minThreshold = minThreshold;
  }

  protected abstract columnThreshold(column: Float64Array): number;

  fit(errors: Matrix): this {
    this.thresholds = new Float64Array(errors.cols).fill(this.minThreshold);
    if (errors.rows === 0) return this;
    forEachColumn(errors, (column, c) => {
      // NaN and infinite training errors carry no information about the normal error level: leave them out.
      let n = 0;
      for (let i = 0; i < column.length; i++) if (Number.isFinite(column[i])) column[n++] = column[i]!;
      const t = n === 0 ? this.minThreshold : this.columnThreshold(column.subarray(0, n));
      this.thresholds[c] = Number.isFinite(t) && t > this.minThreshold ? t : this.minThreshold;
    });
    return this;
  }

  score(errors: Matrix, out: Matrix = createMatrix(errors.rows, errors.cols)): Matrix {
    if (this.thresholds.length === 0) throw new Error(`threshold '${this.name}' is used before fit`);
    assertCols(errors, this.thresholds.length, `threshold '${this.name}'`);
    if (out !== errors) assertSameShape(errors, out);
    const { rows, cols } = errors;
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) out.data[base + c] = errors.data[base + c]! / this.thresholds[c]!;
    }
    return out;
  }

  protected extraParams(): Record<string, unknown> {
    return {};
  }

  toJSON(): SerializedThreshold {
    return {
      name: this.name,
      params: { ...this.extraParams(), minThreshold: this.minThreshold, thresholds: Array.from(this.thresholds) },
    };
  }
}
