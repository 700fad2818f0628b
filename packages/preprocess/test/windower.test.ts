import { describe, expect, it } from 'vitest';
import { decodeWindow, parseConfig, windowRaw } from '@numalogic/core';
import { KeyWindow } from '../src/windower.js';

const config = parseConfig({
  features: ['a', 'b'],
  window: { points: 4, intervalMs: 1000, fill: { method: 'hold', limit: 1 } },
  densityClasses: [{ name: 'dense', minDensity: 0.75 }, { name: 'sparse', minDensity: 0 }],
});
const point = (t: number, a: number, b = 0, force?: boolean) => JSON.stringify(force ? { t, v: [a, b], force } : { t, v: [a, b] });

describe('KeyWindow', () => {
  it('builds a gap-filled grid anchored at the newest point, last write wins, classed by density', () => {
    const w = new KeyWindow(['svc'], config);
    for (const p of [point(3000, 3), point(1000, 1), point(4000, 4), point(1000, 10), point(0, 99)]) expect(w.add(p)).toEqual({ ok: true });
    const built = w.build()!;
    expect(built.outside).toBe(1);
    const out = built.window;
    expect(decodeWindow(JSON.stringify(out)).ok).toBe(true);
    expect(out.end).toBe(4000);
    // slots 1000..4000; slot 2000 missing -> held from 1000 (which the later duplicate set to 10); slot 0 fell out
    expect(out.values).toEqual([10, 0, 10, 0, 3, 0, 4, 0]);
    expect(out.observed).toBe(3);
    expect(out.density).toBe(0.75);
    expect(out.densityClass).toBe('dense');
    expect(out.complete).toBe(true);
    expect(out.raw).toEqual({ t: [1000, 3000, 4000], v: [[10, 0], [3, 0], [4, 0]] });
    expect(out.force).toBeUndefined();
  });

  it('leaves raw out when the observed points are exactly the grid, and keeps it for an off-grid point', () => {
    const w = new KeyWindow(['svc'], config);
    for (const t of [4000, 1000, 3000, 2000]) w.add(point(t, t / 1000, 1));
    const out = w.build()!.window;
    expect(out.raw).toBeUndefined();
    expect(windowRaw(out)).toEqual({ t: [1000, 2000, 3000, 4000], v: [[1, 1], [2, 1], [3, 1], [4, 1]] });
    const decoded = decodeWindow(JSON.stringify(out));
    expect(decoded.ok && windowRaw(decoded.value)).toEqual(windowRaw(out));

    const jittered = new KeyWindow(['svc'], config);
    for (const t of [1000, 2000, 3010, 4000]) jittered.add(point(t, 1));
    expect(jittered.build()!.window.raw).toEqual({ t: [1000, 2000, 3010, 4000], v: [[1, 0], [1, 0], [1, 0], [1, 0]] });
  });

  it('tags sparse windows sparse, marks long gaps incomplete and carries force', () => {
    const w = new KeyWindow(['svc'], config);
    w.add(point(1000, 1));
    w.add(point(4000, 4, 0, true));
    const out = w.build()!.window;
    expect(out.densityClass).toBe('sparse');
    expect(out.density).toBe(0.5);
    expect(out.complete).toBe(false);
    expect(out.force).toBe(true);
  });

  it('refuses bad points with reasons and builds nothing from nothing', () => {
    const w = new KeyWindow(['svc'], config);
    expect(w.add('{"t":1,"v":[1]}')).toEqual({ ok: false, reason: expect.stringMatching(/v has 1 values, expected 2/) });
    expect(w.add('{"t":1,"v":[1,"2"]}').ok).toBe(false);
    expect(w.add('nope').ok).toBe(false);
    expect(w.build()).toBeNull();
    expect(w.add('{"t":1e300,"v":[1,2]}')).toEqual({ ok: false, reason: 'point payload: t is not a usable time' });
    w.add(point(10_000, 1));
    w.add(point(1000, 1));
    expect(w.build()).toMatchObject({ outside: 1, window: { observed: 1, end: 10_000 } });
  });

  it("with intervalMs 'auto' cuts the grid at the median gap of the window's points", () => {
    const auto = parseConfig({ ...config, window: { ...config.window, intervalMs: 'auto' } });
    const w = new KeyWindow(['svc'], auto);
    // five-minute data with one point missing: the median gap is still five minutes
    for (const minute of [0, 5, 10, 20, 25]) w.add(point(minute * 60_000, minute));
    const out = w.build()!.window;
    expect(out.intervalMs).toBe(300_000);
    expect(out.end).toBe(25 * 60_000);
    expect(out.values.filter((_, i) => i % 2 === 0)).toEqual([10, 10, 20, 25]); // minute 15 held from 10
    expect(out.observed).toBe(3);
    // one point: nothing to measure, still one window holding it
    const single = new KeyWindow(['svc'], auto);
    single.add(point(60_000, 7));
    expect(single.build()!.window.observed).toBe(1);
  });
});
