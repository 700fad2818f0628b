import {
  checkTrainingWindows,
  fitReconstruction,
  reconstructionTrainingFigures,
  toFloat64,
  type ReconstructionFit,
  type TrainContext,
  type TrainResult,
  type WindowShape,
} from '@numalogic/onnx';
import { exportDenseAutoencoder } from './export.js';
import { DenseNetwork } from './network.js';
import { denseAutoencoderOptionsSchema, type DenseAutoencoderOptions } from './options.js';

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
): ReconstructionFit<DenseNetwork> {
  checkTrainingWindows(windows, shape, 2);
  const width = shape.window * shape.features;
  return fitReconstruction(toFloat64(windows), shape.count, width, options, ctx, (batchSize) => {
    return new DenseNetwork(layerSizes(width, options), options.activation, batchSize);
  });
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
    training: reconstructionTrainingFigures(fit, shape.count, ctx, performance.now() - started),
  };
}
