import type { Datum } from '../shared/datum.js';
import type { TransformMessage } from './message.js';

/** Source transformer: one datum in (id = the source offset), zero or more messages out, each with its event time. */
export type SourceTransformHandler = (datum: Datum) => readonly TransformMessage[] | Promise<readonly TransformMessage[]>;
