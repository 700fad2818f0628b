import type { ModelPackage } from '@numalogic/onnx';
import { denseAutoencoderOptionsSchema, type DenseAutoencoderOptions } from './options.js';
import { trainDenseAutoencoder } from './train.js';

/** The dense autoencoder model family: output `reconstruction`. */
export const denseAutoencoder: ModelPackage<DenseAutoencoderOptions> = {
  name: 'dense-autoencoder',
  optionsSchema: denseAutoencoderOptionsSchema,
  output: 'reconstruction',
  train: trainDenseAutoencoder,
};

export { denseAutoencoderOptionsSchema, type DenseAutoencoderOptions } from './options.js';
export { trainDenseAutoencoder, fitDenseAutoencoder, layerSizes } from './train.js';
export { exportDenseAutoencoder } from './export.js';
export { DenseNetwork, type DenseActivation } from './network.js';
export { forwardFloat32 } from './forward.js';
