import { Message, type Datum, type MapHandler } from '@numalogic/numaflow';
import { decodeThreshold, encodeOutput } from '@numalogic/core';
import { INVALID_TAG, invalidDatum, type Logger, type UdfMetrics } from '@numalogic/runtime';
import { ANOMALY_TAG, type PostprocessStage } from './stage.js';

export { INVALID_TAG };

export interface Wiring {
  stage: PostprocessStage;
  log: Logger;
  metrics: UdfMetrics;
  vertex: string;
}

/** One ThresholdPayload in, one OutputDatum out (tag `anomaly` at or above the alert level), or `invalid`. */
export function postprocessHandler({ stage, log, metrics, vertex }: Wiring): MapHandler {
  return (datum: Datum) => {
    const start = process.hrtime.bigint();
    metrics.datumsIn.inc({ vertex });
    const decoded = decodeThreshold(datum.value);
    const outcome = decoded.ok ? stage.apply(decoded.value) : decoded;
    let message: Message;
    if (outcome.ok) {
      const tags = outcome.anomaly ? [ANOMALY_TAG] : [];
      metrics.datumsOut.inc({ vertex, tag: tags[0] ?? '' });
      if (outcome.anomaly) {
        log.info({ keys: outcome.output.keys, score: outcome.output.anomalyScore, model: outcome.output.model, status: outcome.output.status }, 'anomaly');
      }
      message = new Message(encodeOutput(outcome.output), { keys: [...datum.keys], tags });
    } else {
      const bad = { keys: [...datum.keys], eventTime: datum.eventTime.getTime(), reason: outcome.reason, kind: 'threshold', message: 'invalid threshold payload' };
      message = new Message(invalidDatum({ metrics, log, vertex }, bad), { keys: [...datum.keys], tags: [INVALID_TAG] });
    }
    metrics.latency.observe({ vertex }, Number(process.hrtime.bigint() - start) / 1e9);
    return [message];
  };
}
