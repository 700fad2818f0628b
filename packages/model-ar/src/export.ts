import { BATCH_DIM, contractInput, GraphBuilder, int } from '@numalogic/onnx';
import type { ArModel } from './fit.js';

/**
 * score [batch, features] = |x[:, W-1, f] − Σ_j w_f[j] x[:, j, f] − c_f|, written as one weighted sum over the
 * window: the coefficients K [W, F] hold −w_f[j] for the lags and 1 for the newest step, so
 *   score = Abs(ReduceSum(Mul(x, K), axes [1]) − c)
 * (Mul broadcasts K over the batch). Every op is elementwise or a reduction: F·W multiply-adds per window.
 */
export function exportArWindow(model: ArModel): Uint8Array {
  const { weights, intercepts, window, features } = model;
  const lags = window - 1;
  const coefficients = new Float64Array(window * features);
  for (let f = 0; f < features; f++) {
    for (let j = 0; j < lags; j++) coefficients[j * features + f] = -(weights[f * lags + j] as number);
    coefficients[lags * features + f] = 1;
  }
  const graph = new GraphBuilder('ar_window');
  const x = contractInput(graph, window, features);
  const k = graph.addFloatInitializer('coefficients', coefficients, [window, features]);
  const c = graph.addFloatInitializer('intercepts', intercepts, [features]);
  // Opset 17: ReduceSum takes its axes as an input tensor.
  const steps = graph.addInt64Initializer('window_axis', [1]);
  const residual = graph.op('Sub', [graph.op('ReduceSum', [graph.op('Mul', [x, k]), steps], { keepdims: int(0) }), c]);
  graph.op('Abs', [residual], {}, 'score');
  graph.addOutput('score', [BATCH_DIM, features]);
  return graph.toBytes({ properties: { model: 'ar-window', lags: String(lags) } });
}
