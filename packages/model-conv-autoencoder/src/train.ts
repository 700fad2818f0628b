import {
  checkTrainingWindows,
  fitReconstruction,
  reconstructionTrainingFigures,
  type ReconstructionFit,
  type TrainContext,
  type TrainResult,
  type WindowShape,
} from '@numalogic/onnx';
import { exportConvAutoencoder } from './export.js';
import { ConvNetwork, toChannelsFirst } from './network.js';
import { convAutoencoderOptionsSchema, type ConvAutoencoderOptions } from './options.js';

/** Trains on windows [count, window, features] (rearranged once to [count, features, window]). */
export function fitConvAutoencoder(
  windows: Float32Array | Float64Array,
  shape: WindowShape,
  options: ConvAutoencoderOptions,
  ctx: TrainContext = {},
): ReconstructionFit<ConvNetwork> {
  checkTrainingWindows(windows, shape, 2);
  const width = shape.window * shape.features;
  const data = new Float64Array(windows.length);
  toChannelsFirst(windows, shape.count, shape.window, shape.features, data);
  const architecture = { window: shape.window, features: shape.features, channels: options.channels, kernelSize: options.kernelSize, activation: options.activation };
  return fitReconstruction(data, shape.count, width, options, ctx, (batchSize) => new ConvNetwork(architecture, batchSize));
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
    training: reconstructionTrainingFigures(fit, shape.count, ctx, performance.now() - started),
  };
}
