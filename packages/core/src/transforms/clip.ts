import type { Matrix } from '../math/matrix.js';
import { mapElements } from './elementwise.js';
import type { SerializedTransform, Transform } from './transform.js';

export interface ClipOptions {
  /** One bound for every column, or one per column; null or absent = unbounded. */
  lower?: number | Array<number | null> | null;
  upper?: number | Array<number | null> | null;
}

function boundAt(bound: ClipOptions['lower'], c: number, fallback: number): number {
  if (bound === null || bound === undefined) return fallback;
  if (typeof bound === 'number') return bound;
  const v = bound[c];
  return v === null || v === undefined ? fallback : v;
}

/** Clips each column into [lower, upper]. Stateless; the inverse is the identity (clipping loses information). */
export class ClipTransform implements Transform {
  readonly name = 'clip';
  readonly options: ClipOptions;

  constructor(options: ClipOptions = {}) {
    this.options = options;
  }

  fit(_m: Matrix): this {
    return this;
  }

  transform(m: Matrix, out: Matrix = m): Matrix {
    const { lower, upper } = this.options;
    return mapElements(m, out, (v, c) => {
      const lo = boundAt(lower, c, -Infinity);
      const hi = boundAt(upper, c, Infinity);
      return v < lo ? lo : v > hi ? hi : v;
    });
  }

  inverse(m: Matrix, out: Matrix = m): Matrix {
    return mapElements(m, out, (v) => v);
  }

  toJSON(): SerializedTransform {
    return { name: this.name, params: { lower: this.options.lower ?? null, upper: this.options.upper ?? null } };
  }
}
