import type { Decoded } from './codec.js';
import type { WindowPayload } from './payloads.js';

// A window's values are most of its bytes and most of the cost of decoding it: 36 doubles written at 17 digits
// are ~70% of an 835-byte JSON window, and JSON.parse reads them digit by digit. Preprocess and inference are
// both ours, so between them a window travels as a frame: every field but `values` as a short JSON header, then
// the values as little-endian float64, copied out with no text in between. Decoders still accept plain JSON
// windows (hand-sent messages, tests, older preprocess images).
//
// Layout: "NLW" 0x01 (magic and format version; no JSON text starts with 'N') | header length, uint32 LE |
// header, UTF-8 JSON object without `values` | zero bytes up to a multiple of 8 | values, float64 LE.

const MAGIC = [0x4e, 0x4c, 0x57, 0x01] as const;
const PREFIX = 8;
const utf8Out = new TextEncoder();
const utf8In = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes start with a window frame's magic (they may still be a broken frame). */
export function isWindowFrame(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === MAGIC[0] && bytes[1] === MAGIC[1] && bytes[2] === MAGIC[2] && bytes[3] === MAGIC[3];
}

const padTo8 = (n: number): number => (n + 7) & ~7;

/** The window as a frame (see the layout above). The header is the payload's JSON without `values`. */
export function encodeWindowFrame(window: WindowPayload): Uint8Array {
  const { values, ...header } = window;
  const head = utf8Out.encode(JSON.stringify(header));
  const dataAt = padTo8(PREFIX + head.length);
  const bytes = new Uint8Array(dataAt + values.length * 8);
  bytes.set(MAGIC, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, head.length, true);
  bytes.set(head, PREFIX);
  for (let i = 0; i < values.length; i++) view.setFloat64(dataAt + i * 8, values[i]!, true);
  return bytes;
}

/**
 * The frame's header object with `values` put back, or why the bytes are not a well-formed frame. Only the
 * framing is checked here (lengths, UTF-8, a JSON object header without `values`); whether the result is a
 * valid window is the window schema's call, as for a JSON window.
 */
export function readWindowFrame(bytes: Uint8Array): Decoded<Record<string, unknown>> {
  if (!isWindowFrame(bytes)) return { ok: false, reason: 'not a window frame (bad magic)' };
  if (bytes.length < PREFIX) return { ok: false, reason: `window frame: ${bytes.length} bytes, shorter than its ${PREFIX}-byte prefix` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(4, true);
  const dataAt = padTo8(PREFIX + headLength);
  if (dataAt > bytes.length) return { ok: false, reason: `window frame: header of ${headLength} bytes runs past the ${bytes.length}-byte frame` };
  if ((bytes.length - dataAt) % 8 !== 0) return { ok: false, reason: `window frame: ${bytes.length - dataAt} value bytes, not a whole number of float64` };
  let header: unknown;
  try {
    header = JSON.parse(utf8In.decode(bytes.subarray(PREFIX, PREFIX + headLength)));
  } catch (err) {
    return { ok: false, reason: `window frame: header is not UTF-8 JSON (${(err as Error).message})` };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return { ok: false, reason: 'window frame: header is not a JSON object' };
  if (Object.prototype.hasOwnProperty.call(header, 'values')) return { ok: false, reason: 'window frame: header carries values (they belong after it)' };
  const values: number[] = [];
  for (let at = dataAt; at < bytes.length; at += 8) values.push(view.getFloat64(at, true));
  const value = header as Record<string, unknown>;
  value['values'] = values;
  return { ok: true, value };
}
