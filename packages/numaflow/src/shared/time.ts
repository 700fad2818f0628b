import type { TimestampWire } from './wire.js';

/** Milliseconds since the epoch of a protobuf Timestamp; a missing timestamp reads as -1 (as the Go SDK does). */
export function timestampToMillis(ts: TimestampWire | null | undefined): number {
  if (!ts) return -1;
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return seconds * 1000 + Math.floor(ts.nanos / 1e6);
}

export function timestampToDate(ts: TimestampWire | null | undefined): Date {
  return new Date(timestampToMillis(ts));
}

export function millisToTimestamp(ms: number): TimestampWire {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
}

export function toMillis(time: Date | number): number {
  return typeof time === 'number' ? time : time.getTime();
}
