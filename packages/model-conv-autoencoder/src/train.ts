import {
  checkTrainingWindows,
  fitReconstruction,
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
  const architecture = { window: shape.window, features: shape.features, channels: options.channels, kernelSize: options.kernelSize, activation: options.activation };
  return fitReconstruction(data, shape.count, width, options, ctx, MIN_VALIDATION_WINDOWS, (batchSize) => new ConvNetwork(architecture, batchSize));
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
