// `node dist/bench/copy.js`: the small copy of the per-window path (three features), the library call against
// the loop of src/math/copy.ts. Baseline in the same run: Array.from of a Float32Array.
import { toNumberArray } from '../math/copy.js';
import { measureRate } from './measure.js';

const errors = new Float32Array([0.12, 0.5, 3.25]);
let sink: unknown;
const rate = (copy: () => unknown) => measureRate(1000, () => {
  for (let i = 0; i < 1000; i++) sink = copy();
}).perSecond;

const rows: [string, number][] = [
  ['baseline: Array.from(Float32Array)', rate(() => Array.from(errors))],
  ['toNumberArray(Float32Array)', rate(() => toNumberArray(errors))],
];
const base = rows[0]![1];
console.log(`copies of 3 numbers, node ${process.version}; ${typeof sink}`);
console.log('| what | ns per copy | vs baseline (speed) |');
console.log('|---|---:|---:|');
for (const [what, perSecond] of rows) console.log(`| ${what} | ${(1e9 / perSecond).toFixed(0)} | ${(perSecond / base).toFixed(1)}x |`);
