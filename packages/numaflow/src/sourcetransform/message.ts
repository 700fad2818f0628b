import { InvalidResultError } from '../shared/errors.js';
import { DROP_TAG } from '../map/message.js';

const EMPTY = Buffer.alloc(0);
const NO_STRINGS: readonly string[] = Object.freeze([]);

export interface TransformMessageOptions {
  keys?: readonly string[];
  tags?: readonly string[];
}

/** One result of a source transformer: like a map Message, plus the (possibly new) event time. */
export class TransformMessage {
  readonly keys: readonly string[];
  readonly value: Uint8Array;
  readonly tags: readonly string[];
  readonly eventTime: Date;

  constructor(value: Uint8Array | string, eventTime: Date, options?: TransformMessageOptions) {
    if (typeof value === 'string') this.value = Buffer.from(value);
    else if (value instanceof Uint8Array) this.value = value;
    else throw new InvalidResultError(`TransformMessage value must be a Uint8Array or a string, got ${typeof value}`);
    if (!(eventTime instanceof Date) || Number.isNaN(eventTime.getTime())) {
      throw new InvalidResultError('TransformMessage eventTime must be a valid Date');
    }
    this.eventTime = eventTime;
    this.keys = options?.keys ?? NO_STRINGS;
    this.tags = options?.tags ?? NO_STRINGS;
  }

  /** Drops the input message; the event time still matters to the platform's watermark. */
  static drop(eventTime: Date): TransformMessage {
    return new TransformMessage(EMPTY, eventTime, { tags: [DROP_TAG] });
  }
}
