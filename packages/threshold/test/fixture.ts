import { createThreshold, matrixFromRows } from '@numalogic/core';
import type { Bundle, ModelStore } from '@numalogic/registry';

/**
 * Saves a bundle whose threshold is std-dev fitted on the given training errors. Threshold never runs the
 * model, so the model bytes are a placeholder; everything threshold reads is real.
 */
export async function saveThresholdBundle(
  store: ModelStore,
  key: string[],
  trainingErrors: number[][],
  features: string[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const bundle: Bundle = {
    manifest: {
      key,
      trainedAt: new Date().toISOString(),
      model: { name: key[key.length - 1]!, options: {}, output: 'reconstruction' },
      features,
      window: 4,
      transforms: [],
      threshold: createThreshold('std-dev', { k: 3 }).fit(matrixFromRows(trainingErrors)).toJSON(),
      training: { samples: trainingErrors.length, durationMs: 1 },
      ...extra,
    },
    model: new Uint8Array([0]),
  };
  return store.save(key, bundle);
}
