import {
  Adam,
  checkTrainingWindows,
  EarlyStopping,
  gatherRows,
  reconstructionLoss,
  SeededRandom,
  splitValidationTail,
  type TrainContext,
  type TrainResult,
  type WindowShape,
} from '@numalogic/onnx';
import { exportConvAutoencoder } from './export.js';
import { ConvNetwork, toChannelsFirst } from './network.js';
import { convAutoencoderOptionsSchema, type ConvAutoencoderOptions } from './options.js';

const MIN_VALIDATION_WINDOWS = 8;

/** Trains on windows [count, window, features] (rearranged once to [count, features, window]). */
export function fitConvAutoencoder(
  windows: Float32Array | Float64Array,
  shape: WindowShape,
  options: ConvAutoencoderOptions,
  ctx: TrainContext = {},
): { network: ConvNetwork; epochs: number; loss: number; valLoss: number | undefined } {
  checkTrainingWindows(windows, shape, 2);
  const width = shape.window * shape.features;
  const data = new Float64Array(windows.length);
  toChannelsFirst(windows, shape.count, shape.window, shape.features, data);
  const { train, validation } = splitValidationTail(shape.count, options.validationFraction, MIN_VALIDATION_WINDOWS);
  const batchSize = Math.min(options.batchSize, train);
  const random = new SeededRandom(ctx.seed ?? 0);
  const network = new ConvNetwork(
    { window: shape.window, features: shape.features, channels: options.channels, kernelSize: options.kernelSize, activation: options.activation },
    batchSize,
  );
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
      let validationTotal = 0;
      for (let start = 0; start < validation; start += batchSize) {
        const size = Math.min(batchSize, validation - start);
        gatherRows(data, validationOrder, start, size, width, input);
        const output = network.forward(size);
        validationTotal += reconstructionLoss(options.loss, output, input, outputGrad, size * width, 0, options.huberDelta);
      }
      valLoss = validationTotal / (validation * width);
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

export async function trainConvAutoencoder(
  windows: Float32Array | Float64Array,
  shape: WindowShape,
  options: Partial<ConvAutoencoderOptions> = {},
  ctx: TrainContext = {},
): Promise<TrainResult<ConvAutoencoderOptions>> {
  const resolved = convAutoencoderOptionsSchema.parse(options);
  const started = performance.now();
  const fit = fitConvAutoencoder(windows, shape, resolved, ctx);
  return {
    onnx: exportConvAutoencoder(fit.network),
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
