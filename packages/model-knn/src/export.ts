import { BATCH_DIM, contractInput, GraphBuilder, int, ints, transpose } from '@numalogic/onnx';
import type { Codebook } from './codebook.js';

/**
 * score [batch, features] = sqrt(min_m ||x_f - C_{f,m}||^2 / window) per feature f, batched over the features:
 *   xt = Transpose(x) [F, B, W];  partial = MatMul(xt, -2·C [F, W, M]) + |C|^2 [F, 1, M]
 *   d2 = ReduceMin(partial, over M) + ReduceSumSquare(xt, over W)   (|x - c|^2 = |x|^2 - 2 x·c + |c|^2; |x|^2
 *        does not depend on m, so it is added after the minimum, once per window instead of once per pair)
 *   score = Transpose(Sqrt(Max(d2, 0) / W))   (float32 rounding can push d2 of a near match just below 0)
 */
export function exportKnnWindow(codebook: Codebook): Uint8Array {
  const { rows, norms, size, window, features } = codebook;
  const graph = new GraphBuilder('knn_window');
  const x = contractInput(graph, window, features);
  // -2·C in the layout MatMul wants: [features, window, size].
  const scaled = new Float64Array(features * window * size);
  for (let f = 0; f < features; f++) {
    for (let m = 0; m < size; m++) {
      for (let t = 0; t < window; t++) scaled[(f * window + t) * size + m] = -2 * (rows[(f * size + m) * window + t] as number);
    }
  }
  const minusTwoC = graph.addFloatInitializer('codebook_minus_2', scaled, [features, window, size]);
  const codeNorms = graph.addFloatInitializer('codebook_norms', norms, [features, 1, size]);
  const zero = graph.addFloatInitializer('zero', [0], []);
  const steps = graph.addFloatInitializer('window_length', [window], []);

  const xt = transpose(graph, x, [2, 0, 1]);
  const partial = graph.op('Add', [graph.op('MatMul', [xt, minusTwoC]), codeNorms]);
  const nearest = graph.op('ReduceMin', [partial], { axes: ints([2]), keepdims: int(0) });
  const ownNorm = graph.op('ReduceSumSquare', [xt], { axes: ints([2]), keepdims: int(0) });
  const squared = graph.op('Max', [graph.op('Add', [nearest, ownNorm]), zero]);
  const rms = graph.op('Sqrt', [graph.op('Div', [squared, steps])]);
  transpose(graph, rms, [1, 0], 'score');
  graph.addOutput('score', [BATCH_DIM, features]);
  return graph.toBytes({ properties: { model: 'knn-window', codebook: String(size) } });
}
