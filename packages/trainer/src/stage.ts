// The trainer's logic for one key and one window of training requests: merge the requests' points into the
// key's history, decide whether to train, and if so train, threshold and save one bundle per model of the
// key's density class. No SDK and no sockets here: the reduce entrypoint and the CLI call train().
import {
  COARSE_MODELS,
  keyIntervalMs,
  isTrainingAllowed,
  matrixFromRows,
  mean,
  std,
  TransformPipeline,
  type Config,
  type ModelSpec,
  type TrainingEvent,
  type TrainRequest,
} from '@numalogic/core';
import type { OnnxRunner } from '@numalogic/onnx';
import { isStale, type Bundle, type BundleManifest, type HistoryStore, type ModelCache, type ModelStore, type PointHistory } from '@numalogic/registry';
import { fitModel } from './fit.js';
import { mergeHistory, pointsAfter } from './history.js';
import { trainingWindows, windowMatrix, type TrainingWindows } from './windows.js';

/** Structured logging as pino does it (object first); every method optional in spirit, so a no-op fits. */
export interface TrainerLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface TrainerDeps {
  config: Config;
  store: ModelStore;
  /**
   * Where the trainer reads the bundles it may replace (their age and data decide what is due): the store
   * unless given. Only a process that is its store's one writer may pass its cache here (`numalogic score`):
   * the trainer hands the cache each version it saves (`cache` below), so the cache cannot miss one.
   */
  models?: Pick<ModelStore, 'load'>;
  history: Pick<HistoryStore, 'load' | 'save'>;
  /**
   * Handed every new version as saved (ModelCache.saved: it forgets the key's other entries and keeps this one),
   * so this process's readers see it at once, with no read back of what was just written.
   */
  cache?: Pick<ModelCache, 'saved'>;
  runner: OnnxRunner;
  now?: () => Date;
  log?: TrainerLog;
  /** Newest training windows used per model (default 2048): bounds training time on long histories. */
  maxTrainingWindows?: number;
}

/**
 * After a model went stale, retrain only once this fraction of trainer.minPoints is newer than the newest point
 * that model was trained on; a retrain on the same points would give the same model.
 */
export const STALE_REFRESH_FRACTION = 0.5;
/** Fewest windows a training runs on. */
export const MIN_TRAINING_WINDOWS = 2;
const DEFAULT_MAX_TRAINING_WINDOWS = 2048;
/** Keys remembered for the back-off after a failed training. */
const MAX_BACKOFF_KEYS = 10_000;

const silentLog: TrainerLog = { debug() {}, info() {}, warn() {}, error() {} };

type ModelState =
  | { spec: ModelSpec; name: string; state: 'missing' }
  | { spec: ModelSpec; name: string; state: 'fresh' | 'stale'; manifest: BundleManifest };

type Status = TrainingEvent['status'];
type SaveOutcome = TrainingEvent['versions'][number] | { failure: string };

export class TrainerStage {
  private readonly config: Config;
  private readonly deps: TrainerDeps;
  private readonly now: () => Date;
  private readonly log: TrainerLog;
  private readonly maxTrainingWindows: number;
  /** Keys whose last training failed, and when: retried only after trainer.retryAfter (or on force). */
  private readonly failedAt = new Map<string, number>();

  constructor(deps: TrainerDeps) {
    this.deps = deps;
    this.config = deps.config;
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? silentLog;
    this.maxTrainingWindows = deps.maxTrainingWindows ?? DEFAULT_MAX_TRAINING_WINDOWS;
    if (!(Number.isInteger(this.maxTrainingWindows) && this.maxTrainingWindows >= MIN_TRAINING_WINDOWS)) {
      throw new RangeError(`maxTrainingWindows must be an integer >= ${MIN_TRAINING_WINDOWS}, got ${deps.maxTrainingWindows}`);
    }
  }

  /** Never throws: a training that cannot run or fails is an event with status 'failed' and the reason. */
  async train(keys: readonly string[], requests: readonly TrainRequest[]): Promise<TrainingEvent> {
    const started = performance.now();
    const densityClass = requests[requests.length - 1]?.densityClass ?? '';
    const event = (status: Status, reason: string, historyPoints = 0, versions: TrainingEvent['versions'] = []): TrainingEvent => ({
      keys: [...keys],
      status,
      reason,
      densityClass,
      versions,
      historyPoints,
      durationMs: Math.round(performance.now() - started),
    });
    let result: TrainingEvent;
    try {
      result = await this.run(keys, requests, densityClass, event);
    } catch (err) {
      result = event('failed', (err as Error).message ?? String(err));
    }
    this.report(result, requests);
    return result;
  }

  private async run(
    keys: readonly string[],
    requests: readonly TrainRequest[],
    densityClass: string,
    event: (status: Status, reason: string, historyPoints?: number, versions?: TrainingEvent['versions']) => TrainingEvent,
  ): Promise<TrainingEvent> {
    const { config } = this;
    if (requests.length === 0) return event('skipped', 'no training requests');
    const features = config.features;
    const usable = requests.filter((r) => sameNames(r.features, features));
    if (usable.length === 0) {
      return event('failed', `requests carry features [${brief(requests[0]!.features)}], the configuration [${features.join(', ')}]`);
    }
    const reasons = new Set(usable.map((r) => r.reason));

    const stored = await this.deps.history.load(keys);
    const merged = mergeHistory(stored, usable.map((r) => r.raw), features, config.trainer.maxHistory);
    if (merged.reset) this.log.warn({ keys, stored: stored?.features, features }, 'stored history has other features: started afresh');
    if (merged.changed) await this.deps.history.save(keys, merged.history);
    const history = merged.history;
    const points = history.t.length;
    this.log.debug({ keys, added: merged.added, rejected: merged.rejected, historyPoints: points }, 'history merged');

    const now = this.now();
    if (!isTrainingAllowed(config, now)) {
      return event('outside-hours', `${now.toISOString()} is outside the allowed training hours (UTC)`, points);
    }
    const specs = config.models[densityClass];
    if (specs === undefined || specs.length === 0) {
      return event('failed', `no models configured for density class '${densityClass}' (configured: ${Object.keys(config.models).join(', ')})`, points);
    }

    const states = await Promise.all(specs.map((spec) => this.modelState(keys, spec, now)));
    const forced = reasons.has('force');
    const retrainAll = forced || reasons.has('drift');
    let due = retrainAll ? states : states.filter((s) => s.state !== 'fresh');
    if (due.length === 0) {
      return event('skipped', `fresh: ${states.map(describeModel).join(', ')}`, points);
    }
    const failedAt = this.failedAt.get(JSON.stringify(keys));
    if (!forced && failedAt !== undefined && now.getTime() - failedAt < config.trainer.retryAfter) {
      return event('skipped', `back-off: the last training failed at ${new Date(failedAt).toISOString()} (trainer.retryAfter)`, points);
    }
    if (points < config.trainer.minPoints) {
      return event('insufficient', `${points} points in history, need trainer.minPoints = ${config.trainer.minPoints}`, points);
    }
    const span = points > 0 ? history.t[points - 1]! - history.t[0]! : 0;
    // A full history (maxHistory points) is all there will ever be: fast data may never span minSpan.
    if (span < config.trainer.minSpan && points < config.trainer.maxHistory) {
      const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;
      return event('insufficient', `history spans ${hours(span)}, need trainer.minSpan = ${hours(config.trainer.minSpan)}`, points);
    }
    if (!retrainAll) {
      const need = Math.ceil(config.trainer.minPoints * STALE_REFRESH_FRACTION);
      const waiting: string[] = [];
      due = due.filter((s) => {
        if (s.state !== 'stale') return true;
        const newer = pointsAfter(history, dataEnd(s.manifest));
        if (newer >= need) return true;
        waiting.push(`${describeModel(s)}: ${newer} points newer than its data, need ${need}`);
        return false;
      });
      if (due.length === 0) return event('insufficient', `stale, waiting for new points (${waiting.join('; ')})`, points);
    }

    // The key's grid, inferred once (a sort of the history with intervalMs: auto) for every cut of this training.
    const window = { ...config.window, intervalMs: keyIntervalMs(config.window, history.t) };
    const windows = configuredTrainingWindows(history, { window }, this.maxTrainingWindows);
    if (windows.count < MIN_TRAINING_WINDOWS) {
      return event('insufficient', `${windows.count} training windows from ${points} points, need ${MIN_TRAINING_WINDOWS}`, points);
    }
    const { versions, failures, skipped } = await this.trainModels(keys, due, history, window, windows, densityClass, [...reasons], now);
    if (versions.length === 0 && failures.length === 0) return event('insufficient', `history too short for ${skipped.join(', ')}`, points);
    if (failures.length > 0) {
      this.rememberFailure(keys, now);
      return event('failed', failures.join('; '), points, versions);
    }
    this.failedAt.delete(JSON.stringify(keys));
    return event('trained', `${[...reasons].join(', ')}: trained ${versions.map((v) => v.model).join(', ')}${skipped.length > 0 ? `; not yet: ${skipped.join(', ')}` : ''}`, points, versions);
  }

  private async modelState(keys: readonly string[], spec: ModelSpec, now: Date): Promise<ModelState> {
    const name = spec.name;
    const bundle = await (this.deps.models ?? this.deps.store).load([...keys, name]);
    if (bundle === null) return { spec, name, state: 'missing' };
    const stale = isStale(bundle.manifest, this.config.trainer.retrainAfter, now);
    return { spec, name, state: stale ? 'stale' : 'fresh', manifest: bundle.manifest };
  }

  private async trainModels(
    keys: readonly string[],
    due: readonly ModelState[],
    history: PointHistory,
    /** The configuration's window with the key's interval resolved. */
    window: Config['window'] & { intervalMs: number },
    /** The configured windows, cut by train() for its count check: transformed here, in place. */
    configured: TrainingWindows,
    densityClass: string,
    reasons: string[],
    trainedAt: Date,
  ): Promise<{ versions: TrainingEvent['versions']; failures: string[]; skipped: string[] }> {
    const { config } = this;
    // Transforms are fitted once on the history's rows and applied to each window, as inference applies them.
    const pipeline = TransformPipeline.fromConfig(config.trainer.transforms);
    pipeline.fit(matrixFromRows(history.v));
    const transformInPlace = (windows: TrainingWindows): TrainingWindows => {
      for (let i = 0; i < windows.count; i++) pipeline.transform(windowMatrix(windows, i));
      return windows;
    };
    // Cut once each: the configured windows for most models, block means for the coarse ones (one block size,
    // window.coarseBlock, and only when a coarse model is due). train() has no further use for the configured
    // windows untransformed, so they are not copied.
    const fine = transformInPlace(configured);
    let coarse: TrainingWindows | undefined;
    const windowsFor = (blockSize: number): TrainingWindows => {
      if (blockSize === 1) return fine;
      if (coarse === undefined) {
        const long = { ...window, points: window.points * blockSize };
        coarse = transformInPlace(configuredTrainingWindows(history, { window: long }, this.maxTrainingWindows, blockSize));
      }
      return coarse;
    };
    const transforms = pipeline.toJSON();
    const stats = featureStats(history, config.features);
    const intervalMs = window.intervalMs;

    const versions: TrainingEvent['versions'] = [];
    const failures: string[] = [];
    const skipped: string[] = [];
    // A model's save (file or network I/O) runs while the next model is fitted (CPU); the outcomes are gathered
    // in the configured order.
    const outcomes: Promise<SaveOutcome>[] = [];
    for (const state of due) {
      const modelKey = [...keys, state.name];
      // A coarse model sees window.points block means of window.coarseBlock points each, ending at the newest
      // point: a longer context at the same model size. The bundle records the block size, so inference builds
      // the same rows.
      const blockSize = COARSE_MODELS.has(state.name) ? config.window.coarseBlock : 1;
      if (blockSize === 0) {
        skipped.push(`${state.name} (a coarse model, but window.coarseBlock is 0)`);
        continue;
      }
      const windows = windowsFor(blockSize);
      if (windows.count < MIN_TRAINING_WINDOWS) {
        // Not a failure: a coarse model needs window.points x blockSize points of history; it trains later.
        this.log.info({ keys, model: state.name, blockSize, historyPoints: history.t.length }, 'history too short for this model yet; skipped');
        skipped.push(`${state.name} (${windows.count} windows of ${config.window.points} x ${blockSize} points)`);
        continue;
      }
      let bundle: Bundle;
      try {
        ({ bundle } = await fitModel({
          keys,
          spec: state.spec,
          features: config.features,
          windows,
          transforms,
          threshold: config.trainer.threshold,
          calibration: config.calibration,
          runner: this.deps.runner,
          trainedAt,
          seed: seedOf(modelKey),
          extra: { densityClass, intervalMs, stats, ...(blockSize > 1 ? { blockSize } : {}) },
          figures: { historyPoints: history.t.length, reasons, replaces: state.state === 'missing' ? null : (state.manifest.version ?? null) },
          onProgress: (p) => this.log.debug({ keys, model: state.name, ...p }, 'training progress'),
        }));
      } catch (err) {
        outcomes.push(Promise.resolve({ failure: `${state.name}: ${(err as Error).message ?? String(err)}` }));
        continue;
      }
      outcomes.push(this.saveModel(keys, state.name, modelKey, bundle));
    }
    for (const outcome of await Promise.all(outcomes)) {
      if ('failure' in outcome) failures.push(outcome.failure);
      else versions.push(outcome);
    }
    return { versions, failures, skipped };
  }

  /** Saves a fitted bundle, prunes old versions, tells the cache; never throws (a failure is an outcome). */
  private async saveModel(keys: readonly string[], name: string, modelKey: readonly string[], bundle: Bundle): Promise<SaveOutcome> {
    try {
      const saved = await this.deps.store.saveVersion(modelKey, bundle);
      const version = saved.manifest.version!;
      const pruned = await this.deps.store.prune(modelKey, this.config.store.keepVersions);
      this.deps.cache?.saved(modelKey, saved);
      const t = bundle.manifest.training;
      this.log.info(
        { keys, model: name, version, samples: t.samples, epochs: t.epochs, loss: t.loss, valLoss: t.valLoss, durationMs: t.durationMs, pruned },
        'model trained and saved',
      );
      return { model: name, version };
    } catch (err) {
      return { failure: `${name}: ${(err as Error).message ?? String(err)}` };
    }
  }

  private rememberFailure(keys: readonly string[], at: Date): void {
    const id = JSON.stringify(keys);
    this.failedAt.delete(id);
    this.failedAt.set(id, at.getTime());
    if (this.failedAt.size > MAX_BACKOFF_KEYS) this.failedAt.delete(this.failedAt.keys().next().value!);
  }

  private report(event: TrainingEvent, requests: readonly TrainRequest[]): void {
    const fields = {
      keys: event.keys,
      status: event.status,
      reason: event.reason,
      densityClass: event.densityClass,
      versions: event.versions,
      historyPoints: event.historyPoints,
      requests: requests.length,
      durationMs: event.durationMs,
    };
    if (event.status === 'failed') this.log.error(fields, 'training failed');
    else this.log.info(fields, 'training considered');
  }
}

/** The newest point a model was trained on (older bundles: their training time). */
function dataEnd(manifest: BundleManifest): number {
  const last = Date.parse(String(manifest.training?.['lastPointAt'] ?? ''));
  return Number.isFinite(last) ? last : Date.parse(manifest.trainedAt);
}

function describeModel(s: ModelState): string {
  return s.state === 'missing' ? `${s.name} (none)` : `${s.name} ${s.manifest.version ?? '?'} (trained ${s.manifest.trainedAt})`;
}

/** Names for a message: a request may carry anything, and a reason must stay one readable line. */
function brief(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((n) => (n.length > 64 ? `${n.slice(0, 64)}...(${n.length} chars)` : n));
  return names.length > 8 ? `${shown.join(', ')}, ... (${names.length} names)` : shown.join(', ');
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** Per-feature figures of the raw history, kept in the manifest to compare later data against. */
function featureStats(history: PointHistory, features: readonly string[]): Record<string, { mean: number; std: number; min: number; max: number }> {
  const out: Record<string, { mean: number; std: number; min: number; max: number }> = {};
  const column = new Float64Array(history.v.length);
  features.forEach((name, f) => {
    // A loop into one column buffer, not Float64Array.from with a callback per point and a new array per feature.
    for (let i = 0; i < history.v.length; i++) column[i] = history.v[i]![f]!;
    const m = mean(column);
    let min = Infinity;
    let max = -Infinity;
    for (const x of column) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    out[name] = { mean: m, std: std(column, m), min, max };
  });
  return out;
}

/** A stable seed per model key, so a retrain on the same points gives the same model. */
function seedOf(key: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(key)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/**
 * Training windows from a history, with the configuration's window and fill. With a `blockSize`, each window is
 * reduced to block means as it is cut (trainingWindows' blockSize).
 */
export function configuredTrainingWindows(history: Pick<PointHistory, 't' | 'v'>, config: Pick<Config, 'window'>, maxWindows?: number, blockSize?: number): TrainingWindows {
  return trainingWindows(history, {
    points: config.window.points,
    intervalMs: keyIntervalMs(config.window, history.t),
    fill: config.window.fill.method,
    fillLimit: config.window.fill.limit,
    maxWindows,
    blockSize,
  });
}
