import type { Config } from '../config/schema.js';
import type { Datum, ParseResult } from './datum.js';
import { parseTimestamp } from './timestamp.js';

export type DatumConfig = Pick<Config, 'keys' | 'features' | 'timestampField' | 'input'>;

const decoder = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 byte length of a string, without encoding it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function fail(reason: string): ParseResult {
  return { ok: false, reason };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string '${v.length > 20 ? `${v.slice(0, 20)}...` : v}'`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

/**
 * Reads one JSON datum. Key fields may be strings or finite numbers (numbers become their decimal text).
 * Features must be JSON numbers; with input.numericStrings a string holding a finite decimal number is
 * accepted too. NaN and Infinity cannot occur in JSON numbers, but as strings ('NaN', 'Infinity') they are
 * rejected with their own reason, as are numbers that overflow to Infinity (1e999).
 */
export function parseDatum(bytes: Uint8Array | string, config: DatumConfig): ParseResult {
  const parsed = parseJson(bytes, config.input.maxBytes);
  if (typeof parsed === 'string') return fail(parsed);
  return datumFromObject(parsed.value, config);
}

/** The checks of parseDatum on an already-parsed value (for sources that hand over objects). */
export function datumFromObject(parsed: unknown, config: DatumConfig): ParseResult {
  const keys: string[] = new Array<string>(config.keys.length);
  const values = new Float64Array(config.features.length);
  const timestamp = readFields(parsed, config, keys, values);
  if (typeof timestamp === 'string') return fail(timestamp);
  const datum: Datum = { keys, timestamp, values };
  return { ok: true, datum };
}

/**
 * Validates a parsed payload, writing key values into keys and features into values (both sized by config).
 * Returns the timestamp (epoch ms) or the reason the payload is invalid.
 */
function readFields(parsed: unknown, config: DatumConfig, keys: string[], values: Float64Array): number | string {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return `payload is not a JSON object (got ${describe(parsed)})`;
  }
  const record = parsed as Record<string, unknown>;
  for (let i = 0; i < config.keys.length; i++) {
    const field = config.keys[i]!;
    const v = record[field];
    if (v === undefined || v === null) return `missing key field '${field}'`;
    if (typeof v === 'string') keys[i] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) keys[i] = String(v);
    else return `key field '${field}' must be a string or a number, got ${describe(v)}`;
  }
  const rawTime = record[config.timestampField];
  if (rawTime === undefined || rawTime === null) return `missing timestamp field '${config.timestampField}'`;
  const timestamp = parseTimestamp(rawTime, config.input.timestampUnit);
  if (typeof timestamp === 'string') return timestamp;
  for (let i = 0; i < config.features.length; i++) {
    const field = config.features[i]!;
    const v = record[field];
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `feature '${field}' is not finite (${v})`;
      values[i] = v;
      continue;
    }
    if (v === undefined || v === null) return `missing feature '${field}'`;
    if (typeof v !== 'string') return `feature '${field}' is ${describe(v)}, expected a number`;
    const t = v.trim();
    if (/^[+-]?(nan|infinity|inf)$/i.test(t)) return `feature '${field}' is ${t}, expected a finite number`;
    if (!config.input.numericStrings) return `feature '${field}' is ${describe(v)}, expected a number (set input.numericStrings to accept numeric strings)`;
    const n = t === '' ? NaN : Number(t);
    if (!Number.isFinite(n)) return `feature '${field}' is ${describe(v)}, expected a number`;
    values[i] = n;
  }
  return timestamp;
}

/** Decodes and size-checks a payload and runs JSON.parse; returns the parsed value or a failed result. */
function parseJson(bytes: Uint8Array | string, max: number): { value: unknown } | string {
  const size = typeof bytes === 'string' ? (bytes.length * 3 <= max ? bytes.length : utf8Length(bytes)) : bytes.byteLength;
  if (size > max) return `payload too large: ${size} bytes, limit ${max}`;
  try {
    return { value: JSON.parse(typeof bytes === 'string' ? bytes : decoder.decode(bytes)) };
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
}

/**
 * parseDatum for hot loops: one reader per configuration reuses its result, datum, keys array and values
 * buffer, so reading allocates nothing beyond JSON.parse's own objects. The returned datum is valid until
 * the next read(); copy it (or its values) to keep it.
 */
export class DatumReader {
  private readonly config: DatumConfig;
  private readonly datum: Datum;
  private readonly success: { ok: true; datum: Datum };

  constructor(config: DatumConfig) {
    this.config = config;
    this.datum = { keys: new Array<string>(config.keys.length).fill(''), timestamp: 0, values: new Float64Array(config.features.length) };
    this.success = { ok: true, datum: this.datum };
  }

  read(bytes: Uint8Array | string): ParseResult {
    const parsed = parseJson(bytes, this.config.input.maxBytes);
    if (typeof parsed === 'string') return fail(parsed);
    return this.readObject(parsed.value);
  }

  readObject(parsed: unknown): ParseResult {
    const timestamp = readFields(parsed, this.config, this.datum.keys, this.datum.values);
    if (typeof timestamp === 'string') return fail(timestamp);
    this.datum.timestamp = timestamp;
    return this.success;
  }
}
