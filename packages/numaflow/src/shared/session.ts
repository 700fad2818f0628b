import { status, type ServerDuplexStream, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { describeError, protocolStatus, udfExecutionStatus } from './errors.js';
import type { ServiceHooks } from './server.js';
import type { HandshakeWire } from './wire.js';

/**
 * One bidirectional stream from the platform: handshake first, then requests; counts work in flight so a
 * shutdown can end the stream as soon as everything received has been answered.
 */
export class Session<Req extends { handshake?: HandshakeWire | null }, Res> {
  readonly #call: ServerDuplexStream<Req, Res>;
  readonly #hooks: ServiceHooks;
  #handshaken = false;
  #closed = false;
  #draining = false;
  #inFlight = 0;
  readonly #unregister: () => void;

  constructor(
    call: ServerDuplexStream<Req, Res>,
    hooks: ServiceHooks,
    handshakeResponse: Res,
    onRequest: (request: Req) => void,
  ) {
    this.#call = call;
    this.#hooks = hooks;
    this.#unregister = hooks.onDrain(() => this.drain());
    call.on('data', (request: Req) => {
      if (this.#closed) return;
      if (this.#handshaken) {
        onRequest(request);
        return;
      }
      if (request.handshake?.sot) {
        this.#handshaken = true;
        call.write(handshakeResponse);
        return;
      }
      this.reject(status.INVALID_ARGUMENT, 'invalid handshake: the first request of a stream must carry handshake.sot=true');
    });
    // The platform half-closed its side: answer what is in flight, then end.
    call.on('end', () => this.drain());
    call.on('error', () => this.#close());
    call.on('cancelled', () => this.#close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Marks `count` received requests as in flight (answer owed). */
  begin(count = 1): void {
    this.#inFlight += count;
  }

  /** Marks `count` requests as answered. */
  finish(count = 1): void {
    this.#inFlight -= count;
    if (this.#draining && this.#inFlight === 0) this.#end();
  }

  write(response: Res): void {
    if (!this.#closed) this.#call.write(response);
  }

  /** Stop reading from the platform until `resume` (bounds memory when a handler is slower than input). */
  pause(): void {
    this.#call.pause();
  }

  resume(): void {
    this.#call.resume();
  }

  /** A handler threw or returned garbage: end the stream with INTERNAL and stop the server. */
  fail(err: unknown): void {
    if (this.#closed) return;
    this.#hooks.logger.error(`handler failed: ${describeError(err)}`, err);
    this.#call.emit('error', udfExecutionStatus(err));
    this.#close();
    this.#hooks.onHandlerError(err);
  }

  /** The platform broke the protocol: end this stream with a clear status; the server keeps serving. */
  reject(code: status, details: string): void {
    if (this.#closed) return;
    this.#hooks.logger.error(`rejecting stream: ${details}`);
    this.#call.emit('error', protocolStatus(code, details));
    this.#close();
  }

  /** No new work expected: end the stream once everything in flight is answered. */
  drain(): void {
    this.#draining = true;
    if (this.#inFlight === 0) this.#end();
  }

  #end(): void {
    if (this.#closed) return;
    this.#close();
    this.#call.end();
  }

  #close(): void {
    this.#closed = true;
    this.#unregister();
  }
}

/** IsReady: the platform's liveness check; answering at all means ready. */
export function isReady(_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<{ ready: boolean }>): void {
  callback(null, { ready: true });
}
