import type { Matrix } from '../math/matrix.js';
import { assertSameShape, cloneMatrix } from '../math/matrix.js';
import { createTransform, transformFromJSON } from './registry.js';
import type { SerializedTransform, Transform } from './transform.js';

/** Transforms applied in order. Each is fitted on the output of the ones before it, as at inference. */
export class TransformPipeline {
  readonly steps: Transform[];

  constructor(steps: Transform[] = []) {
    this.steps = steps;
  }

  static fromConfig(specs: ReadonlyArray<{ name: string; options?: Record<string, unknown> }>): TransformPipeline {
    return new TransformPipeline(specs.map((s) => createTransform(s.name, s.options ?? {})));
  }

  static fromJSON(json: unknown): TransformPipeline {
    if (!Array.isArray(json)) throw new Error('serialised transform pipeline must be an array');
    return new TransformPipeline(json.map((t) => transformFromJSON(t)));
  }

  /** Fits every step; returns the transformed copy of the training matrix (m itself is untouched). */
  fitTransform(m: Matrix): Matrix {
    const work = cloneMatrix(m);
    for (const step of this.steps) step.fit(work).transform(work);
    return work;
  }

  fit(m: Matrix): this {
    this.fitTransform(m);
    return this;
  }

  /** In place by default; with out, m is copied into out first and transformed there. */
  transform(m: Matrix, out: Matrix = m): Matrix {
    if (out !== m) {
      assertSameShape(m, out);
      out.data.set(m.data.subarray(0, m.rows * m.cols));
    }
    for (const step of this.steps) step.transform(out);
    return out;
  }

  inverse(m: Matrix, out: Matrix = m): Matrix {
    if (out !== m) {
      assertSameShape(m, out);
      out.data.set(m.data.subarray(0, m.rows * m.cols));
    }
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]!.inverse(out);
    return out;
  }

  toJSON(): SerializedTransform[] {
    return this.steps.map((s) => s.toJSON());
  }
}
