import { checkWindow, readWindowBytes, type Decoded, type WindowPayload } from '@numalogic/core';

// A fast path in front of core's decodeWindow for the hot loop. Validating a window with zod costs about as
// much as JSON.parse itself (the schema walks ~90 numbers and copies every array), which is a fifth of the
// server's time per datum. This check accepts exactly what core's window schema accepts (strict keys, finite
// numbers, safe integers, the values/points/features refinement; test/window-decoder.test.ts holds it to that on
// valid and on 1,000+ broken payloads); anything it does not accept goes to core's checkWindow, which gives the
// reason. Where core's schema changes, that test fails first.

const REQUIRED = ['keys', 'features', 'end', 'intervalMs', 'points', 'values', 'observed', 'density', 'densityClass', 'complete'] as const;
// raw is left out when the observed points are the grid (core's windowRaw rebuilds them).
const ALLOWED = new Set<string>([...REQUIRED, 'raw', 'force']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function finiteArray(v: unknown): v is number[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!isFinite(v[i])) return false;
  return true;
}

function stringArray(v: unknown, nonEmpty: boolean): v is string[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== 'string' || (nonEmpty && s.length === 0)) return false;
  }
  return true;
}

function onlyKeys(o: Record<string, unknown>, allowed: ReadonlySet<string>, required: readonly string[]): boolean {
  let present = 0;
  for (const key in o) {
    if (!Object.prototype.hasOwnProperty.call(o, key)) continue;
    if (!allowed.has(key)) return false;
    present++;
  }
  // JSON.parse makes "__proto__" an own key that for-in still lists; Object.keys is the tie-breaker.
  if (Object.keys(o).length !== present) return false;
  for (const key of required) if (!(key in o)) return false;
  return true;
}

const RAW_KEYS = new Set(['t', 'v']);

/** True when core's window schema would accept the parsed value as it is. */
export function isWindowPayload(w: unknown): w is WindowPayload {
  if (!isObject(w) || !onlyKeys(w, ALLOWED, REQUIRED)) return false;
  const { keys, features, end, intervalMs, points, values, observed, density, densityClass, complete, raw, force } = w;
  if (!stringArray(keys, false) || !stringArray(features, true) || features.length === 0) return false;
  if (!isFinite(end) || !isFinite(intervalMs) || !(intervalMs > 0)) return false;
  if (!Number.isSafeInteger(points) || (points as number) < 1) return false;
  if (!Number.isSafeInteger(observed) || (observed as number) < 0) return false;
  if (!isFinite(density) || density < 0 || density > 1) return false;
  if (typeof densityClass !== 'string' || densityClass.length === 0 || typeof complete !== 'boolean') return false;
  if (force !== undefined && typeof force !== 'boolean') return false;
  if (!finiteArray(values) || values.length !== (points as number) * features.length) return false;
  if (raw === undefined) return true;
  if (!isObject(raw) || !onlyKeys(raw, RAW_KEYS, ['t', 'v']) || !finiteArray(raw['t'])) return false;
  const v = raw['v'];
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!finiteArray(v[i])) return false;
  return true;
}

/**
 * core's decodeWindow (a window frame, what preprocess sends, or a JSON window), with the fast check between
 * reading and core's schema check: a valid window (the common case) never meets zod, and a broken one is parsed
 * once and gets core's reason.
 */
export function decodeWindowFast(bytes: Uint8Array): Decoded<WindowPayload> {
  const read = readWindowBytes(bytes);
  if (!read.ok) return read;
  return isWindowPayload(read.value) ? { ok: true, value: read.value } : checkWindow(read.value);
}
