// A real dense-autoencoder bundle trained on synthetic data and saved in a store, for the tests and the bench.
// It does what the trainer does, in a few lines: fit transforms, train, score the training windows through the
// same runner inference uses, fit the threshold on those errors, save.
import { SeededRandom, TransformPipeline, WindowBuilder, createThreshold, matrixFromRows, slidingWindows, windowPayload, type WindowPayload } from '@numalogic/core';
import { denseAutoencoder } from '@numalogic/model-autoencoder';
import { OnnxRunner } from '@numalogic/onnx';
import type { Bundle, ModelStore } from '@numalogic/registry';

export interface FixtureShape {
  features: string[];
  window: number;
  intervalMs: number;
}

/** Smooth periodic rows with a little noise: what a healthy key looks like. Row i is at time i * intervalMs. */
export function syntheticRows(count: number, features: number, seed = 7): number[][] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, (_, i) => Array.from({ length: features }, (_, f) => 10 * (f + 1) + 3 * Math.sin(i / (5 + f)) + 0.2 * random.normal()));
}

/**
 * The WindowPayload preprocess makes of `rows` (one point per grid slot: complete, dense) ending at row
 * `endRow`, assembled by the same core code (WindowBuilder, windowPayload); its observed points are the grid,
 * so it carries no `raw`.
 */
export function windowOf(keys: string[], rows: number[][], endRow: number, shape: FixtureShape, densityClass = 'dense'): WindowPayload {
  const builder = new WindowBuilder({ points: shape.window, features: shape.features.length, intervalMs: shape.intervalMs });
  const observed: { t: number[]; v: number[][] } = { t: [], v: [] };
  for (let row = endRow - shape.window + 1; row <= endRow; row++) {
    builder.push(row * shape.intervalMs, rows[row]!);
    observed.t.push(row * shape.intervalMs);
    observed.v.push(rows[row]!);
  }
  return windowPayload(builder, keys, { features: shape.features, densityClasses: [{ name: densityClass, minDensity: 0 }] }, observed);
}

export async function trainFixtureBundle(
  store: ModelStore,
  keys: string[],
  shape: FixtureShape,
  options: { rows?: number; epochs?: number; trainedAt?: string } = {},
): Promise<{ version: string; bundle: Bundle }> {
  const history = matrixFromRows(syntheticRows(options.rows ?? 400, shape.features.length));
  const transforms = TransformPipeline.fromConfig([{ name: 'standard' }]);
  const windows = slidingWindows(transforms.fitTransform(history), shape.window);
  const count = windows.count;
  const { onnx, options: modelOptions, training } = await denseAutoencoder.train(
    windows.data,
    { count, window: shape.window, features: shape.features.length },
    { epochs: options.epochs ?? 15, hiddenSizes: [16], bottleneck: 4 },
    { seed: 1 },
  );
  const bundle: Bundle = {
    manifest: {
      key: [...keys, denseAutoencoder.name],
      trainedAt: options.trainedAt ?? new Date().toISOString(),
      model: { name: denseAutoencoder.name, options: modelOptions as Record<string, unknown>, output: denseAutoencoder.output },
      features: shape.features,
      window: shape.window,
      transforms: transforms.toJSON(),
      threshold: null,
      training,
    },
    model: onnx,
  };
  const runner = new OnnxRunner();
  try {
    const { errors } = await runner.score({ ...bundle, manifest: { ...bundle.manifest, version: 'fit' } }, windows.data);
    bundle.manifest.threshold = createThreshold('std-dev', { k: 3 }).fit({ data: errors, rows: count, cols: shape.features.length }).toJSON();
  } finally {
    await runner.close();
  }
  const version = await store.save([...keys, denseAutoencoder.name], bundle);
  return { version, bundle };
}
