import { z } from 'zod';
import { formatZodIssues } from '../config/errors.js';
import { MahalanobisThreshold } from './mahalanobis.js';
import { MaxPercentileThreshold } from './max-percentile.js';
import type { PerFeatureThreshold } from './per-feature.js';
import { RobustMadThreshold } from './robust-mad.js';
import { SigmoidThreshold } from './sigmoid.js';
import { StaticThreshold } from './static.js';
import { StdDevThreshold } from './std-dev.js';
import type { Threshold } from './threshold.js';

interface ThresholdFactory {
  create(options: Record<string, unknown>): Threshold;
  restore(params: Record<string, unknown>): Threshold;
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what}:\n${formatZodIssues(result.error.issues)}`);
  return result.data;
}

const minThreshold = z.number().nonnegative().optional();
const limits = z.union([z.number(), z.array(z.number()).min(1)]);
const fitted = z.object({ thresholds: z.array(z.number()) });

function perFeature<O>(name: string, options: z.ZodType<O>, make: (o: O) => PerFeatureThreshold): ThresholdFactory {
  return {
    create: (o) => make(parseOrThrow(options, o, `threshold '${name}' options`)),
    restore: (params) => {
      const t = make(parseOrThrow(options, stripFitted(params), `threshold '${name}' params`));
      t.thresholds = Float64Array.from(parseOrThrow(fitted, params, `threshold '${name}' params`).thresholds);
      return t;
    },
  };
}

function stripFitted(params: Record<string, unknown>): Record<string, unknown> {
  const { thresholds: _t, ...rest } = params;
  return rest;
}

const sigmoidOptions = z.strictObject({ limits, slope: z.number().positive().optional(), maxRatio: z.number().gt(1).optional() });
const mahalanobisOptions = z.strictObject({ maxOutlierProb: z.number().gt(0).lte(1).optional(), minThreshold });

const factories = new Map<string, ThresholdFactory>([
  ['std-dev', perFeature('std-dev', z.strictObject({ k: z.number().nonnegative().optional(), minThreshold }), (o) => new StdDevThreshold(o))],
  [
    'max-percentile',
    perFeature('max-percentile', z.strictObject({ percentile: z.number().min(0).max(100).optional(), minThreshold }), (o) => new MaxPercentileThreshold(o)),
  ],
  ['robust-mad', perFeature('robust-mad', z.strictObject({ k: z.number().nonnegative().optional(), minThreshold }), (o) => new RobustMadThreshold(o))],
  [
    'static',
    perFeature('static', z.strictObject({ limits: z.union([z.number().positive(), z.array(z.number().positive()).min(1)]), minThreshold }), (o) => new StaticThreshold(o)),
  ],
  [
    'sigmoid',
    {
      create: (o) => new SigmoidThreshold(parseOrThrow(sigmoidOptions, o, "threshold 'sigmoid' options")),
      restore: (p) => new SigmoidThreshold(parseOrThrow(sigmoidOptions, p, "threshold 'sigmoid' params")),
    },
  ],
  [
    'mahalanobis',
    {
      create: (o) => new MahalanobisThreshold(parseOrThrow(mahalanobisOptions, o, "threshold 'mahalanobis' options")),
      restore: (p) =>
        MahalanobisThreshold.restore(
          parseOrThrow(
            z.object({
              maxOutlierProb: z.number().gt(0).lte(1),
              minThreshold: z.number().nonnegative(),
              center: z.array(z.number()),
              precision: z.array(z.number()),
              threshold: z.number().positive(),
            }),
            p,
            "threshold 'mahalanobis' params",
          ),
        ),
    },
  ],
]);

export function registerThreshold(name: string, factory: ThresholdFactory): void {
  factories.set(name, factory);
}

export function thresholdNames(): string[] {
  return [...factories.keys()];
}

export function hasThreshold(name: string): boolean {
  return factories.has(name);
}

function factoryFor(name: string): ThresholdFactory {
  const f = factories.get(name);
  if (!f) throw new Error(`unknown threshold '${name}' (known: ${thresholdNames().join(', ')})`);
  return f;
}

export function createThreshold(name: string, options: Record<string, unknown> = {}): Threshold {
  return factoryFor(name).create(options);
}

export function thresholdFromJSON(json: unknown): Threshold {
  const s = parseOrThrow(
    z.object({ name: z.string(), params: z.record(z.string(), z.unknown()).default({}) }),
    json,
    'serialised threshold',
  );
  return factoryFor(s.name).restore(s.params);
}

export type { ThresholdFactory };
