import { Message, type Datum, type MapHandler } from '@numalogic/numaflow';
import { decodeScored, encodePayload } from '@numalogic/core';
import { INVALID_TAG, invalidDatum, type Logger, type UdfMetrics } from '@numalogic/runtime';
import type { ThresholdStage } from './stage.js';

export { INVALID_TAG };

export interface Wiring {
  stage: ThresholdStage;
  log: Logger;
  metrics: UdfMetrics;
  vertex: string;
}

/** One ScoredPayload in, one ThresholdPayload (no tag) or an `invalid` output datum out. Never throws on input. */
export function thresholdHandler({ stage, log, metrics, vertex }: Wiring): MapHandler {
  return async (datum: Datum) => {
    const start = process.hrtime.bigint();
    metrics.datumsIn.inc({ vertex });
    const decoded = decodeScored(datum.value);
    const outcome = decoded.ok ? await stage.apply(decoded.value) : decoded;
    let message: Message;
    if (outcome.ok) {
      for (const source of outcome.sources) metrics.modelSource.inc({ vertex, source });
      metrics.datumsOut.inc({ vertex, tag: '' });
      message = new Message(encodePayload(outcome.payload), { keys: [...datum.keys] });
    } else {
      const kind = decoded.ok ? 'model' : 'scored';
      const bad = { keys: [...datum.keys], eventTime: datum.eventTime.getTime(), reason: outcome.reason, kind, message: 'invalid scored payload' };
      message = new Message(invalidDatum({ metrics, log, vertex }, bad), { keys: [...datum.keys], tags: [INVALID_TAG] });
    }
    metrics.latency.observe({ vertex }, Number(process.hrtime.bigint() - start) / 1e9);
    return [message];
  };
}
