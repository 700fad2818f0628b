import { status, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { AsyncQueue } from '../shared/async-queue.js';
import { Datum } from '../shared/datum.js';
import { describeError, protocolStatus, udfExecutionStatus } from '../shared/errors.js';
import { codec } from '../shared/protos.js';
import { isReady } from '../shared/session.js';
import type { ServiceHooks } from '../shared/server.js';
import { timestampToMillis } from '../shared/time.js';
import { WindowEvent, type ReduceRequestWire, type ReduceResponseWire, type WindowWire } from '../shared/wire.js';
import type { ReduceHandler } from './handler.js';
import { checkMessages } from './message.js';

type ReduceCall = ServerDuplexStream<ReduceRequestWire, ReduceResponseWire>;

export const reduceRequestCodec = codec<ReduceRequestWire>('reduce.v1.ReduceRequest');
export const reduceResponseCodec = codec<ReduceResponseWire>('reduce.v1.ReduceResponse');

// Stop reading from the platform while this many datums wait for slow handlers; resume below the low mark.
const PAUSE_AT = 1000;
const RESUME_AT = 100;

interface Group {
  queue: AsyncQueue<Datum>;
  done: Promise<void>;
}

interface OpenWindow {
  wire: WindowWire;
  groups: Map<string, Group>;
}

/** Handles one ReduceFn stream (one per window for aligned windows, as the platform drives it). */
class ReduceStream {
  readonly #call: ReduceCall;
  readonly #hooks: ServiceHooks;
  readonly #handler: ReduceHandler;
  readonly #windows = new Map<string, OpenWindow>();
  readonly #closing: Promise<void>[] = [];
  #buffered = 0;
  #paused = false;
  #closed = false;

  constructor(call: ReduceCall, hooks: ServiceHooks, handler: ReduceHandler) {
    this.#call = call;
    this.#hooks = hooks;
    this.#handler = handler;
    call.on('data', (request: ReduceRequestWire) => this.#onRequest(request));
    call.on('end', () => void this.#finish());
    call.on('error', () => (this.#closed = true));
    call.on('cancelled', () => (this.#closed = true));
  }

  #onRequest(request: ReduceRequestWire): void {
    if (this.#closed) return;
    const operation = request.operation;
    const windows = operation?.windows ?? [];
    const window = windows[0];
    if (windows.length !== 1 || !window) {
      this.#reject(`reduce request must name exactly one window, got ${windows.length}`);
      return;
    }
    const event = operation?.event ?? WindowEvent.OPEN;
    const windowKey = `${timestampToMillis(window.start)}:${timestampToMillis(window.end)}`;
    if (event === WindowEvent.CLOSE) {
      this.#closeWindow(windowKey);
      return;
    }
    if (event !== WindowEvent.OPEN && event !== WindowEvent.APPEND) {
      this.#reject(`unsupported window operation ${event} for an aligned reducer`);
      return;
    }
    const payload = request.payload;
    if (!payload) {
      this.#reject('reduce OPEN/APPEND request without a payload');
      return;
    }
    let open = this.#windows.get(windowKey);
    if (!open) {
      open = { wire: window, groups: new Map() };
      this.#windows.set(windowKey, open);
    }
    const keysKey = payload.keys.join('\u0000');
    let group = open.groups.get(keysKey);
    if (!group) {
      group = this.#startGroup(payload.keys, open.wire);
      open.groups.set(keysKey, group);
    }
    const before = group.queue.size;
    group.queue.push(new Datum(payload, ''));
    if (group.queue.size > before) this.#buffered++;
    if (!this.#paused && this.#buffered >= PAUSE_AT) {
      this.#paused = true;
      this.#call.pause();
    }
  }

  #startGroup(keys: readonly string[], window: WindowWire): Group {
    const queue = new AsyncQueue<Datum>(() => this.#taken());
    const interval = { start: new Date(timestampToMillis(window.start)), end: new Date(timestampToMillis(window.end)) };
    const run = async (): Promise<void> => {
      const messages = checkMessages(await this.#handler(keys, queue, interval), 'reduce handler');
      this.#buffered -= queue.discard();
      for (const message of messages) this.#write({ result: message, window });
    };
    const done = run().catch((err: unknown) => this.#fail(err));
    return { queue, done };
  }

  #taken(): void {
    this.#buffered--;
    if (this.#paused && this.#buffered <= RESUME_AT) {
      this.#paused = false;
      this.#call.resume();
    }
  }

  /** Ends the window's groups, waits for their results, then sends the window's EOF. */
  #closeWindow(windowKey: string): void {
    const open = this.#windows.get(windowKey);
    if (!open) return;
    this.#windows.delete(windowKey);
    for (const group of open.groups.values()) group.queue.end();
    const groupsDone = [...open.groups.values()].map((group) => group.done);
    this.#closing.push(Promise.all(groupsDone).then(() => this.#write({ window: open.wire, EOF: true })));
  }

  async #finish(): Promise<void> {
    for (const windowKey of [...this.#windows.keys()]) this.#closeWindow(windowKey);
    await Promise.all(this.#closing);
    if (!this.#closed) {
      this.#closed = true;
      this.#call.end();
    }
  }

  #write(response: ReduceResponseWire): void {
    if (!this.#closed) this.#call.write(response);
  }

  #fail(err: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#hooks.logger.error(`reduce handler failed: ${describeError(err)}`, err);
    this.#call.emit('error', udfExecutionStatus(err));
    this.#hooks.onHandlerError(err);
  }

  #reject(details: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#hooks.logger.error(`rejecting reduce stream: ${details}`);
    this.#call.emit('error', protocolStatus(status.INVALID_ARGUMENT, details));
  }
}

export function reduceServiceImplementation(handler: ReduceHandler, hooks: ServiceHooks): UntypedServiceImplementation {
  const ReduceFn = (call: ReduceCall): void => {
    new ReduceStream(call, hooks, handler);
  };
  return { ReduceFn, IsReady: isReady };
}
