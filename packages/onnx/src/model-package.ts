import type { z } from 'zod';
import type { ModelOutput } from './contract.js';

/** Shape of a block of windows laid out row-major as [count, window, features]. */
export interface WindowShape {
  count: number;
  window: number;
  features: number;
  /**
   * Points of the source series one window covers, when that is more than `window` (each row a block mean of
   * several points). Windows are cut one point apart, so two of them share points unless `span` windows apart:
   * what a held-out error must skip. Unset: `window`.
   */
  span?: number;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss?: number;
}

export interface TrainContext {
  /** Seed of the model's own PRNG (initialisation, shuffling); same seed and data give the same bytes. */
  seed?: number;
  onProgress?: (progress: TrainProgress) => void;
}

/** Figures the trainer copies into BundleManifest.training. */
export interface TrainingFigures {
  samples: number;
  epochs?: number;
  loss?: number;
  valLoss?: number;
  durationMs: number;
  [figure: string]: unknown;
}

export interface TrainResult<O> {
  /** The ONNX model, keeping the contract (input `x`, output named by the package's `output`). */
  onnx: Uint8Array;
  /** The options after defaults were applied: what goes into BundleManifest.model.options. */
  options: O;
  training: TrainingFigures;
}

/**
 * What a model family exports. Training takes windows already transformed by the caller (core's
 * transforms), so a model package needs nothing from core; inference needs only the ONNX bytes.
 */
export interface ModelPackage<O> {
  name: string;
  /** Validates options (from YAML, say) and fills defaults; errors name the offending field. */
  optionsSchema: z.ZodType<O>;
  output: ModelOutput;
  train(windows: Float32Array | Float64Array, shape: WindowShape, options?: Partial<O>, ctx?: TrainContext): Promise<TrainResult<O>>;
  /**
   * Optional. The errors the trainer fits the threshold on, row-major [rows, features] with 1 <= rows <= count
   * (a package may score a deterministic subset of the windows to bound the cost). Without it the trainer scores
   * the training windows through the ONNX model. A package provides it when that in-sample error would not look
   * like serving: a memory-based model holds its own training windows, so their error is 0 and a threshold
   * fitted on it would be degenerate.
   */
  heldOutErrors?(windows: Float32Array | Float64Array, shape: WindowShape, result: TrainResult<O>): Float64Array | Promise<Float64Array>;
}

/** Checks that a block of windows is what its shape says and holds only finite numbers. */
export function checkTrainingWindows(windows: Float32Array | Float64Array, shape: WindowShape, minCount = 1): void {
  const { count, window, features } = shape;
  for (const [name, value] of Object.entries({ count, window, features })) {
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`training shape: ${name} must be a positive integer, got ${value}`);
  }
  if (count < minCount) throw new Error(`training needs at least ${minCount} windows, got ${count}`);
  const expected = count * window * features;
  if (windows.length !== expected) {
    throw new Error(`training windows: expected ${expected} values for [${count}, ${window}, ${features}], got ${windows.length}`);
  }
  for (let i = 0; i < windows.length; i++) {
    if (!Number.isFinite(windows[i] as number)) {
      const point = Math.floor(i / features);
      throw new Error(
        `training windows: value ${windows[i]} at window ${Math.floor(point / window)}, step ${point % window}, feature ${i % features} is not finite`,
      );
    }
  }
}
