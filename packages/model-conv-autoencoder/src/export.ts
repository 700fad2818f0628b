import { activation, BATCH_DIM, contractInput, conv1d, convTranspose1d, GraphBuilder, transpose } from '@numalogic/onnx';
import type { ConvNetwork } from './network.js';

/**
 * ONNX graph: x [batch, window, features] -> Transpose [batch, features, window] -> Conv/ConvTranspose
 * layers -> Transpose back -> reconstruction [batch, window, features].
 */
export function exportConvAutoencoder(network: ConvNetwork): Uint8Array {
  const { window, features } = network.architecture;
  const graph = new GraphBuilder('conv_autoencoder');
  const x = contractInput(graph, window, features);
  let value = transpose(graph, x, [0, 2, 1]);
  network.layers.forEach((layer, l) => {
    const g = layer.geometry;
    const spec = { inChannels: g.inChannels, outChannels: g.outChannels, kernel: g.kernel, stride: g.stride, pad: g.pad };
    value =
      g.kind === 'conv'
        ? conv1d(graph, value, spec, layer.weights, layer.bias)
        : convTranspose1d(graph, value, { ...spec, outputPadding: g.outputPadding }, layer.weights, layer.bias);
    if (l + 1 < network.layers.length) value = activation(graph, value, network.architecture.activation);
  });
  transpose(graph, value, [0, 2, 1], 'reconstruction');
  graph.addOutput('reconstruction', [BATCH_DIM, window, features]);
  return graph.toBytes({ properties: { model: 'conv-autoencoder' } });
}
