import {
  WindowScorer,
  adjustByStatic,
  aggregateFeatures,
  createMatrix,
  featureScoreRecord,
  normaliseScore,
  type Config,
  type OutputDatum,
  type ThresholdPayload,
} from '@numalogic/core';

export const ANOMALY_TAG = 'anomaly';

export type PostprocessOutcome = { ok: true; output: OutputDatum; anomaly: boolean } | { ok: false; reason: string };

/**
 * ThresholdPayload -> OutputDatum: the model's per-feature ratios are aggregated over features
 * (config.postprocess.featureAggregation) and normalised to 0..10; the static-limit ratios are scored the same
 * way (weighted by the limits' weights) and may raise the score, never lower it (per feature and overall).
 * `anomaly` when the final score reaches config.postprocess.alertLevel. Scorers are made once per feature list.
 */
export class PostprocessStage {
  private readonly scorers = new Map<string, WindowScorer>();

  constructor(private readonly config: Pick<Config, 'postprocess' | 'limits'>) {}

  apply(input: ThresholdPayload): PostprocessOutcome {
    const count = input.features.length;
    if (input.ratios.length !== count) return { ok: false, reason: `threshold payload: ratios has ${input.ratios.length} values for ${count} features` };
    if (input.staticRatios.length !== count) {
      return { ok: false, reason: `threshold payload: staticRatios has ${input.staticRatios.length} values for ${count} features` };
    }
    const ratios = createMatrix(1, count);
    ratios.data.set(input.ratios);
    const model = this.scorer(input.features).score(ratios);
    const normalise = this.config.postprocess.normalise;
    const limitWeights = input.features.map((f) => this.config.limits[f]?.weight ?? 0);
    const hasLimits = limitWeights.some((w) => w > 0);
    const staticScore = hasLimits ? normaliseScore(aggregateFeatures(input.staticRatios, 'weighted', limitWeights), normalise) : Number.NaN;
    const perFeature = Float64Array.from(model.featureScores, (score, f) =>
      limitWeights[f]! > 0 ? adjustByStatic(score, normaliseScore(input.staticRatios[f]!, normalise)) : score,
    );
    const anomalyScore = adjustByStatic(model.score, staticScore);
    const metadata: Record<string, unknown> = { densityClass: input.densityClass, modelScore: model.score };
    if (hasLimits) metadata['staticScore'] = staticScore;
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

  private scorer(features: string[]): WindowScorer {
    const id = features.join('\u0000');
    let scorer = this.scorers.get(id);
    if (!scorer) {
      // Bounded: feature lists come from the configuration; a flood of odd lists would only cost a rebuild.
      if (this.scorers.size >= 64) this.scorers.clear();
      scorer = new WindowScorer(features, this.config.postprocess);
      this.scorers.set(id, scorer);
    }
    return scorer;
  }
}
