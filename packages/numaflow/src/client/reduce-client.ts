import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { reduceServiceDefinition } from '../reduce/server.js';
import type { ServerInfo } from '../shared/server-info.js';
import { timestampToMillis, toMillis } from '../shared/time.js';
import { WindowEvent, type ReduceRequestWire, type ReduceResponseWire, type WindowWire } from '../shared/wire.js';
import { UdfConnection, type ConnectOptions } from './connection.js';
import { toDatumWire, windowTimestamp, type DatumInput, type ResultMessage } from './inputs.js';

export interface WindowBounds {
  start: Date | number;
  end: Date | number;
}

export interface ReduceResult extends ResultMessage {
  window: { start: Date; end: Date };
  /** Event time the platform gives the output: window end - 1 ms. */
  eventTime: Date;
}

/** One window's ReduceFn stream: append datums, then close to get the window's results. */
export interface WindowStream {
  /** Sends a datum (OPEN for the first, APPEND after). */
  append(datum: DatumInput): void;
  /** Ends the request stream (the platform's way of closing an aligned window) and waits for EOF. */
  close(): Promise<ReduceResult[]>;
}

function toResult(response: ReduceResponseWire): ReduceResult {
  const result = response.result;
  const start = timestampToMillis(response.window?.start);
  const end = timestampToMillis(response.window?.end);
  return {
    keys: (result?.keys ?? []) as string[],
    value: (result?.value ?? Buffer.alloc(0)) as Buffer,
    tags: (result?.tags ?? []) as string[],
    window: { start: new Date(start), end: new Date(end) },
    eventTime: new Date(end - 1),
  };
}

class ReduceWindowStream implements WindowStream {
  readonly #call: ClientDuplexStream<ReduceRequestWire, ReduceResponseWire>;
  readonly #window: WindowWire;
  readonly #results: Promise<ReduceResult[]>;
  #opened = false;
  #closed = false;

  constructor(call: ClientDuplexStream<ReduceRequestWire, ReduceResponseWire>, bounds: WindowBounds) {
    this.#call = call;
    this.#window = { start: windowTimestamp(bounds.start), end: windowTimestamp(bounds.end), slot: '0' };
    const results: ReduceResult[] = [];
    this.#results = new Promise<ReduceResult[]>((resolve, reject) => {
      let eof = false;
      call.on('data', (response: ReduceResponseWire) => {
        if (eof) return;
        if (response.EOF) {
          eof = true;
          resolve(results);
          return;
        }
        results.push(toResult(response));
      });
      call.on('error', (err: ServiceError) => reject(err));
      call.on('end', () => {
        if (eof) return;
        if (this.#opened) reject(new Error('reduce stream ended without EOF'));
        else resolve(results);
      });
    });
    this.#results.catch(() => undefined);
  }

  append(datum: DatumInput): void {
    if (this.#closed) throw new Error('window stream already closed');
    const event = this.#opened ? WindowEvent.APPEND : WindowEvent.OPEN;
    this.#opened = true;
    this.#call.write({ payload: toDatumWire(datum), operation: { event, windows: [this.#window] } });
  }

  close(): Promise<ReduceResult[]> {
    if (!this.#closed) {
      this.#closed = true;
      this.#call.end();
    }
    return this.#results;
  }
}

/** Drives an aligned reducer as the platform does: one ReduceFn stream per window. */
export class ReduceClient {
  readonly info: ServerInfo;
  readonly #connection: UdfConnection;

  private constructor(connection: UdfConnection) {
    this.#connection = connection;
    this.info = connection.info;
  }

  static async connect(options: ConnectOptions = {}): Promise<ReduceClient> {
    return new ReduceClient(await UdfConnection.open('reduce', reduceServiceDefinition(), options));
  }

  isReady(): Promise<boolean> {
    return this.#connection.isReady();
  }

  /** Opens the stream of one window; datums can be appended as they arrive. */
  openWindow(bounds: WindowBounds): WindowStream {
    if (!(toMillis(bounds.end) > toMillis(bounds.start))) throw new Error('window end must be after its start');
    return new ReduceWindowStream(this.#connection.bidi('ReduceFn'), bounds);
  }

  /** One window at once: OPEN + APPENDs, end of stream, results until EOF. */
  reduceWindow(bounds: WindowBounds, datums: Iterable<DatumInput>): Promise<ReduceResult[]> {
    const stream = this.openWindow(bounds);
    for (const datum of datums) stream.append(datum);
    return stream.close();
  }

  close(): void {
    this.#connection.close();
  }
}
