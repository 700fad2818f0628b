// A map stream with nothing of MapClient's bookkeeping, for tests of the protocol itself: the test writes the
// requests (datums, EOTs) at its own pace and sees every response in the order it came, e.g. that a batch map
// server answers a datum before the batch's EOT has been sent.
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { mapServiceDefinition } from '../map/server.js';
import type { MapRequestWire, MapResponseWire } from '../shared/wire.js';
import { UdfConnection, type ConnectOptions } from './connection.js';
import { toDatumWire, type DatumInput } from './inputs.js';

export class RawMapStream {
  /** Every response but the handshake's, in arrival order. */
  readonly responses: MapResponseWire[] = [];
  /** Resolves with 'end' when the server ends the stream, or with the stream's error. */
  readonly ended: Promise<unknown>;
  readonly #connection: UdfConnection;
  readonly #call: ClientDuplexStream<MapRequestWire, MapResponseWire>;
  #waiting: { count: number; resolve: () => void } | null = null;

  private constructor(connection: UdfConnection) {
    this.#connection = connection;
    this.#call = connection.bidi<MapRequestWire, MapResponseWire>('MapFn');
    this.#call.on('data', (response: MapResponseWire) => {
      if (response.handshake) return;
      this.responses.push(response);
      if (this.#waiting && this.responses.length >= this.#waiting.count) this.#waiting.resolve();
    });
    this.ended = new Promise((resolve) => {
      this.#call.on('end', () => resolve('end'));
      this.#call.on('error', resolve);
    });
    this.#call.write({ id: '', handshake: { sot: true } });
  }

  /** Opens a MapFn stream on the map server of this kind (map.sock, batchmap.sock or mapstream.sock) and sends the handshake. */
  static async open(kind: 'map' | 'batchmap' | 'mapstream', options: ConnectOptions = {}): Promise<RawMapStream> {
    return new RawMapStream(await UdfConnection.open(kind, mapServiceDefinition(), options));
  }

  datum(id: string, datum: DatumInput): void {
    this.#call.write({ id, request: toDatumWire(datum) });
  }

  /** The end of a batch (batch map). */
  eot(): void {
    this.#call.write({ id: '', status: { eot: true } });
  }

  /** Resolves once `count` responses have come. */
  until(count: number): Promise<void> {
    if (this.responses.length >= count) return Promise.resolve();
    return new Promise((resolve) => (this.#waiting = { count, resolve }));
  }

  /** Half-closes the stream and closes the connection. */
  close(): void {
    this.#call.end();
    this.#connection.close();
  }
}
