import { millisToTimestamp, toMillis } from '../shared/time.js';
import type { DatumWire, TimestampWire } from '../shared/wire.js';

/** A datum as a caller of the client describes it. */
export interface DatumInput {
  keys?: readonly string[];
  value: Uint8Array | string;
  /** Default: now. */
  eventTime?: Date | number;
  /** Default: absent (as on paths where the platform has none). */
  watermark?: Date | number;
  headers?: Record<string, string>;
  /** Request id; the client generates a unique one when absent. */
  id?: string;
}

/** One message a UDF returned. */
export interface ResultMessage {
  keys: string[];
  value: Buffer;
  tags: string[];
}

export function toDatumWire(datum: DatumInput, id?: string): DatumWire {
  const value = typeof datum.value === 'string' ? Buffer.from(datum.value) : datum.value;
  if (!(value instanceof Uint8Array)) throw new TypeError('datum value must be a Uint8Array or a string');
  const wire: DatumWire = {
    keys: (datum.keys ?? []) as string[],
    value,
    event_time: millisToTimestamp(datum.eventTime === undefined ? Date.now() : toMillis(datum.eventTime)),
    headers: datum.headers ?? {},
  };
  if (datum.watermark !== undefined) wire.watermark = millisToTimestamp(toMillis(datum.watermark));
  if (id !== undefined) wire.id = id;
  return wire;
}

export function windowTimestamp(time: Date | number): TimestampWire {
  return millisToTimestamp(toMillis(time));
}
