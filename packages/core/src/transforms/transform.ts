import type { Matrix } from '../math/matrix.js';

/** The serialised form of a transform, as stored in a bundle's `transforms` array. */
export interface SerializedTransform {
  name: string;
  params: Record<string, unknown>;
}

/**
 * A per-feature-column transform on row-major matrices [rows x features].
 * `transform(m)` works in place; `transform(m, out)` writes into out (same shape) and leaves m untouched.
 * Stateless transforms need no fit; fitting one is a no-op that keeps the call sites uniform.
 */
export interface Transform {
  readonly name: string;
  fit(m: Matrix): this;
  transform(m: Matrix, out?: Matrix): Matrix;
  inverse(m: Matrix, out?: Matrix): Matrix;
  toJSON(): SerializedTransform;
}
