import { describe, expect, it } from 'vitest';
import type { WindowPayload } from '@numalogic/core';
import { ContextTracker } from '../src/context.js';

const MINUTE = 60_000;
/** Window of `points` rows ending at minute `end`, row at minute m holding [m, -m]. */
function windowEnding(end: number, points = 4, keys = ['k']): WindowPayload {
  const values: number[] = [];
  for (let m = end - points + 1; m <= end; m++) values.push(m, -m);
  return {
    keys, features: ['a', 'b'], end: end * MINUTE, intervalMs: MINUTE, points, values,
    observed: points, density: 1, densityClass: 'dense', complete: true, raw: { t: [], v: [] },
  };
}

describe('ContextTracker', () => {
  it('appends only rows newer than the key holds and gives block means of the newest rows, oldest block first', () => {
    const context = new ContextTracker(12);
    context.observe(windowEnding(4)); // minutes 1..4
    expect(context.blockMeans(['k'], 3, 2)).toBeNull(); // 4 rows, 6 needed
    context.observe(windowEnding(6)); // adds 5, 6
    context.observe(windowEnding(6)); // a replay adds nothing
    expect(Array.from(context.blockMeans(['k'], 3, 2)!)).toEqual([1.5, -1.5, 3.5, -3.5, 5.5, -5.5]);
    for (let end = 7; end <= 20; end++) context.observe(windowEnding(end)); // the ring wraps
    expect(Array.from(context.blockMeans(['k'], 3, 4)!)).toEqual([10.5, -10.5, 14.5, -14.5, 18.5, -18.5]);
    expect(context.blockMeans(['k'], 4, 4)).toBeNull(); // more than the capacity
    expect(context.blockMeans(['other'], 1, 1)).toBeNull();
  });

  it('holds the last row across a gap the window does not cover, and starts afresh after a longer one', () => {
    const context = new ContextTracker(8);
    context.observe(windowEnding(4)); // 1..4
    context.observe(windowEnding(10)); // 7..10: minutes 5 and 6 are held at minute 4's row
    const out = context.blockMeans(['k'], 8, 1)!;
    expect(Array.from(out.filter((_, i) => i % 2 === 0))).toEqual([3, 4, 4, 4, 7, 8, 9, 10]);
    context.observe(windowEnding(40)); // a gap longer than the whole context
    expect(context.blockMeans(['k'], 8, 1)).toBeNull();
    expect(Array.from(context.blockMeans(['k'], 4, 1)!.filter((_, i) => i % 2 === 0))).toEqual([37, 38, 39, 40]);
  });
});
