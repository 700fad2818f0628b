// Small copies on the per-window hot path. Array.from and TypedArray.from go through the iterator protocol,
// which costs about 300 ns for three numbers in Node 20 against under 30 ns for a plain loop (`node
// packages/core/dist/bench/copy.js`): several such copies per window were a measurable part of scoring.

/** A plain array holding the same numbers (for a payload that goes to JSON). */
export function toNumberArray(values: ArrayLike<number>): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}
