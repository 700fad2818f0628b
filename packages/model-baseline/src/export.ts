import { BATCH_DIM, contractInput, GraphBuilder, int, ints } from '@numalogic/onnx';

/**
 * score [batch, features] = mean over the window of |x - median| / scale, per feature, as an ONNX graph:
 * Sub (broadcast over [features]) -> Abs -> Div -> ReduceMean(axes=[1], keepdims=0).
 */
export function exportRobustBaseline(medians: Float64Array, scales: Float64Array, window: number): Uint8Array {
  const features = medians.length;
  const graph = new GraphBuilder('robust_baseline');
  const x = contractInput(graph, window, features);
  const location = graph.addFloatInitializer('median', medians, [features]);
  const scale = graph.addFloatInitializer('scale', scales, [features]);
  const deviation = graph.op('Abs', [graph.op('Sub', [x, location])]);
  const standardised = graph.op('Div', [deviation, scale]);
  graph.op('ReduceMean', [standardised], { axes: ints([1]), keepdims: int(0) }, 'score');
  graph.addOutput('score', [BATCH_DIM, features]);
  return graph.toBytes({ properties: { model: 'robust-baseline' } });
}
