import { z } from 'zod';
import { formatZodIssues } from '../config/errors.js';
import { AffineTransform } from './affine.js';
import { ClipTransform } from './clip.js';
import { DifferenceTransform } from './difference.js';
import { EmaTransform } from './ema.js';
import { LogTransform } from './log.js';
import { MinMaxScaler } from './min-max.js';
import { PercentileScaler } from './percentile.js';
import { RobustScaler } from './robust.js';
import { StandardScaler } from './standard.js';
import { TanhScaler } from './tanh.js';
import type { SerializedTransform, Transform } from './transform.js';

interface TransformFactory {
  /** Builds an unfitted transform from its options (the `options` record of the configuration). */
  create(options: Record<string, unknown>): Transform;
  /** Rebuilds a fitted transform from its serialised params. */
  restore(params: Record<string, unknown>): Transform;
}

const numbers = z.array(z.number());
const fittedAffine = z.object({ center: numbers, scale: numbers });
const clipBound = z.union([z.number(), z.array(z.number().nullable()), z.null()]).optional();
const clipOptions = z.strictObject({ lower: clipBound, upper: clipBound });
const percentileOptions = z.strictObject({
  lowerPercentile: z.number().min(0).max(100).optional(),
  upperPercentile: z.number().min(0).max(100).optional(),
});
const tanhOptions = z.strictObject({ coeff: z.number().positive().optional() });
const emaOptions = z.strictObject({ alpha: z.number().gt(0).lte(1).optional() });
const noOptions = z.strictObject({});

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${what}:\n${formatZodIssues(result.error.issues)}`);
  return result.data;
}

function restoreAffine<T extends AffineTransform>(t: T, params: Record<string, unknown>): T {
  const p = parseOrThrow(fittedAffine, params, `transform '${t.name}' params`);
  if (p.center.length !== p.scale.length) throw new Error(`transform '${t.name}': center and scale lengths differ`);
  t.center = Float64Array.from(p.center);
  t.scale = Float64Array.from(p.scale);
  return t;
}

function affineFactory(make: () => AffineTransform): TransformFactory {
  return {
    create: (options) => (parseOrThrow(noOptions, options, `transform '${make().name}' options`), make()),
    restore: (params) => restoreAffine(make(), params),
  };
}

function statelessFactory<O>(schema: z.ZodType<O>, make: (o: O) => Transform): TransformFactory {
  return {
    create: (options) => make(parseOrThrow(schema, options, 'transform options')),
    restore: (params) => make(parseOrThrow(schema, params, 'transform params')),
  };
}

const factories = new Map<string, TransformFactory>([
  ['standard', affineFactory(() => new StandardScaler())],
  ['min-max', affineFactory(() => new MinMaxScaler())],
  ['robust', affineFactory(() => new RobustScaler())],
  [
    'percentile',
    {
      create: (o) => new PercentileScaler(parseOrThrow(percentileOptions, o, "transform 'percentile' options")),
      restore: (params) => {
        const p = parseOrThrow(
          percentileOptions.extend({ lower: numbers, upper: numbers, center: numbers, scale: numbers }),
          params,
          "transform 'percentile' params",
        );
        const t = restoreAffine(new PercentileScaler(p), params);
        t.lower = Float64Array.from(p.lower);
        t.upper = Float64Array.from(p.upper);
        return t;
      },
    },
  ],
  [
    'tanh',
    {
      create: (o) => new TanhScaler(parseOrThrow(tanhOptions, o, "transform 'tanh' options")),
      restore: (params) => {
        const p = parseOrThrow(tanhOptions.extend({ center: numbers, scale: numbers }), params, "transform 'tanh' params");
        const t = new TanhScaler(p);
        t.center = Float64Array.from(p.center);
        t.scale = Float64Array.from(p.scale);
        return t;
      },
    },
  ],
  ['log', statelessFactory(noOptions, () => new LogTransform())],
  ['difference', statelessFactory(noOptions, () => new DifferenceTransform())],
  ['clip', statelessFactory(clipOptions, (o) => new ClipTransform(o))],
  ['ema', statelessFactory(emaOptions, (o) => new EmaTransform(o))],
]);

/** Adds (or replaces) a transform kind; configuration and bundles can then name it. */
export function registerTransform(name: string, factory: TransformFactory): void {
  factories.set(name, factory);
}

export function transformNames(): string[] {
  return [...factories.keys()];
}

export function hasTransform(name: string): boolean {
  return factories.has(name);
}

function factoryFor(name: string): TransformFactory {
  const factory = factories.get(name);
  if (!factory) throw new Error(`unknown transform '${name}' (known: ${transformNames().join(', ')})`);
  return factory;
}

export function createTransform(name: string, options: Record<string, unknown> = {}): Transform {
  return factoryFor(name).create(options);
}

export function transformFromJSON(json: unknown): Transform {
  const s = parseOrThrow(
    z.object({ name: z.string(), params: z.record(z.string(), z.unknown()).default({}) }),
    json,
    'serialised transform',
  ) as SerializedTransform;
  return factoryFor(s.name).restore(s.params);
}

export type { TransformFactory };
