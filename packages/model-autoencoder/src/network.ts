import { SeededRandom } from '@numalogic/onnx';

export type DenseActivation = 'relu' | 'tanh';

/**
 * A fully connected network kept in one flat Float64Array of parameters (W [in, out] row-major, then b,
 * per layer), with activation buffers preallocated for a maximum batch. Hidden layers use the activation,
 * the last layer is linear. Forward and backward touch no allocator.
 */
export class DenseNetwork {
  readonly params: Float64Array;
  readonly grads: Float64Array;
  readonly weights: Float64Array[] = [];
  readonly biases: Float64Array[] = [];
  private readonly weightGrads: Float64Array[] = [];
  private readonly biasGrads: Float64Array[] = [];
  /** outputs[l] is the post-activation output of layer l-1; outputs[0] is the input batch. */
  readonly outputs: Float64Array[];
  private readonly deltaA: Float64Array;
  private readonly deltaB: Float64Array;

  constructor(
    readonly sizes: readonly number[],
    readonly activation: DenseActivation,
    readonly maxBatch: number,
  ) {
    if (sizes.length < 2) throw new Error('a dense network needs at least an input and an output size');
    let total = 0;
    for (let l = 0; l + 1 < sizes.length; l++) total += (sizes[l] as number) * (sizes[l + 1] as number) + (sizes[l + 1] as number);
    this.params = new Float64Array(total);
    this.grads = new Float64Array(total);
    let offset = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const n = sizes[l] as number;
      const o = sizes[l + 1] as number;
      this.weights.push(this.params.subarray(offset, offset + n * o));
      this.weightGrads.push(this.grads.subarray(offset, offset + n * o));
      offset += n * o;
      this.biases.push(this.params.subarray(offset, offset + o));
      this.biasGrads.push(this.grads.subarray(offset, offset + o));
      offset += o;
    }
    this.outputs = sizes.map((size) => new Float64Array(maxBatch * size));
    const widest = Math.max(...sizes);
    this.deltaA = new Float64Array(maxBatch * widest);
    this.deltaB = new Float64Array(maxBatch * widest);
  }

  get layerCount(): number {
    return this.sizes.length - 1;
  }

  /** He-normal weights for relu, Glorot-uniform for tanh; zero biases. */
  initialise(random: SeededRandom): void {
    for (let l = 0; l < this.layerCount; l++) {
      const n = this.sizes[l] as number;
      const o = this.sizes[l + 1] as number;
      const w = this.weights[l] as Float64Array;
      if (this.activation === 'relu') {
        const std = Math.sqrt(2 / n);
        for (let i = 0; i < w.length; i++) w[i] = random.normal() * std;
      } else {
        const limit = Math.sqrt(6 / (n + o));
        for (let i = 0; i < w.length; i++) w[i] = random.uniform(-limit, limit);
      }
      (this.biases[l] as Float64Array).fill(0);
    }
  }

  /** Runs the batch held in outputs[0] (first `batch` rows); the result is in outputs[layerCount]. */
  forward(batch: number): Float64Array {
    const tanh = this.activation === 'tanh';
    for (let l = 0; l < this.layerCount; l++) {
      const n = this.sizes[l] as number;
      const o = this.sizes[l + 1] as number;
      const input = this.outputs[l] as Float64Array;
      const output = this.outputs[l + 1] as Float64Array;
      const w = this.weights[l] as Float64Array;
      const bias = this.biases[l] as Float64Array;
      const hidden = l + 1 < this.layerCount;
      for (let b = 0; b < batch; b++) {
        const inRow = b * n;
        const outRow = b * o;
        for (let j = 0; j < o; j++) output[outRow + j] = bias[j] as number;
        for (let i = 0; i < n; i++) {
          const a = input[inRow + i] as number;
          if (a === 0) continue;
          const wRow = i * o;
          for (let j = 0; j < o; j++) output[outRow + j] = (output[outRow + j] as number) + a * (w[wRow + j] as number);
        }
        if (hidden) {
          if (tanh) for (let j = 0; j < o; j++) output[outRow + j] = Math.tanh(output[outRow + j] as number);
          else for (let j = 0; j < o; j++) if ((output[outRow + j] as number) < 0) output[outRow + j] = 0;
        }
      }
    }
    return this.outputs[this.layerCount] as Float64Array;
  }

  /**
   * Back-propagates d(loss)/d(output) given in `outputGrad` (first `batch` rows) through the network
   * after a forward() of the same batch; leaves the parameter gradients in `grads` (overwritten).
   */
  backward(batch: number, outputGrad: Float64Array): void {
    this.grads.fill(0);
    const tanh = this.activation === 'tanh';
    let delta = outputGrad;
    let spare = this.deltaA;
    for (let l = this.layerCount - 1; l >= 0; l--) {
      const n = this.sizes[l] as number;
      const o = this.sizes[l + 1] as number;
      const input = this.outputs[l] as Float64Array;
      const w = this.weights[l] as Float64Array;
      const gw = this.weightGrads[l] as Float64Array;
      const gb = this.biasGrads[l] as Float64Array;
      const needInputDelta = l > 0;
      for (let b = 0; b < batch; b++) {
        const inRow = b * n;
        const outRow = b * o;
        for (let j = 0; j < o; j++) gb[j] = (gb[j] as number) + (delta[outRow + j] as number);
        for (let i = 0; i < n; i++) {
          const a = input[inRow + i] as number;
          const wRow = i * o;
          let sum = 0;
          if (a !== 0) {
            for (let j = 0; j < o; j++) {
              const d = delta[outRow + j] as number;
              gw[wRow + j] = (gw[wRow + j] as number) + a * d;
              sum += d * (w[wRow + j] as number);
            }
          } else if (needInputDelta) {
            for (let j = 0; j < o; j++) sum += (delta[outRow + j] as number) * (w[wRow + j] as number);
          }
          if (needInputDelta) {
            // Derivative of the activation that produced `a` (relu: a > 0; tanh: 1 - a²).
            spare[inRow + i] = tanh ? sum * (1 - a * a) : a > 0 ? sum : 0;
          }
        }
      }
      if (needInputDelta) {
        delta = spare;
        spare = spare === this.deltaA ? this.deltaB : this.deltaA;
      }
    }
  }
}
