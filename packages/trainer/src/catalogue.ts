// The models the trainer can train, by the name configuration uses: the model package's own name, which is
// also the last component of the bundle's key in the store (inference looks bundles up by the same name).
import { arWindow } from '@numalogic/model-ar';
import { denseAutoencoder } from '@numalogic/model-autoencoder';
import { robustBaseline } from '@numalogic/model-baseline';
import { convAutoencoder } from '@numalogic/model-conv-autoencoder';
import { knnWindow } from '@numalogic/model-knn';
import { onnxFile, onnxScoreFile } from '@numalogic/model-onnx-file';
import type { ModelPackage } from '@numalogic/onnx';

export interface CatalogueEntry {
  model: ModelPackage<unknown>;
  /**
   * Options the trainer passes unless the configuration sets them: the packages' own defaults aim at accuracy
   * on long histories, the trainer at training a key in well under a second on a shared CPU.
   */
  trainerDefaults: Record<string, unknown>;
}

const CATALOGUE: ReadonlyMap<string, CatalogueEntry> = new Map<string, CatalogueEntry>([
  [denseAutoencoder.name, { model: denseAutoencoder as ModelPackage<unknown>, trainerDefaults: { epochs: 30 } }],
  [convAutoencoder.name, { model: convAutoencoder as ModelPackage<unknown>, trainerDefaults: { epochs: 20 } }],
  [robustBaseline.name, { model: robustBaseline as ModelPackage<unknown>, trainerDefaults: {} }],
  // No fitting loop: its own defaults (a 2,000-window codebook) already train in milliseconds.
  [knnWindow.name, { model: knnWindow as ModelPackage<unknown>, trainerDefaults: {} }],
  // The same nearest-neighbour novelty on block means (12 of 24 points by default): the shape of the last 288
  // points (a day of 5-minute data), which the 12-point window cannot see (docs/quality.md).
  ['knn-coarse', { model: knnWindow as ModelPackage<unknown>, trainerDefaults: {} }],
  // The prototype's AR component: a closed-form ridge fit per feature, milliseconds for a 2,000-window history.
  [arWindow.name, { model: arWindow as ModelPackage<unknown>, trainerDefaults: {} }],
  // A user's own ONNX file (docs/models.md): "training" checks it against the key's windows.
  [onnxFile.name, { model: onnxFile as ModelPackage<unknown>, trainerDefaults: {} }],
  [onnxScoreFile.name, { model: onnxScoreFile as ModelPackage<unknown>, trainerDefaults: {} }],
]);

export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';
}

export function modelNames(): string[] {
  return [...CATALOGUE.keys()];
}

/** The catalogue entry of a model name; an unknown name lists the known ones. */
export function catalogueEntry(name: string): CatalogueEntry {
  const entry = CATALOGUE.get(name);
  if (entry === undefined) throw new UnknownModelError(`unknown model '${name}' (known: ${modelNames().join(', ')})`);
  return entry;
}

export function modelPackage(name: string): ModelPackage<unknown> {
  return catalogueEntry(name).model;
}
