import { describe, expect, it } from 'vitest';
import { decodeWindow, encodeWindowFrame, isWindowFrame, readWindowFrame, type WindowPayload } from '../src/flow/index.js';

// Values that JSON would write at full length, and a raw part, so the frame's header carries more than scalars.
const window: WindowPayload = {
  keys: ['svc', 'eu-west'],
  features: ['cpu', 'latency'],
  end: 1_700_000_005_000,
  intervalMs: 1000,
  points: 3,
  values: [0.1 + 0.2, -1e-300, 7.274436320730774, 22.17438805285287, Number.MAX_VALUE, -0],
  observed: 2,
  density: 2 / 3,
  densityClass: 'sparse',
  complete: false,
  raw: { t: [1_700_000_003_000, 1_700_000_005_000], v: [[0.3, -1e-300], [Number.MAX_VALUE, 0]] },
};

/** A copy of a frame with its header length field set to n. */
function withHeaderLength(frame: Uint8Array, n: number): Uint8Array {
  const copy = frame.slice();
  new DataView(copy.buffer).setUint32(4, n, true);
  return copy;
}

/** A frame whose header is the given text (values after it, aligned as the encoder aligns them). */
function frameWithHeader(header: string, values: number[]): Uint8Array {
  const head = new TextEncoder().encode(header);
  const dataAt = (8 + head.length + 7) & ~7;
  const bytes = new Uint8Array(dataAt + values.length * 8);
  bytes.set([0x4e, 0x4c, 0x57, 0x01]);
  const view = new DataView(bytes.buffer);
  view.setUint32(4, head.length, true);
  bytes.set(head, 8);
  values.forEach((v, i) => view.setFloat64(dataAt + i * 8, v, true));
  return bytes;
}

describe('window frames', () => {
  it('round-trips every field and every value bit for bit', () => {
    const frame = encodeWindowFrame(window);
    expect(isWindowFrame(frame)).toBe(true);
    const decoded = decodeWindow(frame);
    expect(decoded).toEqual({ ok: true, value: window });
    if (!decoded.ok) return;
    expect(Object.is(decoded.value.values[5], -0)).toBe(true);
    expect(decoded.value.values[0]).toBe(0.1 + 0.2);
  });

  it('is smaller than the same window as JSON', () => {
    const { raw: _raw, ...grid } = window;
    expect(encodeWindowFrame(grid).length).toBeLessThan(Buffer.byteLength(JSON.stringify(grid)));
  });

  it('decodes a frame inside a larger buffer (a protobuf field is a view at any offset)', () => {
    const frame = encodeWindowFrame(window);
    const host = new Uint8Array(frame.length + 3);
    host.set(frame, 3);
    expect(decodeWindow(host.subarray(3))).toEqual({ ok: true, value: window });
  });

  it('still decodes JSON windows, and JSON is never taken for a frame', () => {
    expect(decodeWindow(Buffer.from(JSON.stringify(window)))).toEqual({ ok: true, value: JSON.parse(JSON.stringify(window)) });
    expect(isWindowFrame(Buffer.from(JSON.stringify(window)))).toBe(false);
    expect(isWindowFrame(Buffer.from('NLW'))).toBe(false);
  });

  it.each([
    ['a NaN value', Number.NaN],
    ['an infinite value', Number.POSITIVE_INFINITY],
  ])('refuses %s, which only a frame can carry, with the value named', (_name, bad) => {
    const frame = encodeWindowFrame({ ...window, values: [1, 2, 3, bad, 5, 6] });
    expect(decodeWindow(frame)).toMatchObject({ ok: false, reason: expect.stringMatching(/^window payload: values\.3: /) });
  });

  it('refuses values of the wrong count as the JSON schema does', () => {
    expect(decodeWindow(encodeWindowFrame({ ...window, values: [1, 2, 3] }))).toMatchObject({ ok: false, reason: expect.stringMatching(/points x features/) });
  });

  it('says what is wrong with a broken frame', () => {
    const frame = encodeWindowFrame(window);
    const reasonOf = (bytes: Uint8Array) => {
      const decoded = decodeWindow(bytes);
      expect(decoded.ok).toBe(false);
      return decoded.ok ? '' : decoded.reason;
    };
    expect(reasonOf(frame.subarray(0, 6))).toMatch(/shorter than its 8-byte prefix/);
    expect(reasonOf(withHeaderLength(frame, 1 << 30))).toMatch(/runs past the/);
    expect(reasonOf(frame.subarray(0, frame.length - 3))).toMatch(/not a whole number of float64/);
    expect(reasonOf(frameWithHeader('{"keys":', []))).toMatch(/header is not UTF-8 JSON/);
    expect(reasonOf(frameWithHeader('[1,2]', []))).toMatch(/header is not a JSON object/);
    expect(reasonOf(frameWithHeader('null', []))).toMatch(/header is not a JSON object/);
    expect(reasonOf(frameWithHeader('{"values":[1]}', [1]))).toMatch(/header carries values/);
    const badUtf8 = frameWithHeader('{"keys":["ab"]}', []);
    badUtf8[10] = 0xff;
    expect(reasonOf(badUtf8)).toMatch(/header is not UTF-8 JSON/);
    expect(readWindowFrame(Buffer.from('{}'))).toEqual({ ok: false, reason: 'not a window frame (bad magic)' });
  });

  it('refuses a header field the window schema refuses, naming it', () => {
    const { values, ...header } = window;
    expect(decodeWindow(frameWithHeader(JSON.stringify({ ...header, extra: 1 }), values))).toMatchObject({ ok: false, reason: expect.stringMatching(/^window payload: /) });
    expect(decodeWindow(frameWithHeader(JSON.stringify({ ...header, points: 'three' }), values))).toMatchObject({ ok: false, reason: expect.stringMatching(/points/) });
  });

  it('never throws on a truncated or bit-flipped frame', () => {
    const frame = encodeWindowFrame(window);
    for (let cut = 0; cut < frame.length; cut++) expect(decodeWindow(frame.subarray(0, cut)).ok).toBe(false);
    for (let at = 4; at < frame.length; at++) {
      const flipped = frame.slice();
      flipped[at]! ^= 0x5a;
      expect(() => decodeWindow(flipped)).not.toThrow();
    }
  });
});
