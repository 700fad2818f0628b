import { z } from 'zod';
import { DEFAULT_LIKELIHOOD } from '../calibration/likelihood.js';
import { parseDuration } from './duration.js';

const name = z.string().min(1, 'must be a non-empty name');
const options = z.record(z.string(), z.unknown()).default({});

/** Milliseconds as a number, or a duration string such as '24h' or '1h30m'. */
const durationMs = z.union([
  z.number().nonnegative(),
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `expected a duration like '30s', '15m', '24h' or '1h30m', got '${text}'` });
      return z.NEVER;
    }
    return ms;
  }),
]);

const namedSpec = z.strictObject({ name, options });

export const modelSpecSchema = z.strictObject({
  /** Model package by name (e.g. 'dense-autoencoder', 'conv-autoencoder', 'robust-baseline'). */
  name,
  /** Weight of this model's score in the class's ensemble (weighted mean). */
  weight: z.number().positive().default(1),
  options,
});

export const windowSchema = z.strictObject({
  points: z.number().int().min(1).max(10_000).default(12),
  /**
   * The data's interval: the grid windows are cut on. 'auto' infers it per key from the key's own timestamps
   * (the median gap), so one configuration fits minute and hourly data alike; a number or duration fixes it.
   */
  intervalMs: z.union([z.literal('auto'), durationMs.refine((v) => v > 0, 'must be > 0')]).default('auto'),
  fill: z
    .strictObject({
      method: z.enum(['hold', 'linear']).default('hold'),
      /** Longest run of missing points filled; a longer gap makes the window incomplete. */
      limit: z.number().int().nonnegative().default(3),
    })
    .prefault({}),
  /**
   * Points averaged into each row of a coarse model's window (knn-coarse): it sees `points` block means covering
   * points x coarseBlock points (288 by default: a day of 5-minute data). Inference keeps that many recent points
   * per key for it; 0 turns coarse models off.
   */
  coarseBlock: z.number().int().min(0).max(1000).default(24),
});

/**
 * Models whose window is block means of window.coarseBlock points (their bundles record the block size): the
 * trainer cuts such windows for them, and inference keeps each key's recent points only when one is configured.
 */
export const COARSE_MODELS: ReadonlySet<string> = new Set(['knn-coarse']);

/** Whether a configuration names a coarse model in any density class. */
export function usesCoarseModels(config: Pick<Config, 'models'>): boolean {
  return Object.values(config.models).some((specs) => specs.some((spec) => COARSE_MODELS.has(spec.name)));
}

export const densityClassSchema = z.strictObject({ name, minDensity: z.number().min(0).max(1) });

const trainingHours = z.strictObject({
  /** UTC hour the allowed span starts (inclusive) and ends (exclusive); from > to wraps midnight. */
  from: z.number().int().min(0).max(23),
  to: z.number().int().min(0).max(24),
});

export const trainerSchema = z.strictObject({
  minPoints: z.number().int().min(1).default(500),
  /**
   * The history must also span this much data time before a key's first model (and every retraining), unless
   * it already holds maxHistory points: a model that has not seen one whole daily cycle calls every unseen hour
   * of the day new.
   */
  minSpan: durationMs.default(86_400_000),
  maxHistory: z.number().int().min(1).default(10_080),
  retrainAfter: durationMs.default(86_400_000),
  /** Seconds-scale back-off between attempts for one key (another replica may be training it). */
  retryAfter: durationMs.default(600_000),
  drift: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Number of recent scored windows looked at. */
      windows: z.number().int().min(1).default(60),
      /** Score (0..10) a window must reach to count as high. */
      scoreAbove: z.number().min(0).max(10).default(5),
      /** Retrain when at least this fraction of the recent windows scored high. */
      fraction: z.number().gt(0).max(1).default(0.5),
    })
    .prefault({}),
  /** Empty = any hour. */
  allowedHours: z.array(trainingHours).default([]),
  transforms: z.array(namedSpec).default([{ name: 'standard', options: {} }]),
  threshold: namedSpec.default({ name: 'std-dev', options: {} }),
});

export const staticLimitSchema = z
  .strictObject({
    upper: z.number().optional(),
    lower: z.number().optional(),
    weight: z.number().positive().default(1),
  })
  .refine((l) => l.upper !== undefined || l.lower !== undefined, 'give upper, lower or both')
  .refine((l) => l.upper === undefined || l.lower === undefined || l.lower < l.upper, 'lower must be below upper');

export const calibrationSchema = z
  .strictObject({
    /** 'likelihood': judge each raw score against the key's own recent scores (docs/quality.md); 'none': error / threshold. */
    method: z.enum(['likelihood', 'none']).default('likelihood'),
    /** Windows in the short mean of log raw scores. */
    short: z.number().int().min(1).default(DEFAULT_LIKELIHOOD.short),
    /** Short means in the key's reference distribution. */
    long: z.number().int().min(2).default(DEFAULT_LIKELIHOOD.long),
    /** Short means needed before the calibration is used (until then the uncalibrated ratio is). */
    minLong: z.number().int().min(2).default(DEFAULT_LIKELIHOOD.minLong),
    /** Floor of the reference distribution's standard deviation, in log units (0.2: a 20% change alone never alarms). */
    sigmaFloor: z.number().positive().default(DEFAULT_LIKELIHOOD.sigmaFloor),
    /** Added to raw scores before the log, in the raw score's units (standard deviations for the models). */
    eps: z.number().positive().default(DEFAULT_LIKELIHOOD.eps),
    /** Surprise (-log10 of the tail probability) that makes ratio 1, the alert level: 5 = a 1-in-100,000 window. */
    alarmSurprise: z.number().positive().default(5),
  })
  .refine((c) => c.minLong <= c.long, { message: 'minLong must not exceed long', path: ['minLong'] });

export const postprocessSchema = z.strictObject({
  windowAggregation: z
    .strictObject({ method: z.enum(['mean', 'max', 'ema']).default('mean'), alpha: z.number().gt(0).lte(1).default(0.5) })
    .prefault({}),
  featureAggregation: z
    .strictObject({
      method: z.enum(['max', 'mean', 'weighted']).default('max'),
      /** Weight per feature name, for 'weighted'; missing features weigh 1. */
      weights: z.record(z.string(), z.number().nonnegative()).default({}),
    })
    .prefault({}),
  normalise: z
    .strictObject({
      method: z.enum(['rational', 'tanh', 'sigmoid']).default('rational'),
      scale: z.number().positive().default(10),
      smooth: z.number().positive().default(2),
      slope: z.number().positive().default(3),
      center: z.number().default(1),
    })
    .prefault({}),
  /** Scores at or above this level are tagged `anomaly`. */
  alertLevel: z.number().min(0).max(10).default(5),
  /**
   * One alarm per event: after a key's alarm, its next `windows` windows score below the alert level (at most
   * half of it), unless `soft` and the ratio scaled by the elapsed fraction of the span still reaches it (a
   * clearly stronger event is not swallowed). 0 turns suppression off.
   */
  suppression: z
    .strictObject({ windows: z.number().int().min(0).default(576), soft: z.boolean().default(true) })
    .prefault({}),
});

/** A field that must never be used: credentials are named by environment variable, never written in the file. */
const noSecret = (instead: string) =>
  z.never({ error: `credentials never go in the configuration file; put the name of an environment variable in ${instead}` });

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name, not a value');

export const storeSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('fs'),
      folder: z.string().min(1).default('./models'),
      keepVersions: z.number().int().min(1).default(5),
      cacheTtl: durationMs.default(300_000),
    }),
    z.strictObject({
      kind: z.literal('s3'),
      endpoint: z.string().min(1),
      bucket: z.string().min(1),
      region: z.string().default('us-east-1'),
      prefix: z.string().default('numalogic'),
      useSSL: z.boolean().default(true),
      accessKeyEnv: envName.default('NUMALOGIC_S3_ACCESS_KEY'),
      secretKeyEnv: envName.default('NUMALOGIC_S3_SECRET_KEY'),
      accessKey: noSecret('accessKeyEnv').optional(),
      secretKey: noSecret('secretKeyEnv').optional(),
      keepVersions: z.number().int().min(1).default(5),
      cacheTtl: durationMs.default(300_000),
    }),
  ])
  .default({ kind: 'fs', folder: './models', keepVersions: 5, cacheTtl: 300_000 });

export const inputSchema = z.strictObject({
  /** Larger payloads are rejected as invalid before JSON.parse. */
  maxBytes: z.number().int().min(16).default(65_536),
  /** Accept "12.5" for a feature; off by default so a producer's type bug is seen, not hidden. */
  numericStrings: z.boolean().default(false),
  /** 'auto' = seconds below 1e11, milliseconds above (see README). */
  timestampUnit: z.enum(['auto', 'ms', 's']).default('auto'),
});

/** The default ensemble of every density class (a fresh copy each time, so one class's list is never another's). */
const defaultModels = () => ['knn-window', 'knn-coarse', 'ar-window'].map((model) => ({ name: model, weight: 1, options: {} }));

export const configSchema = z.strictObject({
  keys: z.array(name).min(1).default(['key']),
  features: z.array(name).min(1).default(['value']),
  timestampField: name.default('timestamp'),
  input: inputSchema.prefault({}),
  window: windowSchema.prefault({}),
  /** Ordered from densest; a window takes the first class whose minDensity it reaches. */
  densityClasses: z.array(densityClassSchema).min(1).default([
    { name: 'dense', minDensity: 0.8 },
    { name: 'sparse', minDensity: 0 },
  ]),
  // Window novelty at two time scales and a linear predictor for both classes: with the calibration it is what
  // scores best on real labelled data (docs/quality.md).
  models: z.record(z.string(), z.array(modelSpecSchema)).default(() => ({ dense: defaultModels(), sparse: defaultModels() })),
  /**
   * How the models of a class combine, per feature: 'max' (the most surprised model: each model watches for its
   * own kind of change, so one that fires is not averaged away; weights are ignored) or 'mean' (weighted mean).
   */
  ensemble: z.enum(['max', 'mean']).default('max'),
  /**
   * Keys whose state each vertex process keeps (online detectors, drift rings, coarse context, calibration,
   * suppression), least recently used forgotten first: the bound on a vertex's memory (README, "Per-key state").
   */
  maxKeys: z.number().int().min(1).default(100_000),
  online: namedSpec.default({ name: 'ewma-zscore', options: {} }),
  trainer: trainerSchema.prefault({}),
  calibration: calibrationSchema.prefault({}),
  limits: z.record(z.string(), staticLimitSchema).default({}),
  postprocess: postprocessSchema.prefault({}),
  store: storeSchema,
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type ModelSpec = z.output<typeof modelSpecSchema>;
export type WindowConfig = Config['window'];
export type TrainerConfig = Config['trainer'];
export type PostprocessConfig = Config['postprocess'];
export type CalibrationConfig = Config['calibration'];
export type StoreConfig = Config['store'];
export type StaticLimit = z.output<typeof staticLimitSchema>;
export type InputConfig = Config['input'];
