import type { Datum } from '../shared/datum.js';
import type { Message } from './message.js';

/** Unary map: one datum in, zero or more messages out (an empty array acks the input and forwards nothing). */
export type MapHandler = (datum: Datum) => readonly Message[] | Promise<readonly Message[]>;

/**
 * Batch map: the whole batch the platform sent, in arrival order. Return one array of messages per datum,
 * in the same order.
 */
export type BatchMapHandler = (
  datums: readonly Datum[],
) => ReadonlyArray<readonly Message[]> | Promise<ReadonlyArray<readonly Message[]>>;

/** Stream map: messages are sent to the platform as the handler yields them. */
export type MapStreamHandler = (datum: Datum) => AsyncIterable<Message> | Iterable<Message>;
