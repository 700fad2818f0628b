import type { ModelOutput, ServableBundle } from '../src/index.js';

export function bundleOf(onnx: Uint8Array, window: number, features: number, output: ModelOutput, version = '1'): ServableBundle {
  return {
    manifest: {
      key: ['svc', 'latency'],
      version,
      window,
      features: Array.from({ length: features }, (_, i) => `f${i}`),
      model: { name: 'test', output },
    },
    model: onnx,
  };
}

/** Windows [count, window, features] filled with a simple deterministic pattern. */
export function patternWindows(count: number, window: number, features: number): Float32Array {
  const data = new Float32Array(count * window * features);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * 3;
  return data;
}
