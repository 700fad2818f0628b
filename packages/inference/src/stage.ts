import { createMatrix, toNumberArray, usesCoarseModels, windowRaw, type Config, type ModelScore, type ModelSpec, type ScoredPayload, type TrainReason, type TrainRequest, type WindowPayload } from '@numalogic/core';
import { isStale, type CachedLoad, type ModelCache } from '@numalogic/registry';
import type { OnnxRunner } from '@numalogic/onnx';
import { ContextTracker } from './context.js';
import { DriftTracker } from './drift.js';
import { OnlineScorer } from './online.js';
import { PreparedBundles, fitsWindow, type PreparedBundle } from './prepared.js';

/** Where each model lookup was served from ('none': no bundle; 'error': the store failed). */
export type ModelSource = 'cache' | 'store' | 'stale-cache' | 'none' | 'error';

export type InferenceResult =
  | { ok: true; scored: ScoredPayload; tag: 'score' | 'static'; train: TrainRequest | null; sources: ModelSource[] }
  | { ok: false; reason: string };

/** What the stage reports on the side (pino's shape, so a Logger fits). */
export interface StageLog {
  warn(details: object, message: string): void;
}

export interface InferenceDeps {
  config: Pick<Config, 'models' | 'online' | 'trainer' | 'postprocess' | 'window'> & Partial<Pick<Config, 'maxKeys'>>;
  /** `peek` answers cached bundles without a promise; `load` is awaited only when the store must be asked. */
  cache: Pick<ModelCache, 'load' | 'peek'>;
  runner: Pick<OnnxRunner, 'score'>;
  log?: StageLog;
  now?: () => number;
}

/** One (window, model spec) pair: the bundle found for it and, after the ONNX run, its errors per feature. */
interface Job {
  window: number;
  spec: ModelSpec;
  prepared: PreparedBundle | null;
  errors: Float32Array | null;
  /** Whether the bundle is stale (config.trainer.retrainAfter), decided once per bundle per batch. */
  stale: boolean;
  /** A coarse bundle whose key has not yet a context's worth of recent points here: not scored, not missing. */
  waiting: boolean;
}

const quiet: StageLog = { warn() {} };

/** A loop, not `every(Number.isFinite)`: the callback boxed each element, about 0.6 KB of garbage per 12 x 3 window. */
function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}

/**
 * Scores windows with each key's model bundles. A batch is loaded through the cache, grouped by bundle and
 * scored with one ONNX run per bundle (the windows transformed by the bundle's own fitted transforms first).
 * Keys without any usable bundle are scored by the online detector (status `static`) and ask for training;
 * stale bundles still score and ask for training; drift and the window's force flag ask for training too.
 */
export class InferenceStage {
  private readonly prepared = new PreparedBundles();
  private readonly drift: DriftTracker;
  private readonly online: OnlineScorer;
  private readonly context: ContextTracker | null;
  private readonly log: StageLog;
  private readonly now: () => number;

  constructor(private readonly deps: InferenceDeps) {
    const maxKeys = deps.config.maxKeys ?? 100_000;
    this.drift = new DriftTracker(deps.config, maxKeys);
    this.online = new OnlineScorer(deps.config.online, maxKeys);
    const { points, coarseBlock } = deps.config.window;
    // Each key's recent rows cost memory and time per window: kept only when a coarse model is configured.
    this.context = coarseBlock > 0 && usesCoarseModels(deps.config) ? new ContextTracker(points * coarseBlock, maxKeys) : null;
    this.log = deps.log ?? quiet;
    this.now = deps.now ?? Date.now;
  }

  async scoreWindows(windows: readonly WindowPayload[]): Promise<InferenceResult[]> {
    const results: (InferenceResult | null)[] = windows.map((w) => this.checkWindow(w));
    const sources: ModelSource[][] = new Array(windows.length);
    const jobsOf: Job[][] = new Array(windows.length);
    const coarse: (Float64Array | null)[] = new Array(windows.length).fill(null);
    const jobs: Job[] = [];
    const loads: Promise<void>[] = [];
    for (let i = 0; i < windows.length; i++) {
      const w = windows[i]!;
      const own: Job[] = (jobsOf[i] = []);
      sources[i] = [];
      if (results[i] !== null) continue;
      coarse[i] = this.coarseRows(w);
      for (const spec of this.deps.config.models[w.densityClass]!) {
        const job: Job = { window: i, spec, prepared: null, errors: null, stale: false, waiting: false };
        own.push(job);
        jobs.push(job);
        // A cached bundle is taken at once; only a lookup that must reach the store is awaited (a promise and
        // a turn of the microtask queue per model per window were a measurable share of a warm server's time).
        const key = w.keys.concat(spec.name); // concat, not a spread: a third of the bytes
        const cached = this.deps.cache.peek(key);
        if (cached !== undefined) this.accept(job, w, sources[i]!, cached);
        else loads.push(this.load(job, w, sources[i]!, key));
      }
    }
    if (loads.length > 0) await Promise.all(loads);
    await this.runModels(jobs, windows, coarse);
    return windows.map((w, i) => results[i] ?? this.finish(w, jobsOf[i]!, sources[i]!));
  }

  /**
   * Adds the window's rows to its key's context and returns the coarse rows (points block means of coarseBlock
   * points, ending at this window) while they are the key's latest: later windows of the batch move the context
   * on. Null when coarse models are off or the key has not enough recent points yet.
   */
  private coarseRows(w: WindowPayload): Float64Array | null {
    if (this.context === null) return null;
    this.context.observe(w);
    return this.context.blockMeans(w.keys, w.points, this.deps.config.window.coarseBlock);
  }

  private checkWindow(w: WindowPayload): InferenceResult | null {
    const specs = this.deps.config.models[w.densityClass];
    if (specs === undefined) return { ok: false, reason: `window payload: no models configured for density class '${w.densityClass}'` };
    return null;
  }

  private async load(job: Job, w: WindowPayload, sources: ModelSource[], key: readonly string[]): Promise<void> {
    let found: CachedLoad;
    try {
      found = await this.deps.cache.load(key);
    } catch (err) {
      sources.push('error');
      this.log.warn({ keys: w.keys, model: job.spec.name, err: (err as Error).message }, 'model store failed; scoring without this model');
      return;
    }
    this.accept(job, w, sources, found);
  }

  /** Takes the bundle the cache answered for a job, when it fits the window. */
  private accept(job: Job, w: WindowPayload, sources: ModelSource[], found: CachedLoad): void {
    sources.push(found.bundle ? found.source : 'none');
    const bundle = found.bundle;
    if (bundle === null) return;
    const misfit = fitsWindow(bundle, w.points, w.features);
    if (misfit !== null) {
      this.log.warn({ keys: w.keys, model: job.spec.name, version: bundle.manifest.version, problem: misfit }, 'bundle does not fit the window; ignored');
      return;
    }
    try {
      job.prepared = this.prepared.get(bundle);
    } catch (err) {
      this.log.warn({ keys: w.keys, model: job.spec.name, err: (err as Error).message }, 'unusable bundle; ignored');
    }
  }

  /** One ONNX run per bundle over every window of the batch that uses it. */
  private async runModels(jobs: Job[], windows: readonly WindowPayload[], coarse: readonly (Float64Array | null)[]): Promise<void> {
    const groups = new Map<PreparedBundle, Job[]>();
    for (const job of jobs) if (job.prepared) (groups.get(job.prepared) ?? groups.set(job.prepared, []).get(job.prepared)!).push(job);
    await Promise.all(
      [...groups].map(async ([prepared, group]) => {
        const { window: points, features } = prepared.bundle.manifest;
        const size = points * features.length;
        const input = new Float32Array(group.length * size);
        const matrix = createMatrix(points, features.length);
        const usable: Job[] = [];
        const blockSize = prepared.bundle.manifest['blockSize'];
        const isCoarse = typeof blockSize === 'number' && blockSize > 1;
        if (isCoarse && blockSize !== this.deps.config.window.coarseBlock) {
          const m = prepared.bundle.manifest;
          this.log.warn({ key: m.key, version: m.version, blockSize, coarseBlock: this.deps.config.window.coarseBlock }, 'coarse bundle trained for another window.coarseBlock; scoring without this model');
          return;
        }
        for (const job of group) {
          const source = isCoarse ? coarse[job.window] : windows[job.window]!.values;
          if (source === null || source === undefined) {
            job.waiting = true;
            continue;
          }
          matrix.data.set(source);
          prepared.transforms.transform(matrix);
          if (!allFinite(matrix.data)) {
            this.log.warn({ keys: windows[job.window]!.keys, model: job.spec.name }, 'transformed window is not finite; scoring without this model');
            continue;
          }
          input.set(matrix.data, usable.length * size);
          usable.push(job);
        }
        if (usable.length === 0) return;
        const stale = isStale(prepared.bundle.manifest, this.deps.config.trainer.retrainAfter, this.now());
        for (const job of usable) job.stale = stale;
        try {
          const { errors, features: f } = await this.deps.runner.score(prepared.bundle, input.subarray(0, usable.length * size));
          usable.forEach((job, k) => (job.errors = errors.subarray(k * f, (k + 1) * f)));
        } catch (err) {
          const m = prepared.bundle.manifest;
          this.log.warn({ key: m.key, version: m.version, windows: usable.length, err: (err as Error).message }, 'model run failed; scoring without this model');
        }
      }),
    );
  }

  private finish(w: WindowPayload, jobs: Job[], sources: ModelSource[]): InferenceResult {
    const features = w.features.length;
    const last = w.values.slice((w.points - 1) * features, w.points * features);
    const scored: Job[] = [];
    let stale: Job | undefined;
    for (const job of jobs) {
      if (job.errors === null) continue;
      scored.push(job);
      if (job.stale && stale === undefined) stale = job;
    }
    if (scored.length === 0) {
      const payload: ScoredPayload = { keys: w.keys, features: w.features, end: w.end, densityClass: w.densityClass, status: 'static', scores: [this.online.score(w)], last };
      // A class configured with no models is scored online on purpose: nothing to train.
      const train = jobs.length > 0 ? this.trainRequest(w, 'missing') : null;
      return { ok: true, scored: payload, tag: 'static', train, sources };
    }
    const scores: ModelScore[] = new Array(scored.length);
    let versions = '';
    for (let k = 0; k < scored.length; k++) {
      const job = scored[k]!;
      const version = job.prepared!.bundle.manifest.version ?? 'unversioned';
      scores[k] = { model: { name: job.spec.name, version }, source: 'model', weight: job.spec.weight, errors: toNumberArray(job.errors!) };
      versions = k === 0 ? version : `${versions},${version}`;
    }
    const drifted = this.deps.config.trainer.drift.enabled && this.drift.record(w.keys, versions, this.windowRatio(scored));
    let reason: TrainReason | null = null;
    let version: string | undefined;
    const waiting = jobs.reduce((n, job) => n + (job.waiting ? 1 : 0), 0);
    if (scored.length + waiting < jobs.length) reason = 'missing';
    else if (stale) [reason, version] = ['stale', stale.prepared!.bundle.manifest.version];
    else if (w.force) reason = 'force';
    else if (drifted) [reason, version] = ['drift', scores[0]!.model.version];
    const payload: ScoredPayload = { keys: w.keys, features: w.features, end: w.end, densityClass: w.densityClass, status: stale ? 'stale' : 'scored', scores, last };
    return { ok: true, scored: payload, tag: 'score', train: reason ? this.trainRequest(w, reason, version) : null, sources };
  }

  /** Ensemble-weighted max over features of error / threshold: how far the window lies outside training. */
  private windowRatio(jobs: Job[]): number {
    let sum = 0;
    let weights = 0;
    for (const job of jobs) {
      let ratio = -Infinity;
      try {
        const ratios = job.prepared!.threshold.score({ data: job.errors!, rows: 1, cols: job.errors!.length }).data;
        for (let f = 0; f < ratios.length; f++) ratio = Math.max(ratio, ratios[f]!);
      } catch {
        continue; // a threshold that does not fit the errors: the threshold vertex reports it
      }
      sum += job.spec.weight * ratio;
      weights += job.spec.weight;
    }
    return weights > 0 ? sum / weights : Number.NaN;
  }

  private trainRequest(w: WindowPayload, reason: TrainReason, version?: string): TrainRequest {
    const request: TrainRequest = { keys: w.keys, features: w.features, intervalMs: w.intervalMs, densityClass: w.densityClass, reason, raw: windowRaw(w) };
    if (version !== undefined) request.version = version;
    return request;
  }
}
