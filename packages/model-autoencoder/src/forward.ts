import type { DenseNetwork } from './network.js';

/**
 * Reconstructs windows with the network's float32-rounded weights, in TypeScript: the reference the
 * parity test holds ONNX Runtime to, and the bench's own-forward baseline.
 */
export function forwardFloat32(network: DenseNetwork, windows: Float32Array, count: number): Float32Array {
  const width = network.sizes[0] as number;
  const out = new Float32Array(count * width);
  const weights = network.weights.map((w) => Float32Array.from(w));
  const biases = network.biases.map((b) => Float32Array.from(b));
  let current = new Float64Array(Math.max(...network.sizes));
  let next = new Float64Array(current.length);
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < width; i++) current[i] = windows[b * width + i] as number;
    for (let l = 0; l < network.layerCount; l++) {
      const n = network.sizes[l] as number;
      const o = network.sizes[l + 1] as number;
      const w = weights[l] as Float32Array;
      const bias = biases[l] as Float32Array;
      for (let j = 0; j < o; j++) next[j] = bias[j] as number;
      for (let i = 0; i < n; i++) {
        const a = current[i] as number;
        for (let j = 0; j < o; j++) next[j] = (next[j] as number) + a * (w[i * o + j] as number);
      }
      if (l + 1 < network.layerCount) {
        for (let j = 0; j < o; j++) next[j] = network.activation === 'tanh' ? Math.tanh(next[j] as number) : Math.max(0, next[j] as number);
      }
      [current, next] = [next, current];
    }
    for (let i = 0; i < width; i++) out[b * width + i] = current[i] as number;
  }
  return out;
}
