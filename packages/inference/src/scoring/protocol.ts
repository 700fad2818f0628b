// The messages between the inference UDF's main thread (gRPC, the SDK, metrics) and its scoring thread (decode,
// InferenceStage, encode). A group's payloads travel as one transferred buffer each way: no copy per datum
// across the thread boundary, and no structured clone of Buffers that are views of larger ones.
import type { ModelSource } from '../stage.js';

/** Main -> scoring thread: the raw payloads of one group, back to back. */
export interface GroupRequest {
  id: number;
  /** Payload i is bytes[ends[i - 1] .. ends[i]] (from 0 for i = 0). */
  bytes: Uint8Array;
  ends: Int32Array;
}

/** What became of one datum. */
export const Outcome = {
  /** Not a window (decode or schema): an `invalid` output datum with the reason. */
  InvalidWindow: 0,
  /** A window the stage could not score (no density class configured, say): `invalid` with the reason. */
  InvalidResult: 1,
  Score: 2,
  Static: 3,
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** Fields per datum in GroupAnswer.layout. */
export const LAYOUT_FIELDS = 3;

/** The outputs of one scored group (scoreGroup), in the order of its payloads. */
export interface ScoredGroup {
  /** The encoded output payloads of the group, back to back. */
  bytes: Uint8Array;
  /**
   * Per datum i, at LAYOUT_FIELDS * i: the outcome; where its scored payload ends; where its training request
   * ends (equal to the scored end when it asks for none). Each datum's bytes start where the previous one's end.
   */
  layout: Int32Array;
  /** Per datum: the scored payload's keys (null for an invalid one). */
  keys: (string[] | null)[];
  /** Per datum: why it is invalid (null otherwise). */
  reasons: (string | null)[];
  /** How often each model source served the group's lookups. */
  sources: [ModelSource, number][];
}

/** Scoring thread -> main: one answer per request, in request order. */
export type GroupAnswer = ({ id: number; ok: true } & ScoredGroup) | { id: number; ok: false; error: string };

/** Scoring thread -> main, once: the stage is built (or why it could not be). */
export type ReadyMessage = { ready: true } | { ready: false; error: string };

/** Copies payloads into one buffer of their own (transferable: never a pooled slab). */
export function packPayloads(values: readonly Uint8Array[]): { bytes: Uint8Array<ArrayBuffer>; ends: Int32Array<ArrayBuffer> } {
  let total = 0;
  for (const value of values) total += value.length;
  const bytes = new Uint8Array(total);
  const ends = new Int32Array(values.length);
  let at = 0;
  values.forEach((value, i) => {
    bytes.set(value, at);
    at += value.length;
    ends[i] = at;
  });
  return { bytes, ends };
}

/** The payloads of a GroupRequest, as views of its one buffer. */
export function unpackPayloads({ bytes, ends }: Pick<GroupRequest, 'bytes' | 'ends'>): Uint8Array[] {
  const payloads: Uint8Array[] = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    payloads[i] = bytes.subarray(start, ends[i]);
    start = ends[i]!;
  }
  return payloads;
}
