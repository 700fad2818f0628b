import { sourceTransformServiceDefinition } from '../sourcetransform/server.js';
import type { ServerInfo } from '../shared/server-info.js';
import { timestampToDate } from '../shared/time.js';
import type { ResultWire, TransformRequestWire, TransformResponseWire } from '../shared/wire.js';
import { UdfConnection, type ConnectOptions } from './connection.js';
import { HandshakeStream } from './handshake-stream.js';
import { toDatumWire, type DatumInput, type ResultMessage } from './inputs.js';
import { runWindowed } from './window.js';

export interface TransformResult extends ResultMessage {
  eventTime: Date;
}

export interface TransformClientOptions extends ConnectOptions {
  /** Requests in flight at most. Default 500. */
  concurrency?: number;
}

const HANDSHAKE: TransformRequestWire = { handshake: { sot: true } };

interface Pending {
  done: (results: TransformResult[]) => void;
  fail: (err: Error) => void;
}

function toResult(result: ResultWire): TransformResult {
  return {
    keys: (result.keys ?? []) as string[],
    value: result.value as Buffer,
    tags: (result.tags ?? []) as string[],
    eventTime: timestampToDate(result.event_time),
  };
}

/** Drives a source transformer as the platform does (handshake, id inside the request, answers by id). */
export class SourceTransformClient {
  readonly info: ServerInfo;
  readonly #connection: UdfConnection;
  readonly #stream: HandshakeStream<TransformRequestWire, TransformResponseWire>;
  readonly #pending = new Map<string, Pending>();
  readonly #concurrency: number;
  #nextId = 0;

  private constructor(connection: UdfConnection, concurrency: number) {
    this.#connection = connection;
    this.info = connection.info;
    this.#concurrency = concurrency;
    this.#stream = new HandshakeStream<TransformRequestWire, TransformResponseWire>(
      connection.bidi('SourceTransformFn'),
      HANDSHAKE,
      (response) => this.#route(response),
    );
    this.#stream.onError((err) => {
      const pending = [...this.#pending.values()];
      this.#pending.clear();
      for (const entry of pending) entry.fail(err);
    });
  }

  static async connect(options: TransformClientOptions = {}): Promise<SourceTransformClient> {
    const connection = await UdfConnection.open('sourcetransform', sourceTransformServiceDefinition(), options);
    const client = new SourceTransformClient(connection, options.concurrency ?? 500);
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

  transform(datum: DatumInput): Promise<TransformResult[]> {
    return new Promise((done, fail) => this.#send(datum, done, fail));
  }

  /** Many datums with up to `concurrency` in flight; answers in input order. */
  transformAll(datums: Iterable<DatumInput>, onResult?: (index: number, results: TransformResult[]) => void): Promise<TransformResult[][]> {
    return runWindowed(datums, this.#concurrency, (datum, _i, done, fail) => this.#send(datum, done, fail), onResult);
  }

  close(): void {
    this.#stream.end();
    this.#connection.close();
  }

  #send(datum: DatumInput, done: Pending['done'], fail: Pending['fail']): void {
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
    this.#pending.set(id, { done, fail });
    this.#stream.write({ request: toDatumWire(datum, id) });
  }

  #route(response: TransformResponseWire): void {
    const id = response.id ?? '';
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    pending.done((response.results ?? []).map(toResult));
  }
}
