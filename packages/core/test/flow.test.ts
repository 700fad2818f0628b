import { describe, expect, it } from 'vitest';
import { decodeScored, decodeTrainRequest, decodeWindow, encodeScored, rawIsGrid, windowPayload, windowRaw, type ScoredPayload, type WindowPayload } from '../src/flow/index.js';
import { SeededRandom } from '../src/synthetic/random.js';
import { WindowBuilder } from '../src/window/index.js';

// A 3-point, 2-feature window on a 1 s grid ending at t = 5000 (rows at 3000, 4000, 5000).
const grid: Omit<WindowPayload, 'raw'> = {
  keys: ['svc'],
  features: ['a', 'b'],
  end: 5000,
  intervalMs: 1000,
  points: 3,
  values: [1, 2, 3, 4, 5, 6],
  observed: 3,
  density: 1,
  densityClass: 'dense',
  complete: true,
};
const onGrid = { t: [3000, 4000, 5000], v: [[1, 2], [3, 4], [5, 6]] };

describe('window raw points', () => {
  it('recognises raw points that are exactly the grid', () => {
    expect(rawIsGrid(grid, onGrid)).toBe(true);
  });

  it.each([
    ['a missing row (filled gap)', { t: [3000, 5000], v: [[1, 2], [5, 6]] }],
    ['an off-grid timestamp', { t: [3000, 4001, 5000], v: [[1, 2], [3, 4], [5, 6]] }],
    ['a value the grid does not hold', { t: [3000, 4000, 5000], v: [[1, 2], [3, 4.5], [5, 6]] }],
    ['a short row', { t: [3000, 4000, 5000], v: [[1, 2], [3], [5, 6]] }],
    ['t and v of different lengths', { t: [3000, 4000, 5000], v: [[1, 2], [3, 4]] }],
  ])('keeps raw points with %s', (_, raw) => {
    expect(rawIsGrid(grid, raw)).toBe(false);
  });

  it('reads a carried raw as it is and rebuilds a left-out one from the grid', () => {
    const carried = { t: [3000, 5000], v: [[1, 2], [5, 6]] };
    expect(windowRaw({ ...grid, raw: carried })).toBe(carried);
    expect(windowRaw(grid)).toEqual(onGrid);
  });

  it('decodes windows with and without raw, and still refuses a broken raw', () => {
    const without = decodeWindow(JSON.stringify(grid));
    expect(without.ok && without.value.raw).toBeUndefined();
    const withRaw = decodeWindow(JSON.stringify({ ...grid, raw: onGrid }));
    expect(withRaw.ok && withRaw.value.raw).toEqual(onGrid);
    expect(decodeWindow(JSON.stringify({ ...grid, raw: { t: [1] } }))).toMatchObject({ ok: false, reason: expect.stringMatching(/raw\.v/) });
    expect(decodeWindow(JSON.stringify({ ...grid, raw: null })).ok).toBe(false);
  });

  it('a training request still needs its points', () => {
    const request = { keys: ['svc'], features: ['a', 'b'], intervalMs: 1000, densityClass: 'dense', reason: 'missing' };
    expect(decodeTrainRequest(JSON.stringify(request)).ok).toBe(false);
    expect(decodeTrainRequest(JSON.stringify({ ...request, raw: windowRaw(grid) })).ok).toBe(true);
  });
});

describe('windowPayload', () => {
  const config = { features: ['a', 'b'], densityClasses: [{ name: 'dense', minDensity: 0.9 }, { name: 'sparse', minDensity: 0 }] };
  const fill = (rows: [number, number[]][]) => {
    const builder = new WindowBuilder({ points: 3, features: 2, intervalMs: 1000 });
    for (const [t, v] of rows) builder.push(t, v);
    return { builder, observed: { t: rows.map(([t]) => t), v: rows.map(([, v]) => v) } };
  };

  it('assembles the grid and leaves out observed points that are the grid', () => {
    const { builder, observed } = fill([[3000, [1, 2]], [4000, [3, 4]], [5000, [5, 6]]]);
    const w = windowPayload(builder, ['svc'], config, observed);
    expect(w).toEqual(grid);
    expect(decodeWindow(JSON.stringify(w)).ok).toBe(true);
  });

  it('carries the observed points after a gap, with its class and force', () => {
    const { builder, observed } = fill([[3000, [1, 2]], [5000, [5, 6]]]);
    const w = windowPayload(builder, ['svc'], config, observed, true);
    expect(w).toMatchObject({ values: [1, 2, 1, 2, 5, 6], observed: 2, densityClass: 'sparse', raw: observed, force: true });
  });
});

describe('encodeScored', () => {
  const scored = (over: Partial<ScoredPayload> = {}): ScoredPayload => ({
    keys: ['svc', 'eu'],
    features: ['a', 'b'],
    end: 5000,
    densityClass: 'dense',
    status: 'scored',
    scores: [{ model: { name: 'dense-autoencoder', version: 'v000000000001' }, source: 'model', weight: 1, errors: [0.8309821930419292, 1e-7] }],
    last: [12.850055112632115, -0],
    ...over,
  });
  const text = (p: ScoredPayload) => Buffer.from(encodeScored(p)).toString('utf8');

  it('writes the JSON that JSON.stringify writes', () => {
    const cases: ScoredPayload[] = [
      scored(),
      scored({ keys: [], status: 'static', scores: [{ model: { name: 'ewma-zscore', version: 'online' }, source: 'online', weight: 0.5, errors: [] }], last: [] }),
      scored({ keys: ['quote " back \\ slash', 'new\nline \u0000', 'ünïcødé 🚀', '\ud800 lone'], densityClass: '</script>' }),
      scored({ last: [Number.NaN, Infinity, -Infinity, 1e21, 5e-324, -1.5], status: 'stale' }),
      scored({ scores: [scored().scores[0]!, { model: { name: 'b', version: 'v2' }, source: 'model', weight: 2.5, errors: [3, 4] }] }),
    ];
    const random = new SeededRandom(3);
    for (let i = 0; i < 200; i++) {
      const errors = Array.from({ length: 1 + (i % 5) }, () => random.normal() * 10 ** Math.round(random.normal() * 8));
      cases.push(scored({ end: Math.round(random.next() * 1e13), scores: [{ model: { name: `m${i}`, version: `v${i}` }, source: 'model', weight: 1, errors }], last: errors.map((e) => e / 3) }));
    }
    for (const p of cases) expect(text(p)).toBe(JSON.stringify(p));
  });

  it('is read back by decodeScored', () => {
    const decoded = decodeScored(encodeScored(scored()));
    expect(decoded.ok && decoded.value).toEqual({ ...scored(), last: [12.850055112632115, 0] });
  });
});
