import { z } from 'zod';
import type { PointPayload, ScoredPayload, ThresholdPayload, TrainRequest, WindowPayload } from './payloads.js';
import { isWindowFrame, readWindowFrame } from './window-frame.js';

// Schemas for what a vertex receives from the one before it. An upstream bug or a hand-sent message must
// become a clear reason (and an `invalid` datum), never a crash deeper in the numerics.
const finite = z.number().finite();
const keys = z.array(z.string());
const names = z.array(z.string().min(1)).min(1);
const model = z.strictObject({ name: z.string(), version: z.string() });
const raw = z.strictObject({ t: z.array(finite), v: z.array(z.array(finite)) });
const status = z.enum(['scored', 'stale', 'static']);

const pointSchema = z.strictObject({ t: finite, v: z.array(finite).min(1), force: z.boolean().optional() });

const windowSchema = z
  .strictObject({
    keys,
    features: names,
    end: finite,
    intervalMs: finite.positive(),
    points: z.number().int().min(1),
    values: z.array(finite),
    observed: z.number().int().min(0),
    density: z.number().min(0).max(1),
    densityClass: z.string().min(1),
    complete: z.boolean(),
    raw: raw.optional(),
    force: z.boolean().optional(),
  })
  .refine((w) => w.values.length === w.points * w.features.length, 'values must hold points x features numbers');

// What a scored window and its thresholded result both carry about the window they came from.
const scoredWindow = { keys, features: names, end: finite, densityClass: z.string().min(1), status };

const scoredSchema = z.strictObject({
  ...scoredWindow,
  scores: z
    .array(z.strictObject({ model, source: z.enum(['model', 'online']), weight: finite.positive(), errors: z.array(finite) }))
    .min(1),
  last: z.array(finite),
});

const trainSchema = z.strictObject({
  keys,
  features: names,
  intervalMs: finite.positive(),
  densityClass: z.string().min(1),
  reason: z.enum(['missing', 'stale', 'drift', 'force']),
  version: z.string().optional(),
  raw,
});

const thresholdSchema = z.strictObject({
  ...scoredWindow,
  model: model.nullable(),
  ratios: z.array(finite),
  staticRatios: z.array(finite),
});

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

function validate<T>(what: string, schema: z.ZodType<T>, value: unknown): Decoded<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return { ok: false, reason: `${what}: ${path}: ${issue?.message ?? 'invalid'}` };
}

/** Bytes (or text) as parsed JSON, or why they are not UTF-8 JSON. */
function parseJson(what: string, bytes: Uint8Array | string): Decoded<unknown> {
  try {
    return { ok: true, value: JSON.parse(typeof bytes === 'string' ? bytes : decoder.decode(bytes)) };
  } catch (err) {
    return { ok: false, reason: `${what}: not UTF-8 JSON (${(err as Error).message})` };
  }
}

function decoderFor<T>(what: string, schema: z.ZodType<T>) {
  return (bytes: Uint8Array | string): Decoded<T> => {
    const parsed = parseJson(what, bytes);
    return parsed.ok ? validate(what, schema, parsed.value) : parsed;
  };
}

export const decodePoint = decoderFor<PointPayload>('point payload', pointSchema);

/**
 * A window's bytes, as preprocess sends them (a window frame, see window-frame.ts) or as JSON, parsed but not yet
 * checked; or why they cannot be read. decodeWindow is this and checkWindow; inference puts its own fast check
 * between the two, so a window is parsed once either way.
 */
export function readWindowBytes(bytes: Uint8Array | string): Decoded<unknown> {
  if (typeof bytes === 'string' || !isWindowFrame(bytes)) return parseJson('window payload', bytes);
  const frame = readWindowFrame(bytes);
  return frame.ok ? frame : { ok: false, reason: `window payload: ${frame.reason}` };
}

/** A parsed window checked against the window schema, with the reason when it does not pass. */
export const checkWindow = (value: unknown): Decoded<WindowPayload> => validate('window payload', windowSchema, value);

export function decodeWindow(bytes: Uint8Array | string): Decoded<WindowPayload> {
  const read = readWindowBytes(bytes);
  return read.ok ? checkWindow(read.value) : read;
}
export const decodeScored = decoderFor<ScoredPayload>('scored payload', scoredSchema);
export const decodeTrainRequest = decoderFor<TrainRequest>('train request', trainSchema);
export const decodeThreshold = decoderFor<ThresholdPayload>('threshold payload', thresholdSchema);

/**
 * Every payload but a window (a window frame: encodeWindowFrame) goes on the wire as compact UTF-8 JSON.
 * Buffer.from: small payloads come from Node's pooled slab, a little cheaper than TextEncoder's own buffer.
 */
export const encodePayload = (payload: object): Uint8Array => Buffer.from(JSON.stringify(payload), 'utf8');
