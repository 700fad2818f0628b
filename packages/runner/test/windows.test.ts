import { describe, expect, it } from 'vitest';
import { assignWindows, lastClosedEnd } from '../src/windows.js';

const MIN = 60_000;

describe('assignWindows', () => {
  it('puts an event in the one epoch-aligned fixed window holding it', () => {
    expect(assignWindows({ kind: 'fixed', lengthMs: 10 * MIN }, 25 * MIN + 1)).toEqual([{ start: 20 * MIN, end: 30 * MIN }]);
    expect(assignWindows({ kind: 'fixed', lengthMs: 10 * MIN }, 30 * MIN)).toEqual([{ start: 30 * MIN, end: 40 * MIN }]);
  });

  it('puts an event in length/slide sliding windows, oldest first, end exclusive', () => {
    const windows = assignWindows({ kind: 'sliding', lengthMs: 3 * MIN, slideMs: MIN }, 5 * MIN);
    expect(windows).toEqual([
      { start: 3 * MIN, end: 6 * MIN },
      { start: 4 * MIN, end: 7 * MIN },
      { start: 5 * MIN, end: 8 * MIN },
    ]);
    for (const w of assignWindows({ kind: 'sliding', lengthMs: 12 * MIN, slideMs: MIN }, 123_456)) {
      expect(w.start).toBeLessThanOrEqual(123_456);
      expect(w.end).toBeGreaterThan(123_456);
    }
  });

  it('handles event times before the epoch', () => {
    expect(assignWindows({ kind: 'fixed', lengthMs: MIN }, -1)).toEqual([{ start: -MIN, end: 0 }]);
  });
});

describe('lastClosedEnd', () => {
  it('is the newest window end at or before the watermark', () => {
    expect(lastClosedEnd({ kind: 'fixed', lengthMs: 10 * MIN }, 25 * MIN)).toBe(20 * MIN);
    expect(lastClosedEnd({ kind: 'fixed', lengthMs: 10 * MIN }, 30 * MIN)).toBe(30 * MIN);
    expect(lastClosedEnd({ kind: 'sliding', lengthMs: 3 * MIN, slideMs: MIN }, 5 * MIN + 30_000)).toBe(5 * MIN);
    expect(lastClosedEnd({ kind: 'fixed', lengthMs: MIN }, -Infinity)).toBe(-Infinity);
    expect(lastClosedEnd({ kind: 'fixed', lengthMs: MIN }, Infinity)).toBe(Infinity);
  });
});
