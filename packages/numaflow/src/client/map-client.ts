import { mapServiceDefinition } from '../map/server.js';
import type { MapMode, ServerInfo } from '../shared/server-info.js';
import type { EndpointKind } from '../shared/socket.js';
import type { MapRequestWire, MapResponseWire } from '../shared/wire.js';
import { UdfConnection, type ConnectOptions } from './connection.js';
import { HandshakeStream } from './handshake-stream.js';
import { toDatumWire, type DatumInput, type ResultMessage } from './inputs.js';
import { runWindowed } from './window.js';

export interface MapClientOptions extends ConnectOptions {
  /** Which map server to reach (socket and expected MAP_MODE). Default 'unary-map'. */
  mode?: MapMode;
  /** Requests in flight at most (unary, stream); batch size for mapAll in batch mode. Default 500. */
  concurrency?: number;
}

export interface MapAllOptions {
  /** Called as each datum is answered, with its index in the input. */
  onResult?: (index: number, results: ResultMessage[]) => void;
  /** Keep the answers and resolve with them (default true); false resolves with an empty array. */
  collect?: boolean;
}

const KIND: Record<MapMode, EndpointKind> = { 'unary-map': 'map', 'batch-map': 'batchmap', 'stream-map': 'mapstream' };
const HANDSHAKE: MapRequestWire = { id: '', handshake: { sot: true } };
const EOT: MapRequestWire = { id: '', status: { eot: true } };

interface Pending {
  done: (results: ResultMessage[]) => void;
  fail: (err: Error) => void;
  /** Stream mode: results gathered until the id's EOT. */
  gathered?: ResultMessage[];
  onResult?: (result: ResultMessage) => void;
}

interface OpenBatch {
  expected: number;
  answered: number;
  done: () => void;
  fail: (err: Error) => void;
}

/** Drives a map UDF exactly as the platform does: one MapFn stream, handshake first, many ids in flight. */
export class MapClient {
  readonly info: ServerInfo;
  readonly mode: MapMode;
  readonly #connection: UdfConnection;
  readonly #stream: HandshakeStream<MapRequestWire, MapResponseWire>;
  readonly #pending = new Map<string, Pending>();
  readonly #concurrency: number;
  readonly #waiting: (() => void)[] = [];
  #inFlight = 0;
  #nextId = 0;
  #batch: OpenBatch | undefined;
  #batchChain: Promise<unknown> = Promise.resolve();

  private constructor(connection: UdfConnection, mode: MapMode, concurrency: number) {
    this.#connection = connection;
    this.info = connection.info;
    this.mode = mode;
    this.#concurrency = concurrency;
    this.#stream = new HandshakeStream<MapRequestWire, MapResponseWire>(connection.bidi('MapFn'), HANDSHAKE, (response) =>
      this.#route(response),
    );
    this.#stream.onError((err) => this.#failAll(err));
  }

  static async connect(options: MapClientOptions = {}): Promise<MapClient> {
    const mode = options.mode ?? 'unary-map';
    const connection = await UdfConnection.open(KIND[mode], mapServiceDefinition(), options);
    const served = connection.info.metadata.MAP_MODE;
    if (served !== mode) {
      connection.close();
      throw new Error(`map server reports MAP_MODE=${served ?? '(none)'}, client asked for ${mode}`);
    }
    const client = new MapClient(connection, mode, options.concurrency ?? 500);
    try {
      await client.#stream.ready;
    } catch (err) {
      connection.close();
      throw err;
    }
    return client;
  }

  isReady(): Promise<boolean> {
    return this.#connection.isReady();
  }

  /** Unary or stream mode: one datum, all its results. Waits for a slot when `concurrency` are in flight. */
  async map(datum: DatumInput): Promise<ResultMessage[]> {
    this.#requireMode('unary-map', 'stream-map');
    if (this.#inFlight >= this.#concurrency) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#inFlight++;
    try {
      return await new Promise<ResultMessage[]>((done, fail) => this.#send(datum, done, fail));
    } finally {
      this.#inFlight--;
      this.#waiting.shift()?.();
    }
  }

  /** Stream mode: one datum; `onResult` sees each result as it arrives; resolves at the id's EOT. */
  mapStream(datum: DatumInput, onResult?: (result: ResultMessage) => void): Promise<ResultMessage[]> {
    this.#requireMode('stream-map');
    return new Promise<ResultMessage[]>((done, fail) => this.#send(datum, done, fail, onResult));
  }

  /** Batch mode: sends the batch then EOT; resolves with the results per datum once every id and the EOT came back. */
  batchMap(datums: readonly DatumInput[], onResult?: (index: number, results: ResultMessage[]) => void): Promise<ResultMessage[][]> {
    this.#requireMode('batch-map');
    const run = this.#batchChain.then(() => this.#sendBatch(datums, onResult));
    this.#batchChain = run.catch(() => undefined);
    return run;
  }

  /**
   * Many datums: unary and stream mode keep up to `concurrency` in flight; batch mode sends batches of
   * `concurrency`, one at a time, as the platform does.
   */
  async mapAll(datums: Iterable<DatumInput>, options: MapAllOptions = {}): Promise<ResultMessage[][]> {
    const collect = options.collect ?? true;
    if (this.mode !== 'batch-map') {
      return runWindowed(datums, this.#concurrency, (datum, _index, done, fail) => this.#send(datum, done, fail), options.onResult, collect);
    }
    const all: ResultMessage[][] = [];
    let chunk: DatumInput[] = [];
    let offset = 0;
    const flush = async (): Promise<void> => {
      const base = offset;
      const onResult = options.onResult ? (i: number, r: ResultMessage[]) => options.onResult?.(base + i, r) : undefined;
      const answers = await this.batchMap(chunk, onResult);
      if (collect) for (const answer of answers) all.push(answer);
      offset += chunk.length;
      chunk = [];
    };
    for (const datum of datums) {
      chunk.push(datum);
      if (chunk.length === this.#concurrency) await flush();
    }
    if (chunk.length > 0) await flush();
    return all;
  }

  /** Half-closes the stream (the server ends it once it has answered everything) and closes the connection. */
  close(): void {
    this.#stream.end();
    this.#connection.close();
  }

  #requireMode(...modes: MapMode[]): void {
    if (!modes.includes(this.mode)) throw new Error(`not available in ${this.mode} mode`);
  }

  #send(datum: DatumInput, done: Pending['done'], fail: Pending['fail'], onResult?: Pending['onResult']): void {
    const failure = this.#stream.error;
    if (failure) {
      fail(failure);
      return;
    }
    const id = datum.id ?? `${this.#nextId++}`;
    if (this.#pending.has(id)) {
      fail(new Error(`request id ${id} is already in flight`));
      return;
    }
    const pending: Pending = { done, fail };
    if (this.mode === 'stream-map') pending.gathered = [];
    if (onResult) pending.onResult = onResult;
    this.#pending.set(id, pending);
    this.#stream.write({ id, request: toDatumWire(datum) });
  }

  async #sendBatch(datums: readonly DatumInput[], onResult?: (index: number, results: ResultMessage[]) => void): Promise<ResultMessage[][]> {
    const answers: ResultMessage[][] = new Array<ResultMessage[]>(datums.length);
    await new Promise<void>((resolve, reject) => {
      this.#batch = { expected: datums.length, answered: 0, done: resolve, fail: reject };
      datums.forEach((datum, index) =>
        this.#send(
          datum,
          (results) => {
            answers[index] = results;
            if (this.#batch) this.#batch.answered++;
            onResult?.(index, results);
          },
          reject,
        ),
      );
      this.#stream.write(EOT);
    }).finally(() => {
      this.#batch = undefined;
    });
    return answers;
  }

  #route(response: MapResponseWire): void {
    const id = response.id ?? '';
    if (response.status?.eot) {
      if (this.mode === 'batch-map' && id === '') return this.#endBatch();
      const pending = this.#pending.get(id);
      if (!pending) return;
      this.#pending.delete(id);
      pending.done(pending.gathered ?? []);
      return;
    }
    const pending = this.#pending.get(id);
    if (!pending) {
      this.#failAll(new Error(`response for unknown id ${JSON.stringify(id)}`));
      return;
    }
    const results = (response.results ?? []) as ResultMessage[];
    if (pending.gathered) {
      for (const result of results) {
        pending.gathered.push(result);
        pending.onResult?.(result);
      }
      return;
    }
    this.#pending.delete(id);
    pending.done(results);
  }

  #endBatch(): void {
    const batch = this.#batch;
    if (!batch) {
      this.#failAll(new Error('batch EOT received with no batch open'));
      return;
    }
    if (batch.answered !== batch.expected) {
      batch.fail(new Error(`UDF_PARTIAL_RESPONSE(batch_map): EOT after ${batch.answered} of ${batch.expected} responses`));
      return;
    }
    batch.done();
  }

  #failAll(err: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const entry of pending) entry.fail(err);
    this.#batch?.fail(err);
  }
}
