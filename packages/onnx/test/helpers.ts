import type { ModelOutput, ServableBundle } from '../src/index.js';
import { servableBundle } from '../src/testing/index.js';

/** The model packages' test bundle (`servableBundle`), under a fixed model name for this package's tests. */
export function bundleOf(onnx: Uint8Array, window: number, features: number, output: ModelOutput, version = '1'): ServableBundle {
  return servableBundle(onnx, window, features, output, version, 'test');
}

/** Windows [count, window, features] filled with a simple deterministic pattern. */
export function patternWindows(count: number, window: number, features: number): Float32Array {
  const data = new Float32Array(count * window * features);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * 3;
  return data;
}
