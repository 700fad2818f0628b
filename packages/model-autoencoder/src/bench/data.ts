import { SeededRandom } from '@numalogic/onnx';
import { slidingWindows } from '@numalogic/onnx/testing';

/** Seeded seasonal windows [count, window, features] (unit amplitude sines plus noise) for the bench. */
export function benchWindows(count: number, window: number, features: number, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  const length = count + window - 1;
  const series = new Float64Array(length * features);
  for (let f = 0; f < features; f++) {
    const period = 24 + 6 * f;
    for (let t = 0; t < length; t++) series[t * features + f] = Math.sin((2 * Math.PI * t) / period) + 0.1 * random.normal();
  }
  return slidingWindows(series, features, window).windows;
}
