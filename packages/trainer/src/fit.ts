// One model of one key: train on the transformed windows, score those same windows through the ONNX runner
// (the path inference takes, so the threshold is fitted on the errors inference will see), fit the threshold,
// and assemble the bundle. A package whose in-sample error says nothing about serving (a memory-based model
// reproduces its own windows) supplies held-out errors for the threshold instead (ModelPackage.heldOutErrors).
import { createThreshold, likelihoodSeed, type CalibrationConfig, type Matrix, type ModelSpec } from '@numalogic/core';
import type { ModelPackage, OnnxRunner, TrainProgress, TrainResult, WindowShape } from '@numalogic/onnx';
import type { Bundle, BundleManifest } from '@numalogic/registry';
import { catalogueEntry } from './catalogue.js';
import type { TrainingWindows } from './windows.js';

export interface FitModelInput {
  keys: readonly string[];
  spec: Pick<ModelSpec, 'name' | 'options'>;
  features: readonly string[];
  /** Windows after the fitted transforms. */
  windows: TrainingWindows;
  transforms: unknown[];
  threshold: { name: string; options: Record<string, unknown> };
  /** The threshold stage's calibration: with 'likelihood' the bundle carries a seed computed from the same errors. */
  calibration?: CalibrationConfig;
  runner: OnnxRunner;
  trainedAt: Date;
  seed: number;
  /** Extra manifest fields (densityClass, intervalMs, stats...). */
  extra: Record<string, unknown>;
  /** Extra training figures (history size, reason...). */
  figures: Record<string, unknown>;
  onProgress?: (progress: TrainProgress) => void;
}

export interface FittedModel {
  name: string;
  bundle: Bundle;
}

export async function fitModel(input: FitModelInput): Promise<FittedModel> {
  const started = performance.now();
  const name = input.spec.name;
  const { model, trainerDefaults } = catalogueEntry(name);
  const { windows } = input;
  const shape: WindowShape = { count: windows.count, window: windows.window, features: windows.features, ...(windows.span ? { span: windows.span } : {}) };
  const result = await model.train(windows.data, shape, { ...trainerDefaults, ...input.spec.options }, { seed: input.seed, onProgress: input.onProgress });

  const manifest: BundleManifest = {
    ...input.extra,
    key: [...input.keys, name],
    trainedAt: input.trainedAt.toISOString(),
    model: { name, options: result.options as Record<string, unknown>, output: model.output },
    features: [...input.features],
    window: windows.window,
    transforms: input.transforms,
    threshold: null,
    training: { ...result.training, samples: windows.count, durationMs: 0 },
  };
  const errors =
    model.heldOutErrors === undefined
      ? await scoreOwnWindows(input.runner, { manifest, model: result.onnx }, windows)
      : await heldOutErrors(model, windows, shape, result);
  const threshold = createThreshold(input.threshold.name, input.threshold.options).fit(errors);
  manifest.threshold = threshold.toJSON();
  // The key's calibration as a replica that had scored these windows would hold it (errors are in time order),
  // so the threshold stage judges the new model's first windows against the key's history, not against nothing.
  if (input.calibration?.method === 'likelihood') manifest['calibration'] = likelihoodSeed(errors.data, errors.rows, errors.cols, input.calibration);
  manifest.training = {
    ...result.training,
    ...input.figures,
    samples: windows.count,
    completeWindows: windows.complete,
    lastPointAt: new Date(windows.lastPointAt).toISOString(),
    errorMean: columnMeans(errors),
    thresholdErrors: { source: model.heldOutErrors === undefined ? 'training-windows' : 'held-out', rows: errors.rows },
    trainMs: result.training.durationMs,
    durationMs: Math.round(performance.now() - started),
  };
  return { name, bundle: { manifest, model: result.onnx } };
}

/** Errors [count x features] of the training windows, under a session used once and released. */
async function scoreOwnWindows(runner: OnnxRunner, bundle: Bundle, windows: TrainingWindows): Promise<Matrix> {
  // An unsaved bundle has no version; a unique one keeps its session apart from any earlier training's.
  const scoring = { manifest: { ...bundle.manifest, version: `training-${bundle.manifest.trainedAt}-${Math.random().toString(36).slice(2)}` }, model: bundle.model };
  try {
    const scored = await runner.score(scoring, windows.data);
    return { data: scored.errors, rows: scored.count, cols: scored.features };
  } finally {
    await runner.evict(scoring);
  }
}

/** The package's own threshold errors (a memory-based model's in-sample error would be 0), checked for shape. */
async function heldOutErrors(model: ModelPackage<unknown>, windows: TrainingWindows, shape: WindowShape, result: TrainResult<unknown>): Promise<Matrix> {
  const data = await model.heldOutErrors!(windows.data, shape, result);
  const cols = windows.features;
  if (!(data instanceof Float64Array) || data.length === 0 || data.length % cols !== 0 || data.length / cols > windows.count) {
    throw new Error(`model ${model.name}: heldOutErrors must return [rows, ${cols}] errors with 1 <= rows <= ${windows.count}, got ${data?.length} values`);
  }
  return { data, rows: data.length / cols, cols };
}

function columnMeans(m: Matrix): number[] {
  const sums = new Float64Array(m.cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) sums[c] = sums[c]! + m.data[r * m.cols + c]!;
  return Array.from(sums, (s) => (m.rows === 0 ? 0 : s / m.rows));
}
