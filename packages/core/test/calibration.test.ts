import { describe, expect, it } from 'vitest';
import { AnomalyLikelihood, SeededRandom, erfc, likelihoodSeed, upperTailSurprise, type LikelihoodOptions } from '../src/index.js';

/** Deterministic noise: core's own seeded generator, so every run sees the same numbers. */
function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

const small: LikelihoodOptions = { short: 3, long: 50, minLong: 20, sigmaFloor: 0.2, eps: 0.1 };

describe('upperTailSurprise', () => {
  it('matches known Gaussian tail probabilities', () => {
    expect(upperTailSurprise(0)).toBeCloseTo(-Math.log10(0.5), 6);
    expect(upperTailSurprise(1.959964)).toBeCloseTo(-Math.log10(0.025), 5);
    expect(upperTailSurprise(3)).toBeCloseTo(-Math.log10(1.3498980316e-3), 5);
    expect(upperTailSurprise(6)).toBeCloseTo(-Math.log10(9.8658764503e-10), 3);
    expect(upperTailSurprise(10)).toBeCloseTo(-Math.log10(7.6198530241605e-24), 2);
  });

  it('is continuous at the switch to the asymptotic form, increasing, and finite for huge z', () => {
    expect(Math.abs(upperTailSurprise(5 - 1e-9) - upperTailSurprise(5))).toBeLessThan(1e-3);
    let previous = -Infinity;
    for (let z = -10; z <= 60; z += 0.25) {
      const s = upperTailSurprise(z);
      // far below the mean the tail probability rounds to 1 and the surprise to 0; above it, it must grow
      if (z >= 0) expect(s).toBeGreaterThan(previous);
      else expect(s).toBeGreaterThanOrEqual(previous);
      previous = s;
    }
    expect(Number.isFinite(upperTailSurprise(1e200))).toBe(true);
    expect(upperTailSurprise(Number.NaN)).toBe(0);
  });

  it('erfc keeps its relative accuracy in the tail', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(-1)).toBeCloseTo(1.8427007929, 7);
    expect(erfc(4) / 1.541725790028e-8).toBeCloseTo(1, 5);
  });
});

describe('AnomalyLikelihood', () => {
  const next = random(7);
  const noise = (level: number) => level * (1 + 0.2 * (next() - 0.5));

  it('is not ready before minLong windows and reports 0 meanwhile', () => {
    const calibration = new AnomalyLikelihood(1, small);
    const out = new Float64Array(1);
    for (let i = 0; i < small.minLong; i++) {
      expect(calibration.update([noise(1)], out)).toBe(false);
      expect(out[0]).toBe(0);
    }
    expect(calibration.update([noise(1)], out)).toBe(true);
  });

  it('finds a sustained rise surprising, judged per feature against its own level', () => {
    const calibration = new AnomalyLikelihood(2, small);
    const out = new Float64Array(2);
    // feature 0 is normally near 1, feature 1 near 100: the same raw value means different things
    for (let i = 0; i < 200; i++) calibration.update([noise(1), noise(100)], out);
    expect(out[0]).toBeLessThan(2);
    expect(out[1]).toBeLessThan(2);
    for (let i = 0; i < small.short; i++) calibration.update([noise(100), noise(100)], out);
    expect(out[0]).toBeGreaterThan(5);
    expect(out[1]).toBeLessThan(2);
  });

  it('treats NaN, negative and infinite raw scores without producing NaN', () => {
    const calibration = new AnomalyLikelihood(1, small);
    const out = new Float64Array(1);
    for (let i = 0; i < 30; i++) calibration.update([noise(1)], out);
    for (const raw of [Number.NaN, -5, Infinity]) {
      calibration.update([raw], out);
      expect(Number.isFinite(out[0])).toBe(true);
    }
  });

  it('a seed reproduces the state of a calibration that saw the same windows', () => {
    const raw = Array.from({ length: 300 }, () => noise(2));
    const live = new AnomalyLikelihood(1, small);
    const out = new Float64Array(1);
    for (const r of raw) live.update([r], out);
    const seeded = new AnomalyLikelihood(1, small);
    seeded.seed(likelihoodSeed(raw, raw.length, 1, small));
    expect(seeded.ready).toBe(true);
    const [want, got] = [live.toSeed().shortMeans[0]!, seeded.toSeed().shortMeans[0]!];
    expect(got).toHaveLength(small.long);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 9)); // running sums round differently, by ~1e-15
    // the next window is judged alike (the short ring differs only until it refills)
    const a = new Float64Array(1);
    const b = new Float64Array(1);
    for (let i = 0; i < small.short; i++) {
      live.update([5], a);
      seeded.update([5], b);
    }
    expect(b[0]).toBeCloseTo(a[0]!, 9);
  });

  it('rejects seeds and options that do not fit', () => {
    const calibration = new AnomalyLikelihood(2, small);
    expect(() => calibration.seed({ shortMeans: [[1, 2]] })).toThrow(/1 features, expected 2/);
    expect(() => calibration.seed({ shortMeans: [[1], [Number.NaN]] })).toThrow(/not finite/);
    expect(() => new AnomalyLikelihood(1, { ...small, minLong: 60 })).toThrow(/minLong/);
    expect(() => new AnomalyLikelihood(0, small)).toThrow(/features/);
  });
});
