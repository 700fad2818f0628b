import { describe, expect, it } from 'vitest';
import { FALLBACK_INTERVAL_MS, KeyedStore, blockMeansInto, KeyedWindows, WindowBuilder, inferInterval, keyIntervalMs, slidingWindows, windowBuilderOptions } from '../src/window/index.js';
import { parseConfig } from '../src/config/index.js';

const I = 60_000;

function windowRows(w: WindowBuilder): number[][] {
  const out = new Float64Array(w.points * w.features);
  w.copyInto(out);
  const rows: number[][] = [];
  for (let r = 0; r < w.points; r++) rows.push(Array.from(out.subarray(r * w.features, (r + 1) * w.features)));
  return rows;
}

describe('WindowBuilder', () => {
  it('places points on the grid and reports density', () => {
    const w = new WindowBuilder({ points: 4, features: 2, intervalMs: I });
    for (let i = 0; i < 4; i++) w.push(i * I, [i, 10 * i]);
    expect(windowRows(w)).toEqual([
      [0, 0],
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    expect(w.density).toBe(1);
    expect(w.complete).toBe(true);
    expect(w.endTimestamp).toBe(3 * I);
    w.push(4 * I, [4, 40]);
    expect(windowRows(w)[0]).toEqual([1, 10]);
    expect(windowRows(w)[3]).toEqual([4, 40]);
  });

  it('writes a full window, at every turn of its ring, oldest row first, into any typed array big enough', () => {
    const w = new WindowBuilder({ points: 5, features: 2, intervalMs: I });
    for (let n = 0; n < 17; n++) {
      w.push(n * I, [n, -n]);
      if (n < 4) continue;
      const expected = Array.from({ length: 5 }, (_, r) => [n - 4 + r, -(n - 4 + r)]).flat();
      const wide = new Float64Array(12).fill(7);
      expect(w.copyInto(wide)).toBe(true);
      expect(Array.from(wide)).toEqual([...expected, 7, 7]);
      const narrow = new Float32Array(10);
      w.copyInto(narrow);
      expect(Array.from(narrow)).toEqual(expected);
      expect([w.complete, w.filled]).toEqual([true, 0]);
    }
  });

  it('snaps timestamps to the nearest slot', () => {
    const w = new WindowBuilder({ points: 3, features: 1, intervalMs: I });
    w.push(0, [1]);
    w.push(I + 31_000, [2]);
    w.push(2 * I - 1_000, [3]);
    expect(windowRows(w)).toEqual([[1], [1], [3]]);
    expect(w.duplicates).toBe(1);
    expect(w.observed).toBe(2);
  });

  it('gives the same window for unsorted input, last duplicate winning', () => {
    const points: Array<[number, number]> = [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ];
    const sorted = new WindowBuilder({ points: 5, features: 1, intervalMs: I });
    for (const [t, v] of points) sorted.push(t * I, [v]);
    const shuffled = new WindowBuilder({ points: 5, features: 1, intervalMs: I });
    for (const i of [3, 0, 4, 2, 1]) shuffled.push(points[i]![0] * I, [points[i]![1]]);
    expect(windowRows(shuffled)).toEqual(windowRows(sorted));
    shuffled.push(2 * I, [20]);
    expect(windowRows(shuffled)[2]).toEqual([20]);
    expect(shuffled.duplicates).toBe(1);
  });

  it('drops and counts points older than the window', () => {
    const w = new WindowBuilder({ points: 3, features: 1, intervalMs: I });
    w.push(10 * I, [10]);
    expect(w.push(8 * I, [8])).toBe('added');
    expect(w.push(7 * I, [7])).toBe('late');
    expect(w.push(Number.NaN, [1])).toBe('invalid');
    expect(w.late).toBe(1);
    expect(windowRows(w)).toEqual([[8], [8], [10]]);
  });

  it('holds or interpolates gaps up to the limit', () => {
    const hold = new WindowBuilder({ points: 5, features: 1, intervalMs: I, fill: 'hold', fillLimit: 3 });
    const linear = new WindowBuilder({ points: 5, features: 1, intervalMs: I, fill: 'linear', fillLimit: 3 });
    for (const w of [hold, linear]) {
      w.push(0, [0]);
      w.push(4 * I, [8]);
    }
    expect(windowRows(hold).flat()).toEqual([0, 0, 0, 0, 8]);
    expect(windowRows(linear).flat()).toEqual([0, 2, 4, 6, 8]);
    expect(linear.complete).toBe(true);
    expect(linear.filled).toBe(3);
    expect(linear.density).toBe(0.4);
  });

  it('reports a window with a gap beyond the limit as incomplete', () => {
    const w = new WindowBuilder({ points: 6, features: 1, intervalMs: I, fill: 'linear', fillLimit: 2 });
    w.push(0, [0]);
    w.push(5 * I, [10]);
    expect(windowRows(w).flat()).toEqual([0, 2, 4, 6, 8, 10]);
    expect(w.complete).toBe(false);
  });

  it('fills leading slots from the first point: one point is a full but incomplete window', () => {
    const w = new WindowBuilder({ points: 4, features: 2, intervalMs: I, fillLimit: 3 });
    w.push(100 * I, [5, 6]);
    expect(windowRows(w)).toEqual([
      [5, 6],
      [5, 6],
      [5, 6],
      [5, 6],
    ]);
    expect(w.complete).toBe(true);
    expect(w.density).toBe(0.25);
    const short = new WindowBuilder({ points: 4, features: 1, intervalMs: I, fillLimit: 2 });
    short.push(0, [1]);
    short.copyInto(new Float64Array(4));
    expect(short.complete).toBe(false);
  });

  it('holds the last point for trailing slots after a jump', () => {
    const w = new WindowBuilder({ points: 4, features: 1, intervalMs: I, fill: 'linear' });
    w.push(0, [1]);
    w.push(I, [2]);
    w.push(2 * I, [3]);
    w.push(3 * I, [4]);
    // Jumping 2 slots ahead clears 2 slots: the window holds [3, 4, missing, 9].
    w.push(5 * I, [9]);
    expect(windowRows(w).flat()).toEqual([3, 4, 6.5, 9]);
    expect(w.observed).toBe(3);
  });

  it('forgets everything after a jump longer than the window', () => {
    const w = new WindowBuilder({ points: 3, features: 1, intervalMs: I });
    w.push(0, [1]);
    w.push(I, [2]);
    w.push(100 * I, [7]);
    expect(w.observed).toBe(1);
    expect(windowRows(w).flat()).toEqual([7, 7, 7]);
  });

  it('writes NaN and reports incomplete for an empty window', () => {
    const w = new WindowBuilder({ points: 2, features: 2, intervalMs: I });
    const out = new Float32Array(4);
    expect(w.copyInto(out)).toBe(false);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
    expect(w.density).toBe(0);
    expect(Number.isNaN(w.endTimestamp)).toBe(true);
  });

  it('rejects bad options and too-small output buffers', () => {
    expect(() => new WindowBuilder({ points: 0, features: 1, intervalMs: I })).toThrow(/points/);
    expect(() => new WindowBuilder({ points: 2, features: 1, intervalMs: 0 })).toThrow(/intervalMs/);
    const w = new WindowBuilder({ points: 3, features: 2, intervalMs: I });
    expect(() => w.copyInto(new Float64Array(5))).toThrow(/needs 6/);
  });

  it('keeps the newest point available', () => {
    const w = new WindowBuilder({ points: 3, features: 2, intervalMs: I });
    const latest = new Float64Array(2);
    expect(w.latestInto(latest)).toBe(false);
    w.push(2 * I, [3, 4]);
    w.push(I, [1, 2]);
    expect(w.latestInto(latest)).toBe(true);
    expect(Array.from(latest)).toEqual([3, 4]);
  });
});

describe('KeyedWindows', () => {
  it('keeps one window per composite key and evicts the least recently used tenth', () => {
    const windows = new KeyedWindows({ points: 2, features: 1, intervalMs: I }, 2);
    windows.get(['a', 'x']).push(0, [1]);
    windows.get(['b', 'x']).push(0, [2]);
    expect(windows.get(['a', 'x']).observed).toBe(1);
    windows.get(['c', 'x']);
    expect(windows.size).toBe(2);
    expect(windows.evicted).toBe(1);
    expect(windows.peek(['b', 'x'])).toBeUndefined();
    expect(windows.get(['a', 'x']).observed).toBe(1);
    expect(windows.get(['b', 'x']).observed).toBe(0);
  });

  it('tells composite keys apart by field, not by joined text', () => {
    const windows = new KeyedWindows({ points: 2, features: 1, intervalMs: I });
    expect(windows.get(['a', 'bc'])).not.toBe(windows.get(['ab', 'c']));
    expect(windows.get(['a', 'bc'])).toBe(windows.get(['a', 'bc']));
    expect(windows.get(['a'])).not.toBe(windows.get(['a', 'bc']));
    expect(windows.size).toBe(3);
    expect(windows.delete(['a'])).toBe(true);
    expect(windows.delete(['a'])).toBe(false);
    expect([...windows.entries()].map(([k]) => k)).toEqual([
      ['a', 'bc'],
      ['ab', 'c'],
    ]);
  });
});

describe('KeyedStore', () => {
  it('leaves nothing behind for an evicted or deleted key, so churn cannot grow memory', () => {
    const store = new KeyedStore(() => 0, 10);
    // The index's top level: one entry per first key field still reachable (private, read for this check only).
    const topLevel = () => (store as unknown as { root: { children: Map<string, unknown> | null } }).root.children?.size ?? 0;
    for (let i = 0; i < 1000; i++) store.get([`service-${i}`, 'p99']);
    expect(store.size).toBeLessThanOrEqual(10);
    expect(topLevel()).toBe(store.size);
    store.get(['shared', 'a']);
    store.get(['shared', 'b']);
    const before = topLevel();
    expect(store.delete(['shared', 'a'])).toBe(true);
    expect(topLevel()).toBe(before); // 'shared' still leads to ['shared', 'b']
    expect(store.peek(['shared', 'b'])).toBe(0);
    expect(store.delete(['shared', 'b'])).toBe(true);
    expect(topLevel()).toBe(before - 1);
  });
});

describe('slidingWindows', () => {
  it('cuts overlapping windows in [count, window, features] order', () => {
    const m = { data: Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40, 5, 50]), rows: 5, cols: 2 };
    const b = slidingWindows(m, 3);
    expect(b.count).toBe(3);
    expect(Array.from(b.data)).toEqual([1, 10, 2, 20, 3, 30, 2, 20, 3, 30, 4, 40, 3, 30, 4, 40, 5, 50]);
    const strided = slidingWindows(m, 2, 2);
    expect(strided.count).toBe(2);
    expect(Array.from(strided.data)).toEqual([1, 10, 2, 20, 3, 30, 4, 40]);
  });

  it('gives no windows for a history shorter than the window, and refuses bad sizes', () => {
    const m = { data: Float64Array.from([1, 2]), rows: 2, cols: 1 };
    expect(slidingWindows(m, 3).count).toBe(0);
    expect(() => slidingWindows(m, 0)).toThrow(/window/);
    expect(() => slidingWindows(m, 1, 0)).toThrow(/stride/);
  });
});

describe('inferInterval', () => {
  it('is the median positive gap of the sorted times, ignoring duplicates, odd gaps and order', () => {
    expect(inferInterval([0, 60_000, 120_000, 180_000])).toBe(60_000);
    expect(inferInterval([300, 0, 600, 600, 1500, 900, 1200])).toBe(300); // unsorted, a duplicate, one missing point
    expect(inferInterval([0, 10, 30])).toBe(15); // two gaps: their mean
    expect(inferInterval([5, 5])).toBeNull();
    expect(inferInterval([Number.NaN, 1])).toBeNull();
    expect(inferInterval([])).toBeNull();
  });

  it('keyIntervalMs: the configured interval, or the inferred one, or the fallback while times cannot tell', () => {
    const auto = parseConfig({ window: { intervalMs: 'auto' } }).window;
    const fixed = parseConfig({ window: { intervalMs: '5m' } }).window;
    expect(keyIntervalMs(auto, [0, 30_000, 60_000])).toBe(30_000);
    expect(keyIntervalMs(auto, [7])).toBe(FALLBACK_INTERVAL_MS);
    expect(keyIntervalMs(fixed, [0, 30_000, 60_000])).toBe(300_000);
  });

  it("windowBuilderOptions needs the key's interval when the configuration says auto", () => {
    const auto = parseConfig({ window: { intervalMs: 'auto' } }).window;
    expect(() => windowBuilderOptions(auto, 1)).toThrow(/auto/);
    expect(windowBuilderOptions(auto, 1, 300_000).intervalMs).toBe(300_000);
    expect(windowBuilderOptions(parseConfig({ window: { intervalMs: '5m' } }).window, 1, 1).intervalMs).toBe(300_000);
  });
});

describe('blockMeansInto', () => {
  it('averages consecutive rows per feature, oldest block first, wherever the rows sit', () => {
    // 6 rows x 2 features; blocks of 3 rows.
    const rows = [1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 9, 90];
    const contiguous = new Float64Array(4);
    blockMeansInto(rows, 0, 6, 2, 3, 2, contiguous);
    expect(Array.from(contiguous)).toEqual([2, 20, 6, 60]);
    // The same rows in a ring of 6 whose oldest row sits at index 4: the result must not depend on the layout,
    // whichever row the wrap falls in (inside the first block, between blocks, inside the second).
    for (const first of [1, 2, 3, 4, 5]) {
      const ring = new Float64Array(12);
      rows.forEach((v, j) => (ring[((Math.floor(j / 2) + first) % 6) * 2 + (j % 2)] = v));
      const wrapped = new Float64Array(5).fill(-1);
      blockMeansInto(ring, first, 6, 2, 3, 2, wrapped, 1);
      expect(Array.from(wrapped)).toEqual([-1, 2, 20, 6, 60]);
    }
    // a span inside a longer block of rows, from row 1
    const inner = new Float64Array(4);
    blockMeansInto([0, 0, ...rows.slice(0, 6), 7, 70], 1, 5, 2, 2, 2, inner);
    expect(Array.from(inner)).toEqual([1.5, 15, 5, 50]);
  });

  it('refuses a span that does not fit or starts outside the rows', () => {
    const out = new Float64Array(4);
    expect(() => blockMeansInto(new Float64Array(12), 6, 6, 2, 3, 2, out)).toThrow(/firstRow must be an integer in 0..5, got 6/);
    expect(() => blockMeansInto(new Float64Array(12), 0, 6, 3, 3, 2, out)).toThrow(/3 blocks of 3 rows do not fit in 6 rows/);
  });
});
