import { Message, type BatchMapHandler, type Datum, type MapHandler } from '@numalogic/numaflow';
import { decodeWindow, encodeOutput, encodePayload, invalidOutput, type WindowPayload } from '@numalogic/core';
import type { Logger, UdfMetrics } from '@numalogic/runtime';
import type { InferenceStage } from './stage.js';

export const INVALID_TAG = 'invalid';
export const TRAIN_TAG = 'train';

export interface Wiring {
  stage: InferenceStage;
  log: Logger;
  metrics: UdfMetrics;
  vertex: string;
}

/**
 * Batch map: every datum of the batch is decoded (a bad one becomes an `invalid` output datum), the good
 * windows are scored together (one ONNX run per bundle), and each datum gets its scored result (tag `score` or
 * `static`) plus, when training is wanted, a TrainRequest tagged `train`.
 */
export function batchInferenceHandler({ stage, log, metrics, vertex }: Wiring): BatchMapHandler {
  return async (datums: readonly Datum[]) => {
    const start = process.hrtime.bigint();
    metrics.datumsIn.inc({ vertex }, datums.length);
    const answers: Message[][] = new Array(datums.length);
    const windows: WindowPayload[] = [];
    const positions: number[] = [];
    datums.forEach((datum, i) => {
      const decoded = decodeWindow(datum.value);
      if (decoded.ok) {
        windows.push(decoded.value);
        positions.push(i);
      } else answers[i] = [invalid(datum, decoded.reason, 'window')];
    });
    const results = await stage.scoreWindows(windows);
    results.forEach((result, k) => {
      const datum = datums[positions[k]!]!;
      if (!result.ok) return void (answers[positions[k]!] = [invalid(datum, result.reason, 'density-class')]);
      for (const source of result.sources) metrics.modelSource.inc({ vertex, source });
      const keys = [...result.scored.keys];
      const out = [new Message(encodePayload(result.scored), { keys, tags: [result.tag] })];
      metrics.datumsOut.inc({ vertex, tag: result.tag });
      if (result.train) {
        out.push(new Message(encodePayload(result.train), { keys, tags: [TRAIN_TAG] }));
        metrics.datumsOut.inc({ vertex, tag: TRAIN_TAG });
        log.info({ keys, reason: result.train.reason, version: result.train.version, densityClass: result.train.densityClass }, 'training requested');
      }
      log.debug({ keys, status: result.scored.status, models: result.scored.scores.map((s) => s.model) }, 'scored');
      answers[positions[k]!] = out;
    });
    // The histogram is per datum: a batch's time is spread over its datums.
    const perDatum = Number(process.hrtime.bigint() - start) / 1e9 / Math.max(datums.length, 1);
    for (let i = 0; i < datums.length; i++) metrics.latency.observe({ vertex }, perDatum);
    return answers;

    function invalid(datum: Datum, reason: string, kind: string): Message {
      metrics.invalid.inc({ vertex, reason: kind });
      metrics.datumsOut.inc({ vertex, tag: INVALID_TAG });
      log.warn({ keys: datum.keys, reason }, 'invalid window');
      const output = invalidOutput(reason, [...datum.keys], datum.eventTime.getTime());
      return new Message(encodeOutput(output), { keys: [...datum.keys], tags: [INVALID_TAG] });
    }
  };
}

/** Unary map: the batch handler on a batch of one (same decoding, scoring and accounting). */
export function unaryInferenceHandler(wiring: Wiring): MapHandler {
  const batch = batchInferenceHandler(wiring);
  return async (datum: Datum) => (await batch([datum]))[0]!;
}
