import type { Matrix } from '../math/matrix.js';
import { assertCols, assertSameShape } from '../math/matrix.js';
import type { SerializedTransform, Transform } from './transform.js';

/**
 * y = (x - center) / scale per column. Division (not multiplication by 1/scale) keeps tiny scales exact.
 * Subclasses only decide center and scale in fit; a negligible scale is stored as 1 (constant column).
 */
export abstract class AffineTransform implements Transform {
  abstract readonly name: string;
  center: Float64Array = new Float64Array(0);
  scale: Float64Array = new Float64Array(0);

  protected abstract fitColumns(m: Matrix): void;

  fit(m: Matrix): this {
    this.center = new Float64Array(m.cols);
    this.scale = new Float64Array(m.cols).fill(1);
    if (m.rows > 0) this.fitColumns(m);
    return this;
  }

  get fitted(): boolean {
    return this.center.length > 0;
  }

  transform(m: Matrix, out: Matrix = m): Matrix {
    this.check(m, out);
    const { rows, cols } = m;
    const src = m.data;
    const dst = out.data;
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) {
        const s = this.scale[c]!;
        dst[base + c] = src[base + c]! / s - this.center[c]! / s;
      }
    }
    return out;
  }

  inverse(m: Matrix, out: Matrix = m): Matrix {
    this.check(m, out);
    const { rows, cols } = m;
    const src = m.data;
    const dst = out.data;
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) dst[base + c] = src[base + c]! * this.scale[c]! + this.center[c]!;
    }
    return out;
  }

  protected check(m: Matrix, out: Matrix): void {
    if (!this.fitted) throw new Error(`transform '${this.name}' is used before fit`);
    assertCols(m, this.center.length, `transform '${this.name}'`);
    if (out !== m) assertSameShape(m, out);
  }

  protected extraParams(): Record<string, unknown> {
    return {};
  }

  toJSON(): SerializedTransform {
    return {
      name: this.name,
      params: { ...this.extraParams(), center: Array.from(this.center), scale: Array.from(this.scale) },
    };
  }
}
