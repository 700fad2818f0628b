/**
 * Adam over one flat parameter vector. Models keep all weights in a single Float64Array (views per
 * layer), so one optimizer step is one tight loop with no allocation.
 */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private step = 0;

  constructor(size: number, private readonly options: AdamOptions) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** params -= lr * m̂ / (sqrt(v̂) + eps), with bias-corrected moments. */
  update(params: Float64Array, grads: Float64Array): void {
    this.step++;
    const { m, v, beta1, beta2, epsilon } = this;
    const correction1 = 1 - Math.pow(beta1, this.step);
    const correction2 = 1 - Math.pow(beta2, this.step);
    const stepSize = this.options.learningRate / correction1;
    const sqrtCorrection2 = Math.sqrt(correction2);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i] as number;
      const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
      const vi = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] = (params[i] as number) - (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
    }
  }
}
