// `node dist/bench/decode.js`: the decoding part of the inference UDF's per-message cost, in isolation, on the
// inference bench's own windows: as JSON (835 bytes) and as the window frames preprocess sends (core
// window-frame.ts: a JSON header, then the values as float64). Baseline in the same run: TextDecoder +
// JSON.parse of the JSON window alone. Beside them, an alternative measured and not adopted: JSON with `values`
// as base64 of little-endian float64 (still text, but a third slower than the frame).
import { encodeWindowFrame } from '@numalogic/core';
import { decodeWindowFast } from '../window-decoder.js';
import { syntheticRows, windowOf } from './fixture-bundle.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 200_000);
const shape = { features: ['cpu', 'mem', 'latency'], window: 12, intervalMs: 60_000 };
const rows = syntheticRows(600, shape.features.length, 11);
const windows = Array.from({ length: 64 }, (_, i) => windowOf(['bench'], rows, 100 + i, shape));
const json = windows.map((w) => Buffer.from(JSON.stringify(w)));
const frames = windows.map((w) => Buffer.from(encodeWindowFrame(w)));
const base64 = windows.map((w) => Buffer.from(JSON.stringify({ ...w, values: Buffer.from(Float64Array.from(w.values).buffer).toString('base64') })));
const utf8 = new TextDecoder();

/** Microseconds per call, after a warm-up of a tenth of the rounds. */
function perCall(payloads: Buffer[], decode: (bytes: Buffer) => unknown): number {
  for (let i = 0; i < ROUNDS / 10; i++) decode(payloads[i & 63]!);
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) decode(payloads[i & 63]!);
  return ((performance.now() - started) * 1000) / ROUNDS;
}

function base64Window(bytes: Buffer): unknown {
  const parsed = JSON.parse(utf8.decode(bytes)) as { values: unknown };
  const raw = Buffer.from(parsed.values as string, 'base64');
  const values = new Float64Array(raw.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = raw.readDoubleLE(i * 8);
  parsed.values = values;
  return parsed;
}

const baseline = perCall(json, (b) => JSON.parse(utf8.decode(b)));
const fromJson = perCall(json, decodeWindowFast);
const product = perCall(frames, decodeWindowFast);
const alternative = perCall(base64, base64Window);
console.log(`window decoding, ${json[0]!.length}-byte JSON windows, ${frames[0]!.length}-byte frames (${base64[0]!.length} with base64 values), ${ROUNDS} calls each; node ${process.version}`);
console.log('| what | us per call | vs baseline |');
console.log('|---|---:|---:|');
console.log(`| baseline: TextDecoder + JSON.parse | ${baseline.toFixed(2)} | 1.00 |`);
console.log(`| decodeWindowFast of a JSON window (parse and check) | ${fromJson.toFixed(2)} | ${(fromJson / baseline).toFixed(2)} |`);
console.log(`| decodeWindowFast of a window frame (what preprocess sends) | ${product.toFixed(2)} | ${(product / baseline).toFixed(2)} |`);
console.log(`| not adopted: values as base64 Float64 | ${alternative.toFixed(2)} | ${(alternative / baseline).toFixed(2)} |`);
