import {
  KeyedStore,
  WindowScorer,
  adjustByStatic,
  aggregateFeatures,
  createMatrix,
  featureScoreRecord,
  normaliseScore,
  type Config,
  type Matrix,
  type OutputDatum,
  type ThresholdPayload,
} from '@numalogic/core';

export const ANOMALY_TAG = 'anomaly';

export type PostprocessOutcome = { ok: true; output: OutputDatum; anomaly: boolean } | { ok: false; reason: string };

/**
 * What a feature list needs, made once per list: its scorer, its static limits' weights in feature order, and
 * two scratch rows that apply fills and reads back before it returns (a typed array costs about 200 bytes).
 */
interface FeatureListScoring {
  scorer: WindowScorer;
  limitWeights: number[];
  hasLimits: boolean;
  ratios: Matrix;
  perFeature: Float64Array;
}

/** A key's alarm suppression: windows left in the span, and the newest window end counted. */
interface KeySuppression {
  left: number;
  lastEnd: number;
}

/**
 * ThresholdPayload -> OutputDatum: the model's per-feature ratios are aggregated over features
 * (config.postprocess.featureAggregation) and normalised to 0..10; the static-limit ratios are scored the same
 * way (weighted by the limits' weights) and may raise the score, never lower it (per feature and overall).
 * `anomaly` when the final score reaches config.postprocess.alertLevel. Then one alarm per event
 * (config.postprocess.suppression): an alarm starts a span of `windows` windows of the key in which scores are
 * held below the alert level, so a lasting event alerts once instead of once per window. Scorers and limit weights are made once
 * per feature list. The suppression state lives in this process per key (bounded LRU map), like inference's
 * online detectors: with several replicas each suppresses the alarms it raised.
 */
export class PostprocessStage {
  private readonly scorings = new Map<string, FeatureListScoring>();
  private lastFeatures: string[] | null = null;
  private lastScoring: FeatureListScoring | null = null;
  private readonly suppression: KeyedStore<KeySuppression>;

  constructor(
    private readonly config: Pick<Config, 'postprocess' | 'limits'> & Partial<Pick<Config, 'maxKeys'>>,
    maxKeys = config.maxKeys ?? 100_000,
  ) {
    this.suppression = new KeyedStore(() => ({ left: 0, lastEnd: -Infinity }), maxKeys);
  }

  apply(input: ThresholdPayload): PostprocessOutcome {
    const count = input.features.length;
    if (input.ratios.length !== count) return { ok: false, reason: `threshold payload: ratios has ${input.ratios.length} values for ${count} features` };
    if (input.staticRatios.length !== count) {
      return { ok: false, reason: `threshold payload: staticRatios has ${input.staticRatios.length} values for ${count} features` };
    }
    const { scorer, limitWeights, hasLimits, ratios, perFeature } = this.scoring(input.features);
    ratios.data.set(input.ratios);
    const model = scorer.score(ratios);
    const normalise = this.config.postprocess.normalise;
    const staticScore = hasLimits ? normaliseScore(aggregateFeatures(input.staticRatios, 'weighted', limitWeights), normalise) : Number.NaN;
    for (let f = 0; f < count; f++) {
      const score = model.featureScores[f]!;
      perFeature[f] = limitWeights[f]! > 0 ? adjustByStatic(score, normaliseScore(input.staticRatios[f]!, normalise)) : score;
    }
    const unsuppressed = adjustByStatic(model.score, staticScore);
    const anomalyScore = this.suppress(input, unsuppressed, model.ratio, scorer);
    const metadata: Record<string, unknown> = { densityClass: input.densityClass, modelScore: model.score };
    if (hasLimits) metadata['staticScore'] = staticScore;
    if (anomalyScore < unsuppressed) {
      metadata['suppressed'] = true;
      metadata['unsuppressedScore'] = unsuppressed;
      for (let f = 0; f < perFeature.length; f++) perFeature[f] = Math.min(perFeature[f]!, anomalyScore);
    }
    const output: OutputDatum = {
      keys: input.keys,
      timestamp: input.end,
      anomalyScore,
      featureScores: featureScoreRecord(input.features, perFeature),
      status: input.status,
      model: input.model,
      metadata,
    };
    return { ok: true, output, anomaly: anomalyScore >= this.config.postprocess.alertLevel };
  }

  /**
   * One alarm per event. Outside a span a score at the alert level starts one. Inside, a score is capped at half
   * the alert level, except (soft) when the ratio scaled by the elapsed fraction of the span still reaches the
   * alert level: that is a new, clearly stronger event, which alerts and restarts the span. A window not newer
   * than the key's last (a replay) neither counts down nor starts a span.
   */
  private suppress(input: ThresholdPayload, score: number, ratio: number, scorer: WindowScorer): number {
    const { alertLevel, suppression } = this.config.postprocess;
    if (suppression.windows === 0) return score;
    const state = this.suppression.get(input.keys);
    const fresh = input.end > state.lastEnd;
    if (fresh) state.lastEnd = input.end;
    if (state.left === 0) {
      if (fresh && score >= alertLevel) state.left = suppression.windows;
      return score;
    }
    if (fresh) state.left--;
    if (suppression.soft && fresh) {
      const elapsed = 1 - state.left / suppression.windows;
      const scaled = scorer.normalise(ratio * elapsed);
      if (scaled >= alertLevel) {
        state.left = suppression.windows;
        return Math.min(score, Math.max(scaled, alertLevel));
      }
    }
    return Math.min(score, alertLevel) * 0.5;
  }

  private scoring(features: string[]): FeatureListScoring {
    // In one process the payloads usually share one feature array (numalogic score): no string built then. (A
    // feature array is never changed once a payload carries it.)
    if (features === this.lastFeatures && this.lastScoring !== null) return this.lastScoring;
    const id = features.join('\u0000');
    let scoring = this.scorings.get(id);
    if (!scoring) {
      // Bounded: feature lists come from the configuration; a flood of odd lists would only cost a rebuild.
      if (this.scorings.size >= 64) this.scorings.clear();
      const limitWeights = features.map((f) => this.config.limits[f]?.weight ?? 0);
      scoring = {
        scorer: new WindowScorer(features, this.config.postprocess),
        limitWeights,
        hasLimits: limitWeights.some((w) => w > 0),
        ratios: createMatrix(1, features.length),
        perFeature: new Float64Array(features.length),
      };
      this.scorings.set(id, scoring);
    }
    this.lastFeatures = features;
    this.lastScoring = scoring;
    return scoring;
  }
}
