import { describe, expect, it } from 'vitest';
import { decodeTrainRequest, decodeWindow, rawIsGrid, windowPayload, windowRaw, type WindowPayload } from '../src/flow/index.js';
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
