import { timestampToDate } from './time.js';
import type { DatumWire } from './wire.js';

/**
 * One input element as a handler sees it. A thin view over the decoded request: nothing is converted
 * unless the handler asks for it.
 */
export class Datum {
  readonly #wire: DatumWire;
  /** The platform's id of the message (map and source transform); empty for reduce. */
  readonly id: string;

  constructor(wire: DatumWire, id: string) {
    this.#wire = wire;
    this.id = id;
  }

  get keys(): readonly string[] {
    return this.#wire.keys;
  }

  /** Payload bytes (a Buffer over the received frame; copy it to keep it beyond the call). */
  get value(): Buffer {
    return this.#wire.value as Buffer;
  }

  /** Event time; the epoch minus 1 ms when the platform sent none. */
  get eventTime(): Date {
    return timestampToDate(this.#wire.event_time);
  }

  /** Watermark; the epoch minus 1 ms when the platform sent none. */
  get watermark(): Date {
    return timestampToDate(this.#wire.watermark);
  }

  get headers(): Readonly<Record<string, string>> {
    return this.#wire.headers;
  }

  /** User metadata groups (group name -> key -> bytes) carried by the message. */
  get userMetadata(): Readonly<Record<string, Readonly<Record<string, Uint8Array>>>> {
    const groups = this.#wire.metadata?.user_metadata ?? {};
    const out: Record<string, Record<string, Uint8Array>> = {};
    for (const [name, group] of Object.entries(groups)) out[name] = group.key_value;
    return out;
  }
}
