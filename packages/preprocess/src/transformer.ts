import { datumFromObject, toNumberArray, type Config, type PointPayload } from '@numalogic/core';

/** What the source transformer makes of one raw event. */
export type TransformOutcome =
  | { ok: true; keys: string[]; eventTime: number; point: PointPayload }
  | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Raw event JSON -> the key's PointPayload, keyed by the composite key and timed by the event's own
 * timestamp. The event's `"retrain": true` becomes `force`. Everything core's datum parser refuses (and
 * payloads over input.maxBytes, or not UTF-8) comes back as a reason, never a throw.
 */
export function transformEvent(bytes: Uint8Array, config: Pick<Config, 'keys' | 'features' | 'timestampField' | 'input'>): TransformOutcome {
  if (bytes.length === 0) return { ok: false, reason: 'empty payload' };
  if (bytes.length > config.input.maxBytes) {
    return { ok: false, reason: `payload of ${bytes.length} bytes exceeds input.maxBytes (${config.input.maxBytes})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bytes));
  } catch (err) {
    return { ok: false, reason: `not UTF-8 JSON: ${(err as Error).message}` };
  }
  const result = datumFromObject(parsed, config);
  if (!result.ok) return { ok: false, reason: result.reason };
  const { keys, timestamp, values } = result.datum;
  const point: PointPayload = { t: timestamp, v: toNumberArray(values) };
  if ((parsed as Record<string, unknown>)['retrain'] === true) point.force = true;
  return { ok: true, keys, eventTime: timestamp, point };
}
