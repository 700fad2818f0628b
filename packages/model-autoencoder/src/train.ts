import {
  Adam,
  checkTrainingWindows,
  EarlyStopping,
  gatherRows,
  reconstructionLoss,
  SeededRandom,
  splitValidationTail,
  toFloat64,
  type TrainContext,
  type TrainResult,
  type WindowShape,
} from '@numalogic/onnx';
import { exportDenseAutoencoder } from './export.js';
import { DenseNetwork } from './network.js';
import { denseAutoencoderOptionsSchema, type DenseAutoencoderOptions } from './options.js';

/** Smallest validation tail worth stopping on; below it every window trains and all epochs run. */
const MIN_VALIDATION_WINDOWS = 8;

/** Layer sizes of the autoencoder: input, encoder, bottleneck, mirrored decoder, output. */
export function layerSizes(inputSize: number, options: Pick<DenseAutoencoderOptions, 'hiddenSizes' | 'bottleneck'>): number[] {
  return [inputSize, ...options.hiddenSizes, options.bottleneck, ...[...options.hiddenSizes].reverse(), inputSize];
}

/** Trains the network on windows [count, window, features] and returns it with its figures (no export). */
export function fitDenseAutoencoder(
  windows: Float32Array | Float64Array,
  shape: WindowShape,
  options: DenseAutoencoderOptions,
  ctx: TrainContext = {},
): { network: DenseNetwork; epochs: number; loss: number; valLoss: number | undefined } {
  checkTrainingWindows(windows, shape, 2);
  const width = shape.window * shape.features;
  const data = toFloat64(windows);
  const { train, validation } = splitValidationTail(shape.count, options.validationFraction, MIN_VALIDATION_WINDOWS);
  const batchSize = Math.min(options.batchSize, train);
  const random = new SeededRandom(ctx.seed ?? 0);
  const network = new DenseNetwork(layerSizes(width, options), options.activation, batchSize);
  network.initialise(random);
  const optimizer = new Adam(network.params.length, { learningRate: options.learningRate });
  const stopping = validation > 0 ? new EarlyStopping(options.patience, options.minDelta, network.params.length) : undefined;
  const outputGrad = new Float64Array(batchSize * width);
  const order = Uint32Array.from({ length: train }, (_, i) => i);
  const validationOrder = Uint32Array.from({ length: validation }, (_, i) => train + i);
  const input = network.outputs[0] as Float64Array;

  let epochsRun = 0;
  let loss = Number.NaN;
  let valLoss: number | undefined;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    random.shuffle(order);
    let total = 0;
    for (let start = 0; start < train; start += batchSize) {
      const size = Math.min(batchSize, train - start);
      gatherRows(data, order, start, size, width, input);
      const output = network.forward(size);
      const n = size * width;
      total += reconstructionLoss(options.loss, output, input, outputGrad, n, 1 / n, options.huberDelta);
      network.backward(size, outputGrad);
      optimizer.update(network.params, network.grads);
    }
    epochsRun = epoch + 1;
    loss = total / (train * width);
    if (stopping) {
      valLoss = evaluate(network, data, validationOrder, width, batchSize, outputGrad, options);
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

function evaluate(
  network: DenseNetwork,
  data: Float64Array,
  rows: Uint32Array,
  width: number,
  batchSize: number,
  scratch: Float64Array,
  options: DenseAutoencoderOptions,
): number {
  const input = network.outputs[0] as Float64Array;
  let total = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const size = Math.min(batchSize, rows.length - start);
    gatherRows(data, rows, start, size, width, input);
    const output = network.forward(size);
    total += reconstructionLoss(options.loss, output, input, scratch, size * width, 0, options.huberDelta);
  }
  return total / (rows.length * width);
}

/** ModelPackage.train for the dense autoencoder: validate options, fit, export to ONNX. */
export async function trainDenseAutoencoder(
  windows: Float32Array | Float64Array,
  shape: WindowShape,
  options: Partial<DenseAutoencoderOptions> = {},
  ctx: TrainContext = {},
): Promise<TrainResult<DenseAutoencoderOptions>> {
  const resolved = denseAutoencoderOptionsSchema.parse(options);
  const started = performance.now();
  const fit = fitDenseAutoencoder(windows, shape, resolved, ctx);
  const onnx = exportDenseAutoencoder(fit.network, shape.window, shape.features);
  return {
    onnx,
    options: resolved,
    training: {
      samples: shape.count,
      epochs: fit.epochs,
      loss: fit.loss,
      ...(fit.valLoss === undefined ? {} : { valLoss: fit.valLoss }),
      durationMs: performance.now() - started,
      seed: ctx.seed ?? 0,
      parameters: fit.network.params.length,
    },
  };
}
