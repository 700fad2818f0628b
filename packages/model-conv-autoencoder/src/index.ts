import type { ModelPackage } from '@numalogic/onnx';
import { convAutoencoderOptionsSchema, type ConvAutoencoderOptions } from './options.js';
import { trainConvAutoencoder } from './train.js';

/** The 1-D convolutional autoencoder model family: output `reconstruction`. */
export const convAutoencoder: ModelPackage<ConvAutoencoderOptions> = {
  name: 'conv-autoencoder',
  optionsSchema: convAutoencoderOptionsSchema,
  output: 'reconstruction',
  train: trainConvAutoencoder,
};

export { convAutoencoderOptionsSchema, type ConvAutoencoderOptions } from './options.js';
export { trainConvAutoencoder, fitConvAutoencoder } from './train.js';
export { exportConvAutoencoder } from './export.js';
export { ConvNetwork, convGeometries, toChannelsFirst, toTimeFirst, type ConvArchitecture, type ConvActivation } from './network.js';
export { ConvLayer, outputLength, type ConvGeometry, type ConvKind } from './conv-layer.js';
export { forwardFloat32 } from './forward.js';
