import { BATCH_DIM } from '../contract.js';
import { ints, int } from './attributes.js';
import type { GraphBuilder } from './graph-builder.js';

/**
 * Small composites over GraphBuilder for the layers our models use. Weight layouts follow ONNX:
 * Gemm B is [in, out] (transB = 0), Conv W is [out, in, k], ConvTranspose W is [in, out, k].
 */

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'none';

export function activation(graph: GraphBuilder, input: string, kind: Activation): string {
  switch (kind) {
    case 'relu':
      return graph.op('Relu', [input]);
    case 'tanh':
      return graph.op('Tanh', [input]);
    case 'sigmoid':
      return graph.op('Sigmoid', [input]);
    case 'none':
      return input;
  }
}

/** y = x · W + b for x [batch, in], W [in, out] row-major. */
export function dense(graph: GraphBuilder, input: string, weights: ArrayLike<number>, bias: ArrayLike<number>, inSize: number, outSize: number): string {
  const w = graph.addFloatInitializer(graph.fresh('W'), weights, [inSize, outSize]);
  const b = graph.addFloatInitializer(graph.fresh('b'), bias, [outSize]);
  return graph.op('Gemm', [input, w, b]);
}

/** Reshape keeping the batch dimension dynamic: [batch, ...rest]. */
export function reshapeBatch(graph: GraphBuilder, input: string, rest: readonly number[], output?: string): string {
  const shape = graph.addInt64Initializer(graph.fresh('shape'), [-1, ...rest]);
  return graph.op('Reshape', [input, shape], {}, output);
}

export function transpose(graph: GraphBuilder, input: string, perm: readonly number[], output?: string): string {
  return graph.op('Transpose', [input], { perm: ints(perm) }, output);
}

export interface Conv1dSpec {
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: number;
}

/** 1-D convolution on [batch, channels, length]; W [out, in, kernel]. */
export function conv1d(graph: GraphBuilder, input: string, spec: Conv1dSpec, weights: ArrayLike<number>, bias: ArrayLike<number>): string {
  const w = graph.addFloatInitializer(graph.fresh('convW'), weights, [spec.outChannels, spec.inChannels, spec.kernel]);
  const b = graph.addFloatInitializer(graph.fresh('convB'), bias, [spec.outChannels]);
  return graph.op('Conv', [input, w, b], {
    kernel_shape: ints([spec.kernel]),
    strides: ints([spec.stride]),
    pads: ints([spec.pad, spec.pad]),
    dilations: ints([1]),
    group: int(1),
  });
}

/** 1-D transposed convolution on [batch, channels, length]; W [in, out, kernel]. */
export function convTranspose1d(
  graph: GraphBuilder,
  input: string,
  spec: Conv1dSpec & { outputPadding: number },
  weights: ArrayLike<number>,
  bias: ArrayLike<number>,
): string {
  const w = graph.addFloatInitializer(graph.fresh('deconvW'), weights, [spec.inChannels, spec.outChannels, spec.kernel]);
  const b = graph.addFloatInitializer(graph.fresh('deconvB'), bias, [spec.outChannels]);
  return graph.op('ConvTranspose', [input, w, b], {
    kernel_shape: ints([spec.kernel]),
    strides: ints([spec.stride]),
    pads: ints([spec.pad, spec.pad]),
    output_padding: ints([spec.outputPadding]),
    dilations: ints([1]),
    group: int(1),
  });
}

/** Declares the contract input x [batch, window, features]. */
export function contractInput(graph: GraphBuilder, window: number, features: number): string {
  return graph.addInput('x', [BATCH_DIM, window, features]);
}
