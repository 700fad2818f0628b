import type { ModelPackage } from '@numalogic/onnx';
import { knnWindowOptionsSchema, type KnnWindowOptions } from './options.js';
import { knnHeldOutErrors, trainKnnWindow } from './train.js';

/** Window novelty by nearest neighbour, per feature: output `score` [batch, features], an RMS distance. */
export const knnWindow: ModelPackage<KnnWindowOptions> = {
  name: 'knn-window',
  optionsSchema: knnWindowOptionsSchema,
  output: 'score',
  train: trainKnnWindow,
  heldOutErrors: knnHeldOutErrors,
};

export { knnWindowOptionsSchema, type KnnWindowOptions } from './options.js';
export { trainKnnWindow, knnHeldOutErrors } from './train.js';
export { buildCodebook, type Codebook } from './codebook.js';
export { exportKnnWindow } from './export.js';
export { nearestSquared, nearestDistances, columnOf } from './search.js';
export { heldOutDistances, heldOutSample, type HeldOutOptions } from './held-out.js';
