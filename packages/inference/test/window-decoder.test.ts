import { describe, expect, it } from 'vitest';
import { decodeWindow, encodeWindowFrame, type WindowPayload } from '@numalogic/core';
import { decodeWindowFast } from '../src/window-decoder.js';
import { syntheticRows, windowOf } from '../src/bench/fixture-bundle.js';
import { badPayloads } from './harness.js';

const shape = { features: ['a', 'b'], window: 4, intervalMs: 1000 };
const gridWindow = windowOf(['api', 'eu'], syntheticRows(20, 2), 10, shape);
// What preprocess sends after a gap or with off-grid times: the observed points travel as `raw`.
const valid = { ...gridWindow, raw: { t: [7000, 8000, 10_000], v: [[1, 2], [3, 4], [5, 6]] } } as unknown as Record<string, unknown>;
const text = (o: unknown) => Buffer.from(JSON.stringify(o));
// What preprocess sends: the same fields as a window frame (values as float64 after a JSON header).
const frame = (o: unknown) => Buffer.from(encodeWindowFrame(o as WindowPayload));

/** The fast decoder must agree with core's decodeWindow: same verdict, same value, same reason. */
function agree(bytes: Buffer): void {
  const fast = decodeWindowFast(bytes);
  const core = decodeWindow(bytes);
  expect(fast, bytes.subarray(0, 120).toString()).toEqual(core);
}

describe('decodeWindowFast', () => {
  it('accepts what core accepts', () => {
    agree(text(valid));
    expect(gridWindow.raw).toBeUndefined();
    agree(text(gridWindow));
    agree(text({ ...gridWindow, force: true }));
    agree(text({ ...valid, force: true }));
    agree(text({ ...valid, keys: [] }));
    agree(text({ ...valid, raw: { t: [], v: [[1], [2, 3]] } }));
    agree(text({ ...valid, density: 0, observed: 0 }));
    expect(decodeWindowFast(text(valid)).ok).toBe(true);
  });

  it.each([
    ['points beyond safe integers', { points: 2 ** 53 }],
    ['fractional observed', { observed: 1.5 }],
    ['negative observed', { observed: -1 }],
    ['zero interval', { intervalMs: 0 }],
    ['density above 1', { density: 1.0001 }],
    ['no features', { features: [] }],
    ['an empty feature name', { features: ['', 'b'] }],
    ['values of the wrong length', { values: [1, 2, 3] }],
    ['a non-string key', { keys: [1] }],
    ['force null', { force: null }],
    ['an empty density class', { densityClass: '' }],
    ['complete as a string', { complete: 'true' }],
    ['raw with an extra key', { raw: { t: [], v: [], x: 1 } }],
    ['raw without v', { raw: { t: [] } }],
    ['raw.v not nested', { raw: { t: [1], v: [1] } }],
    ['raw.t with a string', { raw: { t: ['1'], v: [] } }],
    ['raw null', { raw: null }],
    ['raw an array', { raw: [] }],
  ])('refuses %s as core does, in JSON and in a frame', (_name, change) => {
    agree(text({ ...valid, ...change }));
    agree(frame({ ...valid, ...change }));
  });

  it('accepts the frames core accepts, with the same value', () => {
    for (const w of [valid, gridWindow, { ...gridWindow, force: true }, { ...valid, keys: [] }]) {
      agree(frame(w));
      expect(decodeWindowFast(frame(w))).toEqual({ ok: true, value: w });
    }
  });

  it('agrees with core on every truncation and on bit flips of a frame', () => {
    const bytes = frame(valid);
    for (let cut = 0; cut < bytes.length; cut++) agree(bytes.subarray(0, cut));
    for (let at = 4; at < bytes.length; at += 3) {
      const flipped = Buffer.from(bytes);
      flipped[at]! ^= 0x24;
      agree(flipped);
    }
    agree(frame({ ...valid, values: (valid['values'] as number[]).map((v, i) => (i === 2 ? Number.NaN : v)) }));
  });

  it('refuses a __proto__ key and a missing field as core does', () => {
    agree(Buffer.from(JSON.stringify(valid).replace('{', '{"__proto__":{"x":1},')));
    const { end: _end, ...withoutEnd } = valid;
    agree(text(withoutEnd));
  });

  it('agrees with core on 1,200 generated bad payloads', () => {
    const paths = [['end'], ['intervalMs'], ['points'], ['values', '3'], ['observed'], ['density'], ['raw', 't', '0']];
    for (const bad of badPayloads(valid, paths, 1200, { keysField: 'keys' })) agree(bad.value);
  });
});
