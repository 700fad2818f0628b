import {
  AnomalyLikelihood,
  KeyedStore,
  createMatrix,
  toNumberArray,
  limitsInFeatureOrder,
  staticRatios,
  thresholdFromJSON,
  type Config,
  type ModelScore,
  type ScoredPayload,
  type ThresholdPayload,
  type Threshold,
  type Matrix,
  type LikelihoodSeed,
} from '@numalogic/core';
import type { Bundle, CachedLoad, ModelCache } from '@numalogic/registry';
import { OnlineSurprise } from './online-surprise.js';

/**
 * Divisor of online detector scores. core's online detectors already return ratios (1 = at the detector's own
 * threshold, which its `k` option sets, e.g. ewma-zscore's k = 3 standard deviations), so the divisor is 1:
 * dividing by 3 again would count the same k twice.
 */
export const ONLINE_RATIO_DIVISOR = 1;

export type ThresholdOutcome = { ok: true; payload: ThresholdPayload; sources: string[] } | { ok: false; reason: string };

/** The online detector's k (its ratio is z / k); every core detector defaults to 3. */
function onlineK(online: Config['online']): number {
  const k = online.options['k'];
  return typeof k === 'number' && k > 0 ? k : 3;
}

/** A bundle's threshold as restored, and whether it fits errors of `features` features (null: it does). */
interface RestoredThreshold {
  threshold: Threshold | null;
  features: number;
  problem: string | null;
}

/** One key's calibration for one model, and the bundle version that last seeded it. */
interface KeyCalibration {
  likelihood: AnomalyLikelihood | null;
  seededBy: string;
}

/**
 * ScoredPayload -> ThresholdPayload. With config.calibration.method 'likelihood' (the default), each model
 * score's raw errors are judged against the key's own recent scores of the same model (core's
 * AnomalyLikelihood), an online score by the Gaussian tail of its z, and the ratio is surprise / alarmSurprise; with several features the surprise is lowered by log10(features)
 * (Bonferroni: the largest of F tail probabilities is F times likelier to be small by chance). Until a key's
 * calibration is ready, and with method 'none', the ratio is each model score over the threshold fitted with
 * that same bundle version (loaded through the cache by version, so a model never meets another version's
 * threshold), or an online score over ONLINE_RATIO_DIVISOR. Then the ensemble per feature (config.ensemble: the
 * largest ratio, or the weighted mean), and
 * static-limit ratios of `last`.
 *
 * Calibration state lives in this process, per key and model name, in a bounded LRU map: with several
 * replicas of the vertex each calibrates on the windows it sees. A bundle that carries a seed (the trainer's
 * calibration of the key's history) replaces the state when its version first arrives, so a new model or a
 * restarted replica is calibrated from its first window.
 */
export class ThresholdStage {
  /** Restored thresholds per bundle object (the cache hands out the same object while it holds it). */
  private readonly thresholds = new WeakMap<Bundle, RestoredThreshold>();
  /** One score's ratios per feature, reused: apply adds them into its sums before the next score is judged. */
  private ratioRow = new Float64Array(1);
  private sums = new Float64Array(1);
  private last: Matrix = createMatrix(1, 1);
  private readonly calibrations: KeyedStore<KeyCalibration>;
  private surprise = new Float64Array(1);
  private readonly online: OnlineSurprise;
  /** The online detector's k, read once: an online ratio times k is its z. */
  private readonly onlineK: number;

  constructor(
    private readonly config: Pick<Config, 'limits' | 'calibration' | 'online' | 'ensemble'> & Partial<Pick<Config, 'maxKeys'>>,
    private readonly cache: Pick<ModelCache, 'load' | 'peek'>,
    maxKeys = config.maxKeys ?? 100_000,
  ) {
    this.calibrations = new KeyedStore(() => ({ likelihood: null, seededBy: '' }), maxKeys);
    this.online = new OnlineSurprise(config.calibration.short, maxKeys);
    this.onlineK = onlineK(config.online);
  }

  /**
   * Judges one scored payload. Its bundles are looked up first, from memory where the cache holds them, and
   * only a lookup that must reach the store is awaited; the judging itself is synchronous. (With the await
   * inside the judging loop, every local of the loop lived on the heap across it: about 2 KB a payload, the
   * largest allocation of `numalogic score`.)
   */
  apply(scored: ScoredPayload): Promise<ThresholdOutcome> {
    const features = scored.features.length;
    if (scored.last.length !== features) return Promise.resolve({ ok: false, reason: `scored payload: last has ${scored.last.length} values for ${features} features` });
    const scores = scored.scores;
    // The model's key in the store and in this stage's per-key state: the window's keys, then the model name.
    const modelKeys = new Array<string[]>(scores.length);
    const loads = new Array<CachedLoad | undefined>(scores.length);
    let missing = false;
    for (let i = 0; i < scores.length; i++) {
      const score = scores[i]!;
      if (score.errors.length !== features) {
        return Promise.resolve({ ok: false, reason: `scored payload: ${score.model.name} has ${score.errors.length} errors for ${features} features` });
      }
      modelKeys[i] = scored.keys.concat(score.model.name); // concat, not a spread: a third of the bytes
      if (score.source === 'online') continue; // no bundle
      loads[i] = this.cache.peek(modelKeys[i]!, score.model.version);
      missing ||= loads[i] === undefined;
    }
    return missing ? this.loadThenJudge(scored, modelKeys, loads) : Promise.resolve(this.judge(scored, modelKeys, loads));
  }

  private async loadThenJudge(scored: ScoredPayload, modelKeys: string[][], loads: (CachedLoad | undefined)[]): Promise<ThresholdOutcome> {
    for (let i = 0; i < scored.scores.length; i++) {
      const score = scored.scores[i]!;
      if (score.source === 'online' || loads[i] !== undefined) continue;
      try {
        loads[i] = await this.cache.load(modelKeys[i]!, score.model.version);
      } catch (err) {
        return { ok: false, reason: `model ${score.model.name} ${score.model.version}: cannot load (${(err as Error).message})` };
      }
    }
    return this.judge(scored, modelKeys, loads);
  }

  /** The ratios of a payload whose bundles are all at hand (loads: undefined for online scores). */
  private judge(scored: ScoredPayload, modelKeys: readonly string[][], loads: readonly (CachedLoad | undefined)[]): ThresholdOutcome {
    const features = scored.features.length;
    const sum = this.sumRow(features);
    let weights = 0;
    const sources: string[] = [];
    for (let i = 0; i < scored.scores.length; i++) {
      const score = scored.scores[i]!;
      const modelKey = modelKeys[i]!;
      let ratios: ArrayLike<number> | null;
      const loaded = loads[i];
      if (score.source === 'online' || loaded === undefined) {
        // No bundle, and the uncalibrated ratio is only made when the calibration is off.
        ratios = this.calibrate(modelKey, score, null) ?? this.scaled(score.errors, 1 / ONLINE_RATIO_DIVISOR);
      } else {
        sources.push(loaded.source);
        const threshold = this.thresholdOf(score, loaded.bundle, features);
        if (typeof threshold === 'string') return { ok: false, reason: threshold };
        // The bundle's own threshold is only needed while the key's calibration is not ready (or is off).
        ratios = this.calibrate(modelKey, score, loaded.bundle) ?? this.uncalibrated(score, threshold);
      }
      if (this.config.ensemble === 'max') {
        for (let f = 0; f < features; f++) sum[f] = weights === 0 ? ratios[f]! : Math.max(sum[f]!, ratios[f]!);
        weights = 1;
        continue;
      }
      for (let f = 0; f < features; f++) sum[f]! += score.weight * ratios[f]!;
      weights += score.weight;
    }
    const ratios = new Array<number>(features);
    for (let f = 0; f < features; f++) ratios[f] = sum[f]! / weights;
    const last = this.lastRow(features);
    last.data.set(scored.last);
    const statics = staticRatios(last, limitsInFeatureOrder(scored.features, this.config.limits), last);
    const first = scored.scores[0]!;
    const payload: ThresholdPayload = {
      keys: scored.keys,
      features: scored.features,
      end: scored.end,
      densityClass: scored.densityClass,
      status: scored.status,
      model: first.model,
      ratios,
      staticRatios: toNumberArray(statics.data),
    };
    return { ok: true, payload, sources };
  }

  /**
   * Feeds one score's raw errors to the key's calibration for that model and returns the calibrated ratios, or
   * null while the calibration is not ready (or is off).
   */
  private calibrate(modelKey: readonly string[], score: ModelScore, bundle: Bundle | null): Float64Array | null {
    const options = this.config.calibration;
    if (options.method === 'none') return null;
    if (score.source === 'online') {
      // An online score is already in the key's own terms: core's detectors report z / k (1 = k standard
      // deviations), so its surprise follows from z itself, as the cold-start detector's own statistics see it
      // (OnlineSurprise). A second calibration on top would need hundreds of windows the cold start lacks.
      const k = this.onlineK;
      const surprise = this.online.update(modelKey, score.errors.map((e) => e * k));
      return this.overAlarm(surprise, surprise.length);
    }
    const features = score.errors.length;
    const state = this.calibrations.get(modelKey);
    if (state.likelihood === null || state.likelihood.features !== features) {
      state.likelihood = new AnomalyLikelihood(features, options);
      state.seededBy = '';
    }
    const seed = bundle?.manifest['calibration'] as LikelihoodSeed | undefined;
    if (seed !== undefined && state.seededBy !== score.model.version) {
      state.seededBy = score.model.version;
      try {
        state.likelihood.seed(seed);
      } catch {
        // A seed that does not fit (other features, hand-edited bundle) is ignored: the key calibrates live.
      }
    }
    if (this.surprise.length < features) this.surprise = new Float64Array(features);
    const surprise = this.surprise;
    if (!state.likelihood.update(score.errors, surprise)) return null;
    return this.overAlarm(surprise, features);
  }

  /**
   * Surprises per feature -> ratios: Bonferroni-corrected for the number of features, over alarmSurprise. Written
   * into the stage's scratch row, which apply reads before the next score is judged.
   */
  private overAlarm(surprise: ArrayLike<number>, features: number): Float64Array {
    const correction = features > 1 ? Math.log10(features) : 0;
    const alarm = this.config.calibration.alarmSurprise;
    const out = this.scratch(features);
    for (let f = 0; f < features; f++) out[f] = Math.max(0, surprise[f]! - correction) / alarm;
    return out;
  }

  /** values x factor, in the scratch row. */
  private scaled(values: ArrayLike<number>, factor: number): Float64Array {
    const out = this.scratch(values.length);
    for (let f = 0; f < values.length; f++) out[f] = values[f]! * factor;
    return out;
  }

  private scratch(features: number): Float64Array {
    if (this.ratioRow.length !== features) this.ratioRow = new Float64Array(features);
    return this.ratioRow;
  }

  /** The ensemble's sums per feature, zeroed: a typed array costs about 200 bytes, one per payload was most of judge's. */
  private sumRow(features: number): Float64Array {
    if (this.sums.length !== features) this.sums = new Float64Array(features);
    return this.sums.fill(0);
  }

  /** The payload's last row as a 1 x features matrix, for the static limits (read back into the payload at once). */
  private lastRow(features: number): Matrix {
    if (this.last.cols !== features) this.last = createMatrix(1, features);
    return this.last;
  }

  /**
   * The bundle's fitted threshold, restored once per bundle object and checked once against the payload's
   * feature count (so a threshold that does not fit is reported whether or not the calibration is ready), or why
   * it cannot be used.
   */
  private thresholdOf(score: ModelScore, bundle: Bundle | null, features: number): Threshold | string {
    const what = `model ${score.model.name} ${score.model.version}`;
    if (bundle === null) return `${what}: version not in the store`;
    let restored = this.thresholds.get(bundle);
    if (restored === undefined || restored.features !== features) {
      restored = { threshold: null, features, problem: null };
      try {
        restored.threshold = thresholdFromJSON(bundle.manifest.threshold);
        restored.threshold.score(createMatrix(1, features));
      } catch (err) {
        restored.problem = restored.threshold === null ? `unusable threshold (${(err as Error).message})` : `threshold does not fit the errors (${(err as Error).message})`;
      }
      this.thresholds.set(bundle, restored);
    }
    return restored.problem === null ? restored.threshold! : `${what}: ${restored.problem}`;
  }

  /** A model score's ratios against its bundle's own threshold, in the scratch row. */
  private uncalibrated(score: ModelScore, threshold: Threshold): Float64Array {
    const features = score.errors.length;
    const errors = createMatrix(1, features);
    errors.data.set(score.errors);
    const out = threshold.score(errors);
    // A whole-row threshold (Mahalanobis) gives one ratio: it applies to every feature.
    const ratios = this.scratch(features);
    if (out.cols === features) ratios.set(out.data);
    else ratios.fill(out.data[0]!);
    return ratios;
  }
}
