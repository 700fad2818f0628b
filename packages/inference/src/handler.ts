import { Message, type BatchMapHandler, type Datum, type MapHandler } from '@numalogic/numaflow';
import { encodeOutput, encodePayload, invalidOutput, type WindowPayload } from '@numalogic/core';
import { decodeWindowFast } from './window-decoder.js';
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

/** Counts per label value within one batch, so the metrics are touched once per value, not once per datum. */
class Tally {
  private readonly counts = new Map<string, number>();
  add(label: string, n = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + n);
  }
  entries(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }
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
    const tags = new Tally();
    const sources = new Tally();
    const invalid = (datum: Datum, reason: string, kind: string): Message[] => {
      metrics.invalid.inc({ vertex, reason: kind });
      tags.add(INVALID_TAG);
      log.warn({ keys: datum.keys, reason }, 'invalid window');
      const output = invalidOutput(reason, [...datum.keys], datum.eventTime.getTime());
      return [new Message(encodeOutput(output), { keys: [...datum.keys], tags: [INVALID_TAG] })];
    };
    datums.forEach((datum, i) => {
      const decoded = decodeWindowFast(datum.value);
      if (!decoded.ok) return void (answers[i] = invalid(datum, decoded.reason, 'window'));
      windows.push(decoded.value);
      positions.push(i);
    });
    const debug = log.isLevelEnabled('debug');
    const results = await stage.scoreWindows(windows);
    results.forEach((result, k) => {
      const at = positions[k]!;
      if (!result.ok) return void (answers[at] = invalid(datums[at]!, result.reason, 'density-class'));
      for (const source of result.sources) sources.add(source);
      const keys = result.scored.keys;
      const out = [new Message(encodePayload(result.scored), { keys, tags: [result.tag] })];
      tags.add(result.tag);
      if (result.train) {
        out.push(new Message(encodePayload(result.train), { keys, tags: [TRAIN_TAG] }));
        tags.add(TRAIN_TAG);
        log.info({ keys, reason: result.train.reason, version: result.train.version, densityClass: result.train.densityClass }, 'training requested');
      }
      if (debug) log.debug({ keys, status: result.scored.status, models: result.scored.scores.map((s) => s.model) }, 'scored');
      answers[at] = out;
    });
    for (const [tag, n] of tags.entries()) metrics.datumsOut.inc({ vertex, tag }, n);
    for (const [source, n] of sources.entries()) metrics.modelSource.inc({ vertex, source }, n);
    // The histogram is per datum: a batch's time is spread over its datums.
    const perDatum = Number(process.hrtime.bigint() - start) / 1e9 / Math.max(datums.length, 1);
    for (let i = 0; i < datums.length; i++) metrics.latency.observe({ vertex }, perDatum);
    return answers;
  };
}

/**
 * Unary map: requests are gathered and scored as one batch, so unary mode also gets one ONNX run per bundle per
 * group (a run costs ~30 us however few windows it holds, and each group has its fixed costs). A group closes
 * when a turn of the event loop brings no new request (or after `maxTurns` turns, or at `maxGroup` requests),
 * and only one group is scored at a time: under load the requests that arrive meanwhile make the next group,
 * so groups grow with the load, while an idle server answers a lone request after one turn. Each request is
 * still answered on its own, with exactly what the batch handler gives it.
 */
export function unaryInferenceHandler(wiring: Wiring, maxGroup = 1000, maxTurns = 4): MapHandler {
  const batch = batchInferenceHandler(wiring);
  type Waiting = { datum: Datum; resolve: (m: Message[]) => void; reject: (e: unknown) => void };
  let queue: Waiting[] = [];
  let scoring = false;
  let waiting = false;
  let turns = 0;
  let seen = 0;
  const score = (): void => {
    const group = queue.length > maxGroup ? queue.splice(0, maxGroup) : queue;
    if (group === queue) queue = [];
    scoring = true;
    Promise.resolve()
      .then(() => batch(group.map((q) => q.datum)))
      .then(
        (answers) => group.forEach((q, i) => q.resolve([...answers[i]!])),
        (err: unknown) => group.forEach((q) => q.reject(err)),
      )
      .finally(() => {
        scoring = false;
        wait();
      });
  };
  const turn = (): void => {
    waiting = false;
    if (scoring || queue.length === 0) return;
    const quiet = queue.length === seen;
    seen = queue.length;
    if (quiet || ++turns >= maxTurns || queue.length >= maxGroup) {
      turns = 0;
      seen = 0;
      score();
    } else wait();
  };
  const wait = (): void => {
    if (waiting || queue.length === 0) return;
    waiting = true;
    setImmediate(turn);
  };
  return (datum: Datum) =>
    new Promise<Message[]>((resolve, reject) => {
      queue.push({ datum, resolve, reject });
      wait();
    });
}
