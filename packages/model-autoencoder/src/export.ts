import { activation, BATCH_DIM, contractInput, dense, GraphBuilder, reshapeBatch } from '@numalogic/onnx';
import type { DenseNetwork } from './network.js';

/**
 * ONNX graph of a trained dense autoencoder: x [batch, window, features] -> flatten -> Gemm/activation
 * per layer -> reshape -> reconstruction [batch, window, features]. Weights are rounded to float32.
 */
export function exportDenseAutoencoder(network: DenseNetwork, window: number, features: number, properties: Record<string, string> = {}): Uint8Array {
  const graph = new GraphBuilder('dense_autoencoder');
  const x = contractInput(graph, window, features);
  let value = reshapeBatch(graph, x, [window * features]);
  for (let l = 0; l < network.layerCount; l++) {
    const n = network.sizes[l] as number;
    const o = network.sizes[l + 1] as number;
    value = dense(graph, value, network.weights[l] as Float64Array, network.biases[l] as Float64Array, n, o);
    if (l + 1 < network.layerCount) value = activation(graph, value, network.activation);
  }
  reshapeBatch(graph, value, [window, features], 'reconstruction');
  graph.addOutput('reconstruction', [BATCH_DIM, window, features]);
  return graph.toBytes({ properties: { model: 'dense-autoencoder', ...properties } });
}
