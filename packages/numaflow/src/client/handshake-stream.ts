import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import type { HandshakeWire } from '../shared/wire.js';

/**
 * A bidi stream opened like the platform opens it: handshake first, and the first response must
 * acknowledge it. Later responses go to `onResponse`; a stream error reaches every `onError` listener.
 */
export class HandshakeStream<Req, Res extends { handshake?: HandshakeWire | null }> {
  readonly call: ClientDuplexStream<Req, Res>;
  readonly ready: Promise<void>;
  #error: Error | undefined;
  #ended = false;
  readonly #errorListeners = new Set<(err: Error) => void>();

  constructor(call: ClientDuplexStream<Req, Res>, handshake: Req, onResponse: (response: Res) => void) {
    this.call = call;
    let acknowledged = false;
    this.ready = new Promise<void>((resolve, reject) => {
      call.on('data', (response: Res) => {
        if (acknowledged) {
          onResponse(response);
          return;
        }
        if (response.handshake?.sot) {
          acknowledged = true;
          resolve();
          return;
        }
        const err = new Error('invalid handshake response: the first response did not carry handshake.sot=true');
        reject(err);
        this.#raise(err);
        call.cancel();
      });
      call.on('error', (err: ServiceError) => {
        reject(err);
        this.#raise(err);
      });
      call.on('end', () => {
        this.#ended = true;
        const err = new Error('UDF ended the stream');
        reject(err);
        this.#raise(err, false);
      });
    });
    this.ready.catch(() => undefined);
    call.write(handshake);
  }

  /** The error that broke the stream, if any. */
  get error(): Error | undefined {
    return this.#error;
  }

  get ended(): boolean {
    return this.#ended;
  }

  onError(listener: (err: Error) => void): void {
    this.#errorListeners.add(listener);
  }

  write(request: Req): void {
    if (this.#error) throw this.#error;
    this.call.write(request);
  }

  end(): void {
    this.call.end();
  }

  #raise(err: Error, keep = true): void {
    if (this.#error) return;
    if (keep) this.#error = err;
    for (const listener of this.#errorListeners) listener(err);
  }
}
