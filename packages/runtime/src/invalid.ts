import { encodeOutput, invalidOutput } from '@numalogic/core';
import type { Logger } from './logger.js';
import type { UdfMetrics } from './metrics.js';

/** The tag every UDF puts on an invalid output datum (the pipeline routes it to `out` with its reason). */
export const INVALID_TAG = 'invalid';

export interface InvalidDatum {
  /** The keys the output datum carries (the datum's own, or none when they are not usable). */
  keys: string[];
  /** Event time of the datum, epoch ms. */
  eventTime: number;
  reason: string;
  /** The `reason` label of numalogic_datums_invalid_total (what kind of input was bad). */
  kind: string;
  /** The log line, e.g. 'invalid scored payload'; `fields` are logged beside keys and reason (and may replace the logged keys). */
  message: string;
  fields?: Record<string, unknown>;
}

/**
 * The account every UDF keeps of a bad datum, in one place: counted (invalid, by kind), logged at warn with its
 * keys and reason, and turned into the bytes of an `invalid` OutputDatum for the caller's message (tagged
 * INVALID_TAG). `countOut` false leaves numalogic_datums_out_total to a caller that counts its tags itself.
 */
export function invalidDatum(wiring: { metrics: UdfMetrics; log: Logger; vertex: string }, bad: InvalidDatum, countOut = true): Uint8Array {
  const { metrics, log, vertex } = wiring;
  metrics.invalid.inc({ vertex, reason: bad.kind });
  if (countOut) metrics.datumsOut.inc({ vertex, tag: INVALID_TAG });
  log.warn({ keys: bad.keys, reason: bad.reason, ...bad.fields }, bad.message);
  return encodeOutput(invalidOutput(bad.reason, bad.keys, bad.eventTime));
}
