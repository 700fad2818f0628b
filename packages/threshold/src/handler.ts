import { Message, type Datum, type MapHandler } from '@numalogic/numaflow';
import { decodeScored, encodeOutput, encodePayload, invalidOutput } from '@numalogic/core';
import type { Logger, UdfMetrics } from '@numalogic/runtime';
import type { ThresholdStage } from './stage.js';

export const INVALID_TAG = 'invalid';

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
      metrics.invalid.inc({ vertex, reason: decoded.ok ? 'model' : 'scored' });
      metrics.datumsOut.inc({ vertex, tag: INVALID_TAG });
      log.warn({ keys: datum.keys, reason: outcome.reason }, 'invalid scored payload');
      const output = invalidOutput(outcome.reason, [...datum.keys], datum.eventTime.getTime());
      message = new Message(encodeOutput(output), { keys: [...datum.keys], tags: [INVALID_TAG] });
    }
    metrics.latency.observe({ vertex }, Number(process.hrtime.bigint() - start) / 1e9);
    return [message];
  };
}
