import type { Matrix } from '../math/matrix.js';
import { assertSameShape } from '../math/matrix.js';

/** Applies fn to every element of m, writing into out (m itself by default). */
export function mapElements(m: Matrix, out: Matrix, fn: (v: number, column: number) => number): Matrix {
  if (out !== m) assertSameShape(m, out);
  const { rows, cols } = m;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out.data[base + c] = fn(m.data[base + c]!, c);
  }
  return out;
}
