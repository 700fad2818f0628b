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
  const max = config.input.maxBytes;
  const size = typeof bytes === 'string' ? (bytes.length * 3 <= max ? bytes.length : utf8Length(bytes)) : bytes.byteLength;
  if (size > max) return fail(`payload too large: ${size} bytes, limit ${max}`);
  const text = typeof bytes === 'string' ? bytes : decoder.decode(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`invalid JSON: ${(error as Error).message}`);
  }
  return datumFromObject(parsed, config);
}

/** The checks of parseDatum on an already-parsed value (for sources that hand over objects). */
export function datumFromObject(parsed: unknown, config: DatumConfig): ParseResult {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail(`payload is not a JSON object (got ${describe(parsed)})`);
  }
  const record = parsed as Record<string, unknown>;
  const keys: string[] = new Array<string>(config.keys.length);
  for (let i = 0; i < config.keys.length; i++) {
    const field = config.keys[i]!;
    const v = record[field];
    if (v === undefined || v === null) return fail(`missing key field '${field}'`);
    if (typeof v === 'string') keys[i] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) keys[i] = String(v);
    else return fail(`key field '${field}' must be a string or a number, got ${describe(v)}`);
  }
  const rawTime = record[config.timestampField];
  if (rawTime === undefined || rawTime === null) return fail(`missing timestamp field '${config.timestampField}'`);
  const timestamp = parseTimestamp(rawTime, config.input.timestampUnit);
  if (typeof timestamp === 'string') return fail(timestamp);
  const values = new Float64Array(config.features.length);
  for (let i = 0; i < config.features.length; i++) {
    const field = config.features[i]!;
    const v = record[field];
    if (v === undefined || v === null) return fail(`missing feature '${field}'`);
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string') {
      const t = v.trim();
      if (/^[+-]?(nan|infinity|inf)$/i.test(t)) return fail(`feature '${field}' is ${t}, expected a finite number`);
      if (!config.input.numericStrings) return fail(`feature '${field}' is ${describe(v)}, expected a number (set input.numericStrings to accept numeric strings)`);
      n = t === '' ? NaN : Number(t);
      if (Number.isNaN(n)) return fail(`feature '${field}' is ${describe(v)}, expected a number`);
    } else return fail(`feature '${field}' is ${describe(v)}, expected a number`);
    if (!Number.isFinite(n)) return fail(`feature '${field}' is not finite (${n})`);
    values[i] = n;
  }
  const datum: Datum = { keys, timestamp, values };
  return { ok: true, datum };
}
