/**
 * One 1-D convolution layer over [batch, channels, length] buffers, in either direction:
 * `conv` (ONNX Conv, W [out, in, k]) or `deconv` (ONNX ConvTranspose, W [in, out, k]). Parameters are
 * views into the network's flat vector; nothing here allocates.
 */
export type ConvKind = 'conv' | 'deconv';

export interface ConvGeometry {
  kind: ConvKind;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: number;
  inLength: number;
  /** ConvTranspose only: extra steps added at the end of the output. */
  outputPadding: number;
}

export function outputLength(g: Omit<ConvGeometry, 'kind'> & { kind: ConvKind }): number {
  return g.kind === 'conv'
    ? Math.floor((g.inLength + 2 * g.pad - g.kernel) / g.stride) + 1
    : (g.inLength - 1) * g.stride + g.kernel - 2 * g.pad + g.outputPadding;
}

export function parameterCount(g: ConvGeometry): number {
  return g.inChannels * g.outChannels * g.kernel + g.outChannels;
}

export class ConvLayer {
  readonly outLength: number;

  constructor(
    readonly geometry: ConvGeometry,
    readonly weights: Float64Array,
    readonly bias: Float64Array,
    private readonly weightGrads: Float64Array,
    private readonly biasGrads: Float64Array,
  ) {
    this.outLength = outputLength(geometry);
  }

  get inSize(): number {
    return this.geometry.inChannels * this.geometry.inLength;
  }

  get outSize(): number {
    return this.geometry.outChannels * this.outLength;
  }

  forward(input: Float64Array, output: Float64Array, batch: number): void {
    const { kind, inChannels, outChannels, kernel, stride, pad, inLength } = this.geometry;
    const outLength = this.outLength;
    const w = this.weights;
    for (let b = 0; b < batch; b++) {
      const inBase = b * inChannels * inLength;
      const outBase = b * outChannels * outLength;
      for (let o = 0; o < outChannels; o++) output.fill(this.bias[o] as number, outBase + o * outLength, outBase + (o + 1) * outLength);
      if (kind === 'conv') {
        for (let o = 0; o < outChannels; o++) {
          const outRow = outBase + o * outLength;
          for (let c = 0; c < inChannels; c++) {
            const inRow = inBase + c * inLength;
            const wRow = (o * inChannels + c) * kernel;
            for (let t = 0; t < outLength; t++) {
              const origin = t * stride - pad;
              let sum = 0;
              for (let j = 0; j < kernel; j++) {
                const pos = origin + j;
                if (pos >= 0 && pos < inLength) sum += (input[inRow + pos] as number) * (w[wRow + j] as number);
              }
              output[outRow + t] = (output[outRow + t] as number) + sum;
            }
          }
        }
      } else {
        for (let c = 0; c < inChannels; c++) {
          const inRow = inBase + c * inLength;
          for (let o = 0; o < outChannels; o++) {
            const outRow = outBase + o * outLength;
            const wRow = (c * outChannels + o) * kernel;
            for (let t = 0; t < inLength; t++) {
              const a = input[inRow + t] as number;
              const origin = t * stride - pad;
              for (let j = 0; j < kernel; j++) {
                const pos = origin + j;
                if (pos >= 0 && pos < outLength) output[outRow + pos] = (output[outRow + pos] as number) + a * (w[wRow + j] as number);
              }
            }
          }
        }
      }
    }
  }

  /** Accumulates parameter gradients; writes d(loss)/d(input) into inputGrad unless it is undefined. */
  backward(input: Float64Array, outputGrad: Float64Array, inputGrad: Float64Array | undefined, batch: number): void {
    const { kind, inChannels, outChannels, kernel, stride, pad, inLength } = this.geometry;
    const outLength = this.outLength;
    const w = this.weights;
    const gw = this.weightGrads;
    const gb = this.biasGrads;
    if (inputGrad) inputGrad.fill(0, 0, batch * inChannels * inLength);
    for (let b = 0; b < batch; b++) {
      const inBase = b * inChannels * inLength;
      const outBase = b * outChannels * outLength;
      for (let o = 0; o < outChannels; o++) {
        let sum = 0;
        for (let t = 0; t < outLength; t++) sum += outputGrad[outBase + o * outLength + t] as number;
        gb[o] = (gb[o] as number) + sum;
      }
      if (kind === 'conv') {
        for (let o = 0; o < outChannels; o++) {
          const outRow = outBase + o * outLength;
          for (let c = 0; c < inChannels; c++) {
            const inRow = inBase + c * inLength;
            const wRow = (o * inChannels + c) * kernel;
            for (let t = 0; t < outLength; t++) {
              const d = outputGrad[outRow + t] as number;
              const origin = t * stride - pad;
              for (let j = 0; j < kernel; j++) {
                const pos = origin + j;
                if (pos < 0 || pos >= inLength) continue;
                gw[wRow + j] = (gw[wRow + j] as number) + d * (input[inRow + pos] as number);
                if (inputGrad) inputGrad[inRow + pos] = (inputGrad[inRow + pos] as number) + d * (w[wRow + j] as number);
              }
            }
          }
        }
      } else {
        for (let c = 0; c < inChannels; c++) {
          const inRow = inBase + c * inLength;
          for (let o = 0; o < outChannels; o++) {
            const outRow = outBase + o * outLength;
            const wRow = (c * outChannels + o) * kernel;
            for (let t = 0; t < inLength; t++) {
              const a = input[inRow + t] as number;
              const origin = t * stride - pad;
              let sum = 0;
              for (let j = 0; j < kernel; j++) {
                const pos = origin + j;
                if (pos < 0 || pos >= outLength) continue;
                const d = outputGrad[outRow + pos] as number;
                gw[wRow + j] = (gw[wRow + j] as number) + a * d;
                sum += d * (w[wRow + j] as number);
              }
              if (inputGrad) inputGrad[inRow + t] = (inputGrad[inRow + t] as number) + sum;
            }
          }
        }
      }
    }
  }
}
