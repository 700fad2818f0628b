import {
  createMatrix,
  limitsInFeatureOrder,
  staticRatios,
  thresholdFromJSON,
  type Config,
  type ModelScore,
  type ScoredPayload,
  type ThresholdPayload,
  type Threshold,
} from '@numalogic/core';
import type { Bundle, ModelCache } from '@numalogic/registry';

/**
 * Divisor of online detector scores. core's online detectors already return ratios (1 = at the detector's own
 * threshold, which its `k` option sets, e.g. ewma-zscore's k = 3 standard deviations), so the divisor is 1:
 * dividing by 3 again would count the same k twice.
 */
export const ONLINE_RATIO_DIVISOR = 1;

export type ThresholdOutcome = { ok: true; payload: ThresholdPayload; sources: string[] } | { ok: false; reason: string };

/**
 * ScoredPayload -> ThresholdPayload: each model score over the threshold fitted with that same bundle version
 * (loaded through the cache by version, so a model never meets another version's threshold), online scores
 * over ONLINE_RATIO_DIVISOR, the ensemble's weighted mean per feature, and static-limit ratios of `last`.
 */
export class ThresholdStage {
  /** Restored thresholds per bundle object (the cache hands out the same object while it holds it). */
  private readonly thresholds = new WeakMap<Bundle, Threshold>();

  constructor(
    private readonly config: Pick<Config, 'limits'>,
    private readonly cache: Pick<ModelCache, 'load'>,
  ) {}

  async apply(scored: ScoredPayload): Promise<ThresholdOutcome> {
    const features = scored.features.length;
    if (scored.last.length !== features) return { ok: false, reason: `scored payload: last has ${scored.last.length} values for ${features} features` };
    const sum = new Float64Array(features);
    let weights = 0;
    const sources: string[] = [];
    for (const score of scored.scores) {
      if (score.errors.length !== features) {
        return { ok: false, reason: `scored payload: ${score.model.name} has ${score.errors.length} errors for ${features} features` };
      }
      const ratios = await this.ratios(scored, score, sources);
      if (typeof ratios === 'string') return { ok: false, reason: ratios };
      for (let f = 0; f < features; f++) sum[f]! += score.weight * ratios[f]!;
      weights += score.weight;
    }
    const ratios = Array.from(sum, (v) => v / weights);
    const last = createMatrix(1, features);
    last.data.set(scored.last);
    const statics = staticRatios(last, limitsInFeatureOrder(scored.features, this.config.limits), createMatrix(1, features));
    const first = scored.scores[0]!;
    const payload: ThresholdPayload = {
      keys: scored.keys,
      features: scored.features,
      end: scored.end,
      densityClass: scored.densityClass,
      status: scored.status,
      model: { ...first.model },
      ratios,
      staticRatios: Array.from(statics.data),
    };
    return { ok: true, payload, sources };
  }

  /** One model's ratios per feature, or why they cannot be had. */
  private async ratios(scored: ScoredPayload, score: ModelScore, sources: string[]): Promise<Float64Array | string> {
    if (score.source === 'online') return Float64Array.from(score.errors, (e) => e / ONLINE_RATIO_DIVISOR);
    let bundle: Bundle | null;
    try {
      const found = await this.cache.load([...scored.keys, score.model.name], score.model.version);
      sources.push(found.source);
      bundle = found.bundle;
    } catch (err) {
      return `model ${score.model.name} ${score.model.version}: cannot load (${(err as Error).message})`;
    }
    if (bundle === null) return `model ${score.model.name} ${score.model.version}: version not in the store`;
    let threshold = this.thresholds.get(bundle);
    if (!threshold) {
      try {
        threshold = thresholdFromJSON(bundle.manifest.threshold);
      } catch (err) {
        return `model ${score.model.name} ${score.model.version}: unusable threshold (${(err as Error).message})`;
      }
      this.thresholds.set(bundle, threshold);
    }
    const errors = createMatrix(1, score.errors.length);
    errors.data.set(score.errors);
    let out;
    try {
      out = threshold.score(errors);
    } catch (err) {
      return `model ${score.model.name} ${score.model.version}: threshold does not fit the errors (${(err as Error).message})`;
    }
    // A whole-row threshold (Mahalanobis) gives one ratio: it applies to every feature.
    return out.cols === errors.cols ? Float64Array.from(out.data) : new Float64Array(errors.cols).fill(out.data[0]!);
  }
}
