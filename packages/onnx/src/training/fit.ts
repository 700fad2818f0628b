import type { TrainContext } from '../model-package.js';
import { Adam } from './adam.js';
import { gatherRows, splitValidationTail } from './data.js';
import { EarlyStopping } from './early-stopping.js';
import { reconstructionLoss, type LossName } from './loss.js';
import { SeededRandom } from './random.js';

/** Smallest validation tail worth stopping on; below it every window trains and all epochs run. */
const MIN_VALIDATION_WINDOWS = 8;

/** What the shared training loop needs of a network that reconstructs its input. */
export interface ReconstructionNetwork {
  /** outputs[0] is the input batch the loop fills, [batch, width]. */
  readonly outputs: Float64Array[];
  readonly params: Float64Array;
  readonly grads: Float64Array;
  initialise(random: SeededRandom): void;
  forward(size: number): Float64Array;
  backward(size: number, outputGrad: Float64Array): void;
}

export interface ReconstructionFitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  loss: LossName;
  huberDelta: number;
  validationFraction: number;
  patience: number;
  minDelta: number;
}

export interface ReconstructionFit<N> {
  network: N;
  epochs: number;
  loss: number;
  valLoss: number | undefined;
}

/**
 * The training loop every autoencoder family shares: seeded init and shuffling, mini-batches with Adam, MSE or
 * Huber loss, early stopping on a validation tail (best parameters restored). `rows` holds `count` rows of
 * `width` values in the layout the network reads; `create(batchSize)` builds the network once the batch size is
 * known. Deterministic: the same seed and data give the same parameters.
 */
export function fitReconstruction<N extends ReconstructionNetwork>(
  rows: Float64Array,
  count: number,
  width: number,
  options: ReconstructionFitOptions,
  ctx: TrainContext,
  create: (batchSize: number) => N,
): ReconstructionFit<N> {
  const { train, validation } = splitValidationTail(count, options.validationFraction, MIN_VALIDATION_WINDOWS);
  const batchSize = Math.min(options.batchSize, train);
  const random = new SeededRandom(ctx.seed ?? 0);
  const network = create(batchSize);
  network.initialise(random);
  const optimizer = new Adam(network.params.length, { learningRate: options.learningRate });
  const stopping = validation > 0 ? new EarlyStopping(options.patience, options.minDelta, network.params.length) : undefined;
  const outputGrad = new Float64Array(batchSize * width);
  const order = Uint32Array.from({ length: train }, (_, i) => i);
  const validationOrder = Uint32Array.from({ length: validation }, (_, i) => train + i);
  const input = network.outputs[0] as Float64Array;

  const validationLoss = (): number => {
    let total = 0;
    for (let start = 0; start < validation; start += batchSize) {
      const size = Math.min(batchSize, validation - start);
      gatherRows(rows, validationOrder, start, size, width, input);
      const output = network.forward(size);
      total += reconstructionLoss(options.loss, output, input, outputGrad, size * width, 0, options.huberDelta);
    }
    return total / (validation * width);
  };

  let epochsRun = 0;
  let loss = Number.NaN;
  let valLoss: number | undefined;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    random.shuffle(order);
    let total = 0;
    for (let start = 0; start < train; start += batchSize) {
      const size = Math.min(batchSize, train - start);
      gatherRows(rows, order, start, size, width, input);
      const output = network.forward(size);
      const n = size * width;
      total += reconstructionLoss(options.loss, output, input, outputGrad, n, 1 / n, options.huberDelta);
      network.backward(size, outputGrad);
      optimizer.update(network.params, network.grads);
    }
    epochsRun = epoch + 1;
    loss = total / (train * width);
    if (stopping) {
      valLoss = validationLoss();
      const stop = stopping.observe(epoch, valLoss, network.params);
      ctx.onProgress?.({ epoch: epochsRun, epochs: options.epochs, loss, valLoss });
      if (stop) break;
    } else {
      ctx.onProgress?.({ epoch: epochsRun, epochs: options.epochs, loss });
    }
  }
  if (stopping) {
    stopping.restore(network.params);
    valLoss = stopping.bestValidationLoss;
  }
  return { network, epochs: epochsRun, loss, valLoss };
}

/** The `training` figures of a manifest for a reconstruction fit, as every autoencoder family reports them. */
export function reconstructionTrainingFigures(fit: ReconstructionFit<ReconstructionNetwork>, samples: number, ctx: TrainContext, durationMs: number) {
  return {
    samples,
    epochs: fit.epochs,
    loss: fit.loss,
    ...(fit.valLoss === undefined ? {} : { valLoss: fit.valLoss }),
    durationMs,
    seed: ctx.seed ?? 0,
    parameters: fit.network.params.length,
  };
}
