import { InvalidResultError } from '../shared/errors.js';

/** The platform's tag for "drop this message": acked, counted, never forwarded. */
export const DROP_TAG = 'U+005C__DROP__';

const EMPTY = Buffer.alloc(0);
const NO_STRINGS: readonly string[] = Object.freeze([]);

export interface MessageOptions {
  keys?: readonly string[];
  /** Tags drive the edge conditions of the pipeline. */
  tags?: readonly string[];
}

/**
 * One result of a handler. Fields are own properties with the wire's names, so the SDK encodes a Message
 * as it is, without copying.
 */
export class Message {
  readonly keys: readonly string[];
  readonly value: Uint8Array;
  readonly tags: readonly string[];

  constructor(value: Uint8Array | string, options?: MessageOptions) {
    if (typeof value === 'string') this.value = Buffer.from(value);
    else if (value instanceof Uint8Array) this.value = value;
    else throw new InvalidResultError(`Message value must be a Uint8Array or a string, got ${typeof value}`);
    this.keys = options?.keys ?? NO_STRINGS;
    this.tags = options?.tags ?? NO_STRINGS;
  }

  /** A result that tells the platform to drop the input message. */
  static drop(): Message {
    return new Message(EMPTY, { tags: [DROP_TAG] });
  }

  get isDrop(): boolean {
    return this.tags.includes(DROP_TAG);
  }
}

/** Checks a handler's return value; throws InvalidResultError with a clear message otherwise. */
export function checkMessages(value: unknown, what: string): readonly Message[] {
  if (!Array.isArray(value)) throw new InvalidResultError(`${what} must return an array of Message, got ${typeof value}`);
  for (let i = 0; i < value.length; i++) {
    if (!(value[i] instanceof Message)) throw new InvalidResultError(`${what} returned a non-Message at index ${i}`);
  }
  return value as readonly Message[];
}
