import { Message, type Datum, type MapHandler, type StreamingBatchMapHandler } from '@numalogic/numaflow';
import { encodePayload, type Decoded, type WindowPayload } from '@numalogic/core';
import { decodeWindowFast } from './window-decoder.js';
import { INVALID_TAG, invalidDatum, type Logger, type UdfMetrics } from '@numalogic/runtime';
import type { InferenceStage } from './stage.js';

export { INVALID_TAG };
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

/** What inference makes of a datum as it arrives: its window, or why it has none. */
type DecodedWindow = Decoded<WindowPayload>;

/**
 * Scores a batch whose datums were decoded already: a bad one becomes an `invalid` output datum, the good
 * windows are scored together (one ONNX run per bundle), and each datum gets its scored result (tag `score` or
 * `static`) plus, when training is wanted, a TrainRequest tagged `train`.
 */
function batchScorer({ stage, log, metrics, vertex }: Wiring): (datums: readonly Datum[], decoded: readonly DecodedWindow[]) => Promise<Message[][]> {
  return async (datums, decoded) => {
    const start = process.hrtime.bigint();
    metrics.datumsIn.inc({ vertex }, datums.length);
    const answers: Message[][] = new Array(datums.length);
    const windows: WindowPayload[] = [];
    const positions: number[] = [];
    const tags = new Tally();
    const sources = new Tally();
    const invalid = (datum: Datum, reason: string, kind: string): Message[] => {
      tags.add(INVALID_TAG); // counted with the batch's other tags
      const bad = { keys: [...datum.keys], eventTime: datum.eventTime.getTime(), reason, kind, message: 'invalid window' };
      return [new Message(invalidDatum({ metrics, log, vertex }, bad, false), { keys: [...datum.keys], tags: [INVALID_TAG] })];
    };
    decoded.forEach((window, i) => {
      if (!window.ok) return void (answers[i] = invalid(datums[i]!, window.reason, 'window'));
      windows.push(window.value);
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
    // The histogram is per datum: the batch's scoring time (decoding happened as each datum arrived) spread over its datums.
    const perDatum = Number(process.hrtime.bigint() - start) / 1e9 / Math.max(datums.length, 1);
    for (let i = 0; i < datums.length; i++) metrics.latency.observe({ vertex }, perDatum);
    return answers;
  };
}

/**
 * Scores datums as they arrive, in groups: each datum is decoded at once, then waits with the others for its
 * group, which is scored as one batch (one ONNX run per bundle: a run has a fixed cost, about 15 us for the
 * dense autoencoder at batch 1 against 0.7 us a window at batch 1,024 in `npm run bench` of model-autoencoder,
 * docs/benchmarks.md; and each group has its fixed costs). A group closes when a turn of the event loop brings no new
 * datum (or after `maxTurns` turns, or at `maxGroup` datums), and only one group is scored at a time: under
 * load the datums that arrive meanwhile make the next group, so groups grow with the load, while an idle
 * server answers a lone datum after one turn. Each datum is answered on its own, with what batchScorer gives it.
 */
function groupedScorer(wiring: Wiring, maxGroup: number, maxTurns: number): (datum: Datum) => Promise<Message[]> {
  const score = batchScorer(wiring);
  type Waiting = { datum: Datum; decoded: DecodedWindow; resolve: (m: Message[]) => void; reject: (e: unknown) => void };
  let queue: Waiting[] = [];
  let scoring = false;
  let waiting = false;
  let turns = 0;
  let seen = 0;
  const start = (): void => {
    const group = queue.length > maxGroup ? queue.splice(0, maxGroup) : queue;
    if (group === queue) queue = [];
    scoring = true;
    Promise.resolve()
      .then(() => score(group.map((q) => q.datum), group.map((q) => q.decoded)))
      .then(
        (answers) => group.forEach((q, i) => q.resolve(answers[i]!)),
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
      start();
    } else wait();
  };
  const wait = (): void => {
    if (waiting || queue.length === 0) return;
    waiting = true;
    setImmediate(turn);
  };
  return (datum: Datum) =>
    new Promise<Message[]>((resolve, reject) => {
      queue.push({ datum, decoded: decodeWindowFast(datum.value), resolve, reject });
      wait();
    });
}

/**
 * Batch map: each datum is decoded and scored as it arrives (groupedScorer), while the platform is still
 * sending the rest of the batch; at the EOT the batch's answers are gathered.
 */
export function batchInferenceHandler(wiring: Wiring, maxGroup = 1000, maxTurns = 4): StreamingBatchMapHandler<Promise<Message[]>> {
  const score = groupedScorer(wiring, maxGroup, maxTurns);
  return {
    accept: (datum) => {
      const answer = score(datum);
      // A failed group is reported when finish awaits it; until then it must not count as unhandled.
      answer.catch(() => undefined);
      return answer;
    },
    finish: (_datums, answers) => Promise.all(answers),
  };
}

/** Unary map: each request is decoded and scored as it arrives, in groups (groupedScorer), answered on its own. */
export function unaryInferenceHandler(wiring: Wiring, maxGroup = 1000, maxTurns = 4): MapHandler {
  return groupedScorer(wiring, maxGroup, maxTurns);
}
