import { Message, TransformMessage, type Datum, type ReduceHandler, type SourceTransformHandler } from '@numalogic/numaflow';
import { encodePayload, encodeWindowFrame, type Config } from '@numalogic/core';
import { INVALID_TAG, invalidDatum, type Logger, type UdfMetrics } from '@numalogic/runtime';
import { transformEvent } from './transformer.js';
import { demoEvent } from './demo-events.js';
import { KeyWindow } from './windower.js';

export { INVALID_TAG };
/** Keys of an invalid event: it has no usable composite key, and the invalid sink needs none. */
export const INVALID_KEYS = ['invalid'];

export interface Wiring {
  config: Config;
  log: Logger;
  metrics: UdfMetrics;
  vertex: string;
  /** Make metric events out of Numaflow's generator payloads (NUMALOGIC_DEMO_EVENTS=generator; see demo-events.ts). */
  demoEvents?: boolean;
}

const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** The source transformer: every event becomes a point (no tag) or an `invalid` output datum. */
export function transformHandler({ config, log, metrics, vertex, demoEvents = false }: Wiring): SourceTransformHandler {
  return (datum: Datum) => {
    const start = process.hrtime.bigint();
    metrics.datumsIn.inc({ vertex });
    const outcome = demoEvents ? demoEvent(datum.keys, datum.eventTime.getTime(), config) : transformEvent(datum.value, config);
    let message: TransformMessage;
    if (outcome.ok) {
      message = new TransformMessage(encodePayload(outcome.point), new Date(outcome.eventTime), { keys: outcome.keys });
      metrics.datumsOut.inc({ vertex, tag: '' });
    } else {
      // The output datum carries no keys (the event's are not usable); the log keeps the datum's.
      const bad = { keys: [], eventTime: datum.eventTime.getTime(), reason: outcome.reason, kind: 'event', message: 'invalid event', fields: { id: datum.id, keys: datum.keys } };
      message = new TransformMessage(invalidDatum({ metrics, log, vertex }, bad), datum.eventTime, { keys: INVALID_KEYS, tags: [INVALID_TAG] });
    }
    metrics.latency.observe({ vertex }, seconds(start));
    return [message];
  };
}

/**
 * The sliding-window reduce: the key's points of the window -> one WindowPayload tagged with its density
 * class. A message that is not a usable point is dropped (the output is per window), counted and logged.
 */
export function reduceHandler({ config, log, metrics, vertex }: Wiring): ReduceHandler {
  return async (keys, datums, window) => {
    const start = process.hrtime.bigint();
    const builder = new KeyWindow([...keys], config);
    for await (const datum of datums) {
      metrics.datumsIn.inc({ vertex });
      const added = builder.add(datum.value);
      if (!added.ok) {
        metrics.invalid.inc({ vertex, reason: 'point' });
        metrics.dropped.inc({ vertex, reason: 'invalid-point' });
        log.warn({ keys, reason: added.reason, window: { start: window.start.getTime(), end: window.end.getTime() } }, 'invalid point dropped');
      }
    }
    const built = builder.build();
    metrics.latency.observe({ vertex }, seconds(start));
    if (built === null) {
      // Every message of the window was invalid (each counted and logged above): nothing to score.
      log.info({ keys }, 'window without a valid point');
      return [];
    }
    const payload = built.window;
    if (built.outside > 0) {
      // Valid points older than the window's grid (the reduce window was longer than config.window): dropped on purpose.
      metrics.dropped.inc({ vertex, reason: 'outside-window' }, built.outside);
      log.info({ keys, dropped: built.outside, end: payload.end }, 'points older than the window dropped');
    }
    metrics.datumsOut.inc({ vertex, tag: payload.densityClass });
    log.debug({ keys, end: payload.end, observed: payload.observed, densityClass: payload.densityClass }, 'window');
    // A window frame: JSON for every field but the values, which follow as float64 (core window-frame.ts).
    return [new Message(encodeWindowFrame(payload), { keys: [...keys], tags: [payload.densityClass] })];
  };
}
