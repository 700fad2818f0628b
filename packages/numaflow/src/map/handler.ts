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
 * Batch map answered datum by datum: `answer` runs on each datum as it arrives, and its messages go out as soon
 * as they are ready, while the platform may still be sending the rest of the batch; the batch's EOT goes out
 * once every datum of it is answered. A stock Numaflow takes answers in any order at any time before that EOT:
 * it registers each id before it sends the request and routes responses by id as they come
 * (rust/numaflow-core/src/mapper/map/batch.rs). An error thrown or rejected by `answer` fails the stream like
 * one thrown by a batch handler.
 */
export interface EagerBatchMapHandler {
  answer: MapHandler;
}

/** Stream map: messages are sent to the platform as the handler yields them. */
export type MapStreamHandler = (datum: Datum) => AsyncIterable<Message> | Iterable<Message>;
