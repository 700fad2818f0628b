// The models the trainer can train, by the name configuration uses. The two names of early configurations
// ('autoencoder', 'baseline') are mapped here and nowhere else, so every bundle is keyed by the package name.
import { denseAutoencoder } from '@numalogic/model-autoencoder';
import { robustBaseline } from '@numalogic/model-baseline';
import { convAutoencoder } from '@numalogic/model-conv-autoencoder';
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
]);

/** Old configuration names and the package each now means. */
export const LEGACY_MODEL_NAMES: Readonly<Record<string, string>> = Object.freeze({
  autoencoder: denseAutoencoder.name,
  baseline: robustBaseline.name,
});

export class UnknownModelError extends Error {
  override readonly name = 'UnknownModelError';
}

/** The name bundles are keyed by: the package name, with the legacy names mapped. */
export function canonicalModelName(name: string): string {
  return Object.hasOwn(LEGACY_MODEL_NAMES, name) ? LEGACY_MODEL_NAMES[name]! : name;
}

export function modelNames(): string[] {
  return [...CATALOGUE.keys()];
}

/** The catalogue entry of a model name (legacy names accepted); an unknown name lists the known ones. */
export function catalogueEntry(name: string): CatalogueEntry {
  const entry = CATALOGUE.get(canonicalModelName(name));
  if (entry === undefined) {
    const legacy = Object.entries(LEGACY_MODEL_NAMES).map(([old, now]) => `${old} -> ${now}`);
    throw new UnknownModelError(
      `unknown model '${name}' (known: ${modelNames().join(', ')}; legacy names: ${legacy.join(', ')})`,
    );
  }
  return entry;
}

export function modelPackage(name: string): ModelPackage<unknown> {
  return catalogueEntry(name).model;
}
