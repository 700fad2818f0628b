import type { MapClient, ReduceClient, SourceTransformClient, WindowStream } from '@numalogic/numaflow/client';
import { DROP_TAG, shouldForward, type EdgeSpec } from '@numalogic/pipeline-spec';
import { Inbox, type Batch, type Message } from './inbox.js';
import type { Plan, PlannedVertex } from './plan.js';
import type { SinkWriter } from './sinks.js';
import type { PlayableSource, SourceRecord } from './sources.js';
import { assignWindows, lastClosedEnd, type WindowBounds } from './windows.js';

/** Counters of one vertex, live during the run. */
export interface VertexCounters {
  name: string;
  role: PlannedVertex['role'];
  in: number;
  out: number;
  /** Reduce: datums whose every window had already closed (dropped, as the platform drops late data). */
  late: number;
  /** Reduce: windows closed. */
  windows: number;
  /** The vertex's output watermark (epoch ms). */
  watermark: number;
}

export interface EngineClients {
  transformer?: SourceTransformClient;
  maps: Map<string, MapClient>;
  reduces: Map<string, ReduceClient>;
}

export interface EngineOptions {
  plan: Plan;
  clients: EngineClients;
  source: PlayableSource;
  sinks: SinkWriter;
  /** Messages per vertex per step. */
  batchSize: number;
  /** Bounded out-of-orderness subtracted from the source watermark (ms). */
  outOfOrderMs: number;
  /** Batches an inbox holds before its senders wait. */
  inboxCapacity?: number;
}

/**
 * Plays the pipeline's dataflow: each vertex a loop over its inbox, forwarding by the edges' tag conditions,
 * with event-time watermarks as the platform computes them.
 */
export class Engine {
  readonly counters: Map<string, VertexCounters>;
  readonly keys = new Set<string>();
  datumsRead = 0;
  readonly #options: EngineOptions;
  readonly #inboxes = new Map<string, Inbox>();
  readonly #outgoing = new Map<string, EdgeSpec[]>();
  readonly #incoming = new Map<string, string[]>();
  /** Per edge sender->receiver, the last watermark sent, so an unchanged watermark is not resent. */
  readonly #sentWatermark = new Map<string, number>();
  #failure: Error | undefined;
  #signalFailure: () => void = () => undefined;
  readonly #failed = new Promise<void>((resolve) => (this.#signalFailure = resolve));

  constructor(options: EngineOptions) {
    this.#options = options;
    this.counters = new Map(
      options.plan.vertices.map((v) => [v.name, { name: v.name, role: v.role, in: 0, out: 0, late: 0, windows: 0, watermark: -Infinity }]),
    );
    for (const v of options.plan.vertices) {
      this.#outgoing.set(v.name, options.plan.edges.filter((e) => e.from === v.name));
      this.#incoming.set(v.name, [...new Set(options.plan.edges.filter((e) => e.to === v.name).map((e) => e.from))]);
      if (v.role !== 'source') this.#inboxes.set(v.name, new Inbox(options.inboxCapacity ?? 4));
    }
  }

  /** Runs every vertex until the end of input has reached every sink. */
  async run(): Promise<void> {
    const loops = this.#options.plan.vertices.map((v) => this.#loop(v).catch((err: Error) => this.fail(err)));
    // A failure ends the run at once, even while a loop still waits on a UDF that will never answer.
    await Promise.race([Promise.all(loops), this.#failed]);
    if (this.#failure) throw this.#failure;
  }

  /** Stops every loop with this error (the first failure wins). */
  fail(err: Error): void {
    if (!this.#failure) this.#signalFailure();
    this.#failure ??= err;
    for (const inbox of this.#inboxes.values()) inbox.fail(this.#failure);
  }

  #loop(vertex: PlannedVertex): Promise<void> {
    switch (vertex.role) {
      case 'source':
        return this.#sourceLoop(vertex);
      case 'map':
        return this.#mapLoop(vertex.name, this.#options.clients.maps.get(vertex.name)!);
      case 'reduce':
        return this.#reduceLoop(vertex, this.#options.clients.reduces.get(vertex.name)!);
      case 'sink':
        return this.#sinkLoop(vertex.name);
    }
  }

  #counter(name: string): VertexCounters {
    return this.counters.get(name)!;
  }

  /** Sends a vertex's results down every edge whose conditions its tags meet, then its watermark. */
  async #emit(from: string, results: Message[], watermark: number, done: boolean): Promise<void> {
    const counter = this.#counter(from);
    counter.watermark = Math.max(counter.watermark, watermark);
    const kept = results.filter((m) => !m.tags.includes(DROP_TAG));
    counter.out += kept.length;
    const perTarget = new Map<string, Message[]>();
    for (const edge of this.#outgoing.get(from) ?? []) {
      const list = perTarget.get(edge.to) ?? [];
      perTarget.set(edge.to, list);
      for (const message of kept) if (shouldForward(edge.conditions, message.tags)) list.push(message);
    }
    const size = this.#options.batchSize;
    for (const [to, messages] of perTarget) {
      const inbox = this.#inboxes.get(to)!;
      const edgeKey = `${from}\u0000${to}`;
      const previous = this.#sentWatermark.get(edgeKey) ?? -Infinity;
      const next = Math.max(previous, watermark);
      const chunks: Message[][] = [];
      for (let i = 0; i < messages.length; i += size) chunks.push(messages.slice(i, i + size));
      const last = chunks.pop() ?? [];
      // Only the last chunk carries the new watermark: the receiver must see every message first.
      for (const chunk of chunks) await inbox.push({ from, messages: chunk, watermark: previous, done: false });
      if (last.length > 0 || next > previous || done) {
        this.#sentWatermark.set(edgeKey, next);
        await inbox.push({ from, messages: last, watermark: next, done });
      }
    }
  }

  async #sourceLoop(vertex: Extract<PlannedVertex, { role: 'source' }>): Promise<void> {
    const { batchSize, outOfOrderMs } = this.#options;
    const transformer = this.#options.clients.transformer;
    const counter = this.#counter(vertex.name);
    let maxEventTime = -Infinity;
    let watermark = -Infinity;
    let chunk: SourceRecord[] = [];
    let emitting: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      const records = chunk;
      chunk = [];
      this.datumsRead += records.length;
      counter.in += records.length;
      let out: Message[];
      if (transformer) {
        // The source stamps ingestion time; here, the event time reached so far (so a datum the transformer
        // cannot date does not push the watermark ahead). The transformer sets the real event time.
        const ingest = Number.isFinite(maxEventTime) ? maxEventTime : 0;
        const answers = await transformer.transformAll(
          records.map((r) => ({ value: r.value, eventTime: ingest, ...(Number.isFinite(watermark) ? { watermark } : {}) })),
        );
        out = answers.flat().map((r) => ({ keys: r.keys, value: r.value, eventTime: r.eventTime.getTime(), tags: r.tags }));
      } else {
        out = records.map((r) => ({ keys: [], value: Buffer.from(r.value), eventTime: r.timestamp ?? (Number.isFinite(maxEventTime) ? maxEventTime : Date.now()), tags: [] }));
      }
      for (const m of out) {
        if (m.tags.includes(DROP_TAG) || m.tags.includes('invalid')) continue;
        if (m.eventTime > maxEventTime) maxEventTime = m.eventTime;
        this.keys.add(m.keys.join('\u0000'));
      }
      watermark = Math.max(watermark, maxEventTime - outOfOrderMs);
      // The next chunk is read and transformed while this one is forwarded; at most one forward in flight.
      await emitting;
      emitting = this.#emit(vertex.name, out, watermark, false);
      emitting.catch(() => undefined);
    };
    for await (const record of this.#options.source.records) {
      if (this.#failure) throw this.#failure;
      chunk.push(record);
      if (chunk.length >= batchSize) await flush();
    }
    if (chunk.length > 0) await flush();
    await emitting;
    await this.#emit(vertex.name, [], Infinity, true);
  }

  /** Takes batches until every upstream is done; tracks the input watermark (min over upstreams). */
  async #consume(name: string, handle: (messages: Message[], watermark: number, done: boolean) => Promise<void>): Promise<void> {
    const inbox = this.#inboxes.get(name)!;
    const upstream = new Map(this.#incoming.get(name)!.map((u) => [u, { watermark: -Infinity, done: false }]));
    for (;;) {
      const batch: Batch = await inbox.take();
      const state = upstream.get(batch.from)!;
      state.watermark = Math.max(state.watermark, batch.watermark);
      state.done ||= batch.done;
      this.#counter(name).in += batch.messages.length;
      const states = [...upstream.values()];
      const done = states.every((s) => s.done);
      const watermark = done ? Infinity : Math.min(...states.map((s) => s.watermark));
      await handle(batch.messages, watermark, done);
      if (done) return;
    }
  }

  #mapLoop(name: string, client: MapClient): Promise<void> {
    let emitting: Promise<void> = Promise.resolve();
    return this.#consume(name, async (messages, watermark, done) => {
      let out: Message[] = [];
      if (messages.length > 0) {
        const datums = messages.map((m) => ({ keys: m.keys, value: m.value, eventTime: m.eventTime, ...(Number.isFinite(watermark) ? { watermark } : {}) }));
        const answers = await client.mapAll(datums);
        out = answers.flatMap((results, i) => results.map((r) => ({ keys: r.keys, value: r.value, eventTime: messages[i]!.eventTime, tags: r.tags })));
      }
      // The next batch is mapped while this one is forwarded; at most one forward in flight, in order.
      await emitting;
      emitting = this.#emit(name, out, watermark, done);
      emitting.catch(() => undefined);
      if (done) await emitting;
    });
  }

  #reduceLoop(vertex: Extract<PlannedVertex, { role: 'reduce' }>, client: ReduceClient): Promise<void> {
    const counter = this.#counter(vertex.name);
    const open = new Map<number, { bounds: WindowBounds; stream: WindowStream }>();
    let closedUpTo = -Infinity;
    return this.#consume(vertex.name, async (messages, watermark, done) => {
      for (const m of messages) {
        let accepted = false;
        for (const bounds of assignWindows(vertex.window, m.eventTime)) {
          if (bounds.end <= closedUpTo) continue;
          let window = open.get(bounds.start);
          if (!window) {
            window = { bounds, stream: client.openWindow(bounds) };
            open.set(bounds.start, window);
          }
          window.stream.append({
            keys: vertex.keyed ? m.keys : [],
            value: m.value,
            eventTime: m.eventTime,
            ...(Number.isFinite(watermark) ? { watermark } : {}),
          });
          accepted = true;
        }
        if (!accepted) counter.late++;
      }
      // Windows close one at a time in event-time order, as a live stream closes them, so a UDF that keeps
      // state across windows (the trainer's history) never sees two windows of a key at once.
      const due = [...open.values()].filter((w) => w.bounds.end <= watermark).sort((a, b) => a.bounds.end - b.bounds.end);
      for (const w of due) {
        open.delete(w.bounds.start);
        const results = await w.stream.close();
        counter.windows++;
        closedUpTo = Math.max(closedUpTo, w.bounds.end);
        const out = results.map((r) => ({ keys: r.keys, value: r.value, eventTime: r.eventTime.getTime(), tags: r.tags }));
        await this.#emit(vertex.name, out, w.bounds.end - 1, false);
      }
      closedUpTo = Math.max(closedUpTo, lastClosedEnd(vertex.window, watermark));
      await this.#emit(vertex.name, [], done ? Infinity : closedUpTo - 1, done);
    });
  }

  #sinkLoop(name: string): Promise<void> {
    return this.#consume(name, async (messages, watermark) => {
      for (const m of messages) await this.#options.sinks.write(name, m);
      this.#counter(name).watermark = Math.max(this.#counter(name).watermark, watermark);
    });
  }
}
