import type { SeededRandom } from '@numalogic/onnx';
import { ConvLayer, outputLength, parameterCount, type ConvGeometry } from './conv-layer.js';

export type ConvActivation = 'relu' | 'tanh';

export interface ConvArchitecture {
  window: number;
  features: number;
  channels: readonly [number, number];
  kernelSize: number;
  activation: ConvActivation;
}

/**
 * The layers of the convolutional autoencoder over [batch, features, window]:
 * Conv(stride 2) -> act -> Conv -> act (bottleneck) -> ConvTranspose(stride 2) -> act -> Conv (linear).
 * Output padding of the transposed convolution is chosen so the output length is the window again.
 */
export function convGeometries(arch: ConvArchitecture): ConvGeometry[] {
  const { window, features, channels, kernelSize: kernel } = arch;
  const pad = (kernel - 1) / 2;
  const [c1, c2] = channels;
  const down: ConvGeometry = { kind: 'conv', inChannels: features, outChannels: c1, kernel, stride: 2, pad, inLength: window, outputPadding: 0 };
  const half = outputLength(down);
  const code: ConvGeometry = { kind: 'conv', inChannels: c1, outChannels: c2, kernel, stride: 1, pad, inLength: half, outputPadding: 0 };
  const up: ConvGeometry = { kind: 'deconv', inChannels: c2, outChannels: c1, kernel, stride: 2, pad, inLength: half, outputPadding: 0 };
  up.outputPadding = window - outputLength(up);
  if (up.outputPadding < 0 || up.outputPadding >= 2) {
    throw new Error(`window ${window} with kernel ${kernel} cannot be restored by a stride-2 transposed convolution`);
  }
  const out: ConvGeometry = { kind: 'conv', inChannels: c1, outChannels: features, kernel, stride: 1, pad, inLength: window, outputPadding: 0 };
  return [down, code, up, out];
}

export class ConvNetwork {
  readonly params: Float64Array;
  readonly grads: Float64Array;
  readonly layers: ConvLayer[] = [];
  /** outputs[l] is the post-activation output of layer l-1; outputs[0] is the input batch [B, F, W]. */
  readonly outputs: Float64Array[];
  private readonly inputGrads: Float64Array[];

  constructor(
    readonly architecture: ConvArchitecture,
    readonly maxBatch: number,
  ) {
    const geometries = convGeometries(architecture);
    const total = geometries.reduce((sum, g) => sum + parameterCount(g), 0);
    this.params = new Float64Array(total);
    this.grads = new Float64Array(total);
    let offset = 0;
    for (const g of geometries) {
      const weightCount = g.inChannels * g.outChannels * g.kernel;
      const view = (array: Float64Array, from: number, size: number) => array.subarray(from, from + size);
      this.layers.push(
        new ConvLayer(
          g,
          view(this.params, offset, weightCount),
          view(this.params, offset + weightCount, g.outChannels),
          view(this.grads, offset, weightCount),
          view(this.grads, offset + weightCount, g.outChannels),
        ),
      );
      offset += weightCount + g.outChannels;
    }
    const first = this.layers[0] as ConvLayer;
    this.outputs = [new Float64Array(maxBatch * first.inSize), ...this.layers.map((layer) => new Float64Array(maxBatch * layer.outSize))];
    this.inputGrads = this.layers.map((layer) => new Float64Array(maxBatch * layer.inSize));
  }

  /** Glorot-uniform (tanh) or He-normal (relu) over fan-in/fan-out of each kernel; zero biases. */
  initialise(random: SeededRandom): void {
    for (const layer of this.layers) {
      const { inChannels, outChannels, kernel } = layer.geometry;
      const fanIn = inChannels * kernel;
      const fanOut = outChannels * kernel;
      if (this.architecture.activation === 'relu') {
        const std = Math.sqrt(2 / fanIn);
        for (let i = 0; i < layer.weights.length; i++) layer.weights[i] = random.normal() * std;
      } else {
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        for (let i = 0; i < layer.weights.length; i++) layer.weights[i] = random.uniform(-limit, limit);
      }
      layer.bias.fill(0);
    }
  }

  forward(batch: number): Float64Array {
    const tanh = this.architecture.activation === 'tanh';
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l] as ConvLayer;
      const output = this.outputs[l + 1] as Float64Array;
      layer.forward(this.outputs[l] as Float64Array, output, batch);
      if (l + 1 < this.layers.length) {
        const n = batch * layer.outSize;
        if (tanh) for (let i = 0; i < n; i++) output[i] = Math.tanh(output[i] as number);
        else for (let i = 0; i < n; i++) if ((output[i] as number) < 0) output[i] = 0;
      }
    }
    return this.outputs[this.layers.length] as Float64Array;
  }

  backward(batch: number, outputGrad: Float64Array): void {
    this.grads.fill(0);
    const tanh = this.architecture.activation === 'tanh';
    let delta = outputGrad;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l] as ConvLayer;
      const input = this.outputs[l] as Float64Array;
      const inputGrad = l > 0 ? (this.inputGrads[l] as Float64Array) : undefined;
      layer.backward(input, delta, inputGrad, batch);
      if (inputGrad) {
        const n = batch * layer.inSize;
        for (let i = 0; i < n; i++) {
          const a = input[i] as number;
          inputGrad[i] = tanh ? (inputGrad[i] as number) * (1 - a * a) : a > 0 ? (inputGrad[i] as number) : 0;
        }
        delta = inputGrad;
      }
    }
  }
}

/** [count, window, features] -> [count, features, window] (the layout ONNX Conv works on). */
export function toChannelsFirst(windows: ArrayLike<number>, count: number, window: number, features: number, target: Float64Array | Float32Array): void {
  for (let b = 0; b < count; b++) {
    const base = b * window * features;
    for (let t = 0; t < window; t++) for (let f = 0; f < features; f++) target[base + f * window + t] = windows[base + t * features + f] as number;
  }
}

/** [count, features, window] -> [count, window, features]. */
export function toTimeFirst(data: ArrayLike<number>, count: number, window: number, features: number, target: Float64Array | Float32Array): void {
  for (let b = 0; b < count; b++) {
    const base = b * window * features;
    for (let f = 0; f < features; f++) for (let t = 0; t < window; t++) target[base + t * features + f] = data[base + f * window + t] as number;
  }
}
