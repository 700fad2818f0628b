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

/**
 * Batch map in two steps, for handlers with work to do on each datum on its own (decoding, say): `accept` runs
 * on each datum as it arrives, before the batch's EOT, so that work overlaps the platform's sending of the rest
 * of the batch; `finish` runs at the EOT with the whole batch and what `accept` returned for each datum, in
 * arrival order, and answers as a BatchMapHandler does. An error thrown by `accept` fails the stream like one
 * thrown by the handler.
 */
export interface StreamingBatchMapHandler<Accepted> {
  accept(datum: Datum): Accepted;
  finish(
    datums: readonly Datum[],
    accepted: readonly Accepted[],
  ): ReturnType<BatchMapHandler>;
}

/** Stream map: messages are sent to the platform as the handler yields them. */
export type MapStreamHandler = (datum: Datum) => AsyncIterable<Message> | Iterable<Message>;
