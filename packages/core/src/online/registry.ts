import { z } from 'zod';
import { formatZodIssues } from '../config/errors.js';
import type { OnlineDetector } from './detector.js';
import { EwmaZScore } from './ewma-zscore.js';
import { HalfSpaceTrees } from './half-space-trees.js';
import { RobustMedian } from './robust-median.js';

interface OnlineDetectorFactory {
  create(features: number, options: Record<string, unknown>): OnlineDetector;
  /** Rebuilds a detector with its learned state from its toJSON() form. */
  restore(features: number, options: Record<string, unknown>, state: Record<string, unknown>): OnlineDetector;
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what}:\n${formatZodIssues(result.error.issues)}`);
  return result.data;
}

const nums = z.array(z.number());
const positive = z.number().positive().optional();
const count = z.number().int().min(1).optional();

const ewmaOptions = z.strictObject({
  alpha: z.number().gt(0).lte(1).optional(),
  beta: z.number().min(0).lte(1).optional(),
  k: positive,
  warmup: count,
  guard: z.number().int().min(0).max(1000).optional(),
});
const robustOptions = z.strictObject({ k: positive, warmup: count, rate: z.number().gt(0).lte(1).optional() });
const hstOptions = z.strictObject({
  trees: count,
  depth: z.number().int().min(1).max(16).optional(),
  windowSize: z.number().int().min(1).max(65_535).optional(),
  sizeLimit: z.number().gt(0).lt(1).optional(),
  k: positive,
  warmup: count,
  seed: z.number().int().optional(),
});

const factories = new Map<string, OnlineDetectorFactory>([
  [
    'ewma-zscore',
    {
      create: (n, o) => new EwmaZScore(n, parseOrThrow(ewmaOptions, o, "online detector 'ewma-zscore' options")),
      restore: (n, o, s) =>
        new EwmaZScore(n, parseOrThrow(ewmaOptions, o, 'options')).restoreState(
          parseOrThrow(
            z.object({
              level: nums,
              trend: nums,
              std: nums,
              seen: nums,
              residuals: nums,
              pending: z.array(z.object({ values: z.array(z.number().nullable()), residuals: z.array(z.number().nullable()) })),
            }),
            s,
            "online detector 'ewma-zscore' state",
          ),
        ),
    },
  ],
  [
    'robust-median',
    {
      create: (n, o) => new RobustMedian(n, parseOrThrow(robustOptions, o, "online detector 'robust-median' options")),
      restore: (n, o, s) =>
        new RobustMedian(n, parseOrThrow(robustOptions, o, 'options')).restoreState(
          parseOrThrow(z.object({ median: nums, mad: nums, seen: nums, buffer: nums }), s, "online detector 'robust-median' state"),
        ),
    },
  ],
  [
    'half-space-trees',
    {
      create: (n, o) => new HalfSpaceTrees(n, parseOrThrow(hstOptions, o, "online detector 'half-space-trees' options")),
      restore: (n, o, s) =>
        new HalfSpaceTrees(n, parseOrThrow(hstOptions, o, 'options')).restoreState(
          parseOrThrow(
            z.object({
              referenceMass: nums,
              latestMass: nums,
              hasReference: z.boolean(),
              inWindow: z.number().int(),
              seen: z.number().int(),
              featureMean: nums,
              featureStd: nums,
              densityMean: z.number(),
              densityVar: z.number(),
            }),
            s,
            "online detector 'half-space-trees' state",
          ),
        ),
    },
  ],
]);

export function registerOnlineDetector(name: string, factory: OnlineDetectorFactory): void {
  factories.set(name, factory);
}

export function onlineDetectorNames(): string[] {
  return [...factories.keys()];
}

export function hasOnlineDetector(name: string): boolean {
  return factories.has(name);
}

function factoryFor(name: string): OnlineDetectorFactory {
  const f = factories.get(name);
  if (!f) throw new Error(`unknown online detector '${name}' (known: ${onlineDetectorNames().join(', ')})`);
  return f;
}

/** Builds a fresh detector for `features` features, e.g. from config.online ({ name, options }). */
export function createOnlineDetector(name: string, features: number, options: Record<string, unknown> = {}): OnlineDetector {
  if (!(Number.isInteger(features) && features >= 1)) throw new RangeError(`features must be a positive integer, got ${features}`);
  return factoryFor(name).create(features, options);
}

export function onlineDetectorFromJSON(json: unknown): OnlineDetector {
  const s = parseOrThrow(
    z.object({
      name: z.string(),
      features: z.number().int().min(1),
      options: z.record(z.string(), z.unknown()).default({}),
      state: z.record(z.string(), z.unknown()).default({}),
    }),
    json,
    'serialised online detector',
  );
  return factoryFor(s.name).restore(s.features, s.options, s.state);
}

export type { OnlineDetectorFactory };
