import { Message, type Datum, type EagerBatchMapHandler, type MapHandler } from '@numalogic/numaflow';
import { INVALID_TAG, invalidDatum, type Logger, type UdfMetrics } from '@numalogic/runtime';
import type { InferenceStage } from './stage.js';
import { scoreGroup } from './scoring/group.js';
import { LAYOUT_FIELDS, Outcome, type ScoredGroup } from './scoring/protocol.js';
import type { ScoringThread } from './scoring/scoring-thread.js';

export { INVALID_TAG };
export const TRAIN_TAG = 'train';

/** A handler scoring in process, with this stage. */
export interface Wiring {
  stage: InferenceStage;
  log: Logger;
  metrics: UdfMetrics;
  vertex: string;
}

/** A handler scoring on the scoring thread (the UDF's entrypoint): the stage lives there. */
export interface ThreadWiring {
  thread: Pick<ScoringThread, 'score'>;
  log: Logger;
  metrics: UdfMetrics;
  vertex: string;
}

/** Counts per label value within one group, so the metrics are touched once per value, not once per datum. */
class Tally {
  private readonly counts = new Map<string, number>();
  add(label: string, n = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + n);
  }
  entries(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }
}

/** What every group of datums shares, wherever it was scored: invalid outputs and the group's metrics. */
class GroupAccount {
  readonly tags = new Tally();
  private readonly start = process.hrtime.bigint();

  constructor(
    private readonly wiring: Pick<Wiring, 'log' | 'metrics' | 'vertex'>,
    private readonly count: number,
  ) {
    wiring.metrics.datumsIn.inc({ vertex: wiring.vertex }, count);
  }

  invalid(datum: Datum, reason: string, kind: string): Message[] {
    const { metrics, log, vertex } = this.wiring;
    this.tags.add(INVALID_TAG); // counted with the group's other tags
    const bad = { keys: [...datum.keys], eventTime: datum.eventTime.getTime(), reason, kind, message: 'invalid window' };
    return [new Message(invalidDatum({ metrics, log, vertex }, bad, false), { keys: [...datum.keys], tags: [INVALID_TAG] })];
  }

  /** Counts the group's outputs and model sources (already tallied by scoreGroup) and its latency. */
  close(sources: ScoredGroup['sources']): void {
    const { metrics, vertex } = this.wiring;
    for (const [tag, n] of this.tags.entries()) metrics.datumsOut.inc({ vertex, tag }, n);
    for (const [source, n] of sources) metrics.modelSource.inc({ vertex, source }, n);
    // The histogram is per datum: the group's scoring time spread over its datums.
    const perDatum = Number(process.hrtime.bigint() - this.start) / 1e9 / Math.max(this.count, 1);
    for (let i = 0; i < this.count; i++) metrics.latency.observe({ vertex }, perDatum);
  }
}

const OUTCOME_TAGS: Record<Outcome, string> = { [Outcome.InvalidWindow]: INVALID_TAG, [Outcome.InvalidResult]: INVALID_TAG, [Outcome.Score]: 'score', [Outcome.Static]: 'static' };

/**
 * Scores a group of datums where `scoring` scores their raw payloads (scoreGroup: in process, or on the scoring
 * thread). A bad datum becomes an `invalid` output datum, each good one its scored result (tag `score` or
 * `static`) plus, when training is wanted, a TrainRequest tagged `train`; the metrics are counted here.
 */
function groupScorer(wiring: Wiring | ThreadWiring, scoring: (values: readonly Uint8Array[]) => Promise<ScoredGroup>): (datums: readonly Datum[]) => Promise<Message[][]> {
  return async (datums) => {
    const account = new GroupAccount(wiring, datums.length);
    const group = await scoring(datums.map((datum) => datum.value));
    const { bytes, layout, keys, reasons } = group;
    const answers: Message[][] = new Array(datums.length);
    let start = 0;
    for (let i = 0; i < datums.length; i++) {
      const outcome = layout[i * LAYOUT_FIELDS] as Outcome;
      const scoredEnd = layout[i * LAYOUT_FIELDS + 1]!;
      const trainEnd = layout[i * LAYOUT_FIELDS + 2]!;
      if (outcome === Outcome.InvalidWindow || outcome === Outcome.InvalidResult) {
        answers[i] = account.invalid(datums[i]!, reasons[i]!, outcome === Outcome.InvalidWindow ? 'window' : 'density-class');
      } else {
        const tag = OUTCOME_TAGS[outcome];
        const out = [new Message(bytes.subarray(start, scoredEnd), { keys: keys[i]!, tags: [tag] })];
        account.tags.add(tag);
        if (trainEnd > scoredEnd) {
          out.push(new Message(bytes.subarray(scoredEnd, trainEnd), { keys: keys[i]!, tags: [TRAIN_TAG] }));
          account.tags.add(TRAIN_TAG);
        }
        answers[i] = out;
      }
      start = trainEnd;
    }
    account.close(group.sources);
    return answers;
  };
}

/**
 * Scores datums as they arrive, in groups: each datum waits with the others for its group, which is decoded
 * and scored as one batch (one ONNX run per bundle: a run has a fixed
 * cost, about 15 us for the dense autoencoder at batch 1 against 0.7 us a window at batch 1,024 in `npm run
 * bench` of model-autoencoder, docs/benchmarks.md; and each group has its fixed costs). A group closes when a
 * turn of the event loop brings no new datum (or after `maxTurns` turns, or at `maxGroup` datums), and only one
 * group is scored at a time: under load the datums that arrive meanwhile make the next group, so groups grow
 * with the load, while an idle server answers a lone datum after one turn. Each datum is answered on its own.
 */
function groupedScorer(score: (datums: readonly Datum[]) => Promise<Message[][]>, maxGroup: number, maxTurns: number): (datum: Datum) => Promise<Message[]> {
  type Waiting = { datum: Datum; resolve: (m: Message[]) => void; reject: (e: unknown) => void };
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
      .then(() => score(group.map((q) => q.datum)))
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
      queue.push({ datum, resolve, reject });
      wait();
    });
}

/** The grouped scorer for a wiring: the group's payloads scored on the scoring thread, or here by scoreGroup. */
function scorerFor(wiring: Wiring | ThreadWiring, maxGroup: number, maxTurns: number): (datum: Datum) => Promise<Message[]> {
  const scoring =
    'thread' in wiring
      ? (values: readonly Uint8Array[]) => wiring.thread.score(values)
      : (values: readonly Uint8Array[]) => scoreGroup(wiring.stage, wiring.log, values);
  return groupedScorer(groupScorer(wiring, scoring), maxGroup, maxTurns);
}

/**
 * Batch map: the datums are scored in groups as they arrive (groupedScorer), while the platform is still sending
 * the rest of the batch, and each is answered as soon as its group is scored (the SDK's EagerBatchMapHandler);
 * the batch's EOT follows its last answer.
 */
export function batchInferenceHandler(wiring: Wiring | ThreadWiring, maxGroup = 1000, maxTurns = 4): EagerBatchMapHandler {
  return { answer: scorerFor(wiring, maxGroup, maxTurns) };
}

/** Unary map: the requests are decoded and scored in groups as they arrive (groupedScorer), each answered on its own. */
export function unaryInferenceHandler(wiring: Wiring | ThreadWiring, maxGroup = 1000, maxTurns = 4): MapHandler {
  return scorerFor(wiring, maxGroup, maxTurns);
}
