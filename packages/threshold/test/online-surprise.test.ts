import { describe, expect, it } from 'vitest';
import { SeededRandom, upperTailSurprise } from '@numalogic/core';
import { OnlineSurprise } from '../src/online-surprise.js';

const twoSided = (z: number) => upperTailSurprise(z) - Math.log10(2);

describe('OnlineSurprise', () => {
  it("is the window's two-sided Gaussian tail until the key has `short` windows", () => {
    const online = new OnlineSurprise(5);
    expect(online.update(['k'], [3])[0]).toBeCloseTo(twoSided(3), 9);
    expect(online.update(['k'], [-6])[0]).toBeCloseTo(twoSided(6), 9);
  });

  it('finds a sustained 3-sigma shift surprising though no single window of it is', () => {
    const online = new OnlineSurprise(5);
    const first = online.update(['k'], [3]);
    expect(first[0]).toBeLessThan(3); // one window of the shift is not surprising on its own
    let last = first;
    for (let i = 1; i < 5; i++) last = online.update(['k'], [3]);
    expect(last[0]).toBeGreaterThan(5); // sum of z^2 = 45 on 5 degrees of freedom: far beyond a 1e-5 tail
    // a lone spike among calm windows keeps its own (instant) surprise, less log10(2) for the two tests
    for (let i = 0; i < 5; i++) online.update(['k'], [0.5]);
    expect(online.update(['k'], [7])[0]).toBeCloseTo(twoSided(7) - Math.log10(2), 6);
  });

  it('rarely reaches the alarm surprise on normal noise, and keeps keys and bad values apart', () => {
    const online = new OnlineSurprise(5);
    const random = new SeededRandom(3);
    let alarms = 0;
    for (let i = 0; i < 20_000; i++) if (online.update(['noise'], [random.normal()])[0]! >= 5) alarms++;
    // a tail of 1e-5 per window for each of two tests, corrected by log10(2): about 0.2 expected in 20,000
    expect(alarms).toBeLessThanOrEqual(2);
    const fresh = online.update(['other'], [Number.NaN, Infinity]);
    expect(fresh[0]).toBeLessThanOrEqual(0); // no evidence (the stage clamps at 0)
    expect(Number.isFinite(fresh[1])).toBe(true);
    expect(() => new OnlineSurprise(0)).toThrow(/short/);
  });
});
