import { ConvNetwork, toChannelsFirst, toTimeFirst } from './network.js';

/**
 * Reconstructs windows [count, window, features] in TypeScript with the network's weights rounded to
 * float32 (what the ONNX file holds): the reference for the parity test.
 */
export function forwardFloat32(network: ConvNetwork, windows: Float32Array, count: number): Float32Array {
  const { window, features } = network.architecture;
  const copy = new ConvNetwork(network.architecture, count);
  for (let i = 0; i < network.params.length; i++) copy.params[i] = Math.fround(network.params[i] as number);
  toChannelsFirst(windows, count, window, features, copy.outputs[0] as Float64Array);
  const output = copy.forward(count);
  const result = new Float32Array(count * window * features);
  toTimeFirst(output, count, window, features, result);
  return result;
}
