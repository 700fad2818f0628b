import { describe, expect, it } from 'vitest';
import { parseConfig, type WindowPayload } from '@numalogic/core';
import { OnlineScorer } from '../src/index.js';

const config = parseConfig({ keys: ['k'], features: ['v'] });
const MIN = 60_000;

/** The window of one key ending at point `end` of a series (one feature). */
function windowAt(series: number[], end: number, keys = ['a']): WindowPayload {
  const values = series.slice(end - 11, end + 1);
  return {
    keys, features: ['v'], end: end * MIN, intervalMs: MIN, points: 12, values, observed: 12, density: 1,
    densityClass: 'dense', complete: true, raw: { t: [], v: [] },
  };
}

// A noisy but steady series: alternating around 100 with a small deterministic wobble.
const series = Array.from({ length: 400 }, (_, i) => 100 + ((i * 37) % 11) - 5);

describe('OnlineScorer', () => {
  it('keeps one detector per key across windows, learning each point once', () => {
    const warm = new OnlineScorer(config.online);
    for (let end = 11; end < 300; end++) warm.score(windowAt(series, end));
    const spiked = [...series];
    spiked[300] = 160;
    expect(warm.score(windowAt(spiked, 300)).errors[0]!).toBeGreaterThan(1);
    // A detector that saw only this one window (12 points) is still warming up (30 points): it scores 0.
    expect(new OnlineScorer(config.online).score(windowAt(spiked, 300)).errors[0]).toBe(0);
  });

  it('scores a replayed window without learning it again, and keeps keys apart', () => {
    const scorer = new OnlineScorer(config.online);
    for (let end = 11; end < 100; end++) scorer.score(windowAt(series, end));
    const first = scorer.score(windowAt(series, 100)).errors[0]!;
    const replay = scorer.score(windowAt(series, 100)).errors[0]!;
    expect(Number.isFinite(replay)).toBe(true);
    const other = new OnlineScorer(config.online);
    for (let end = 11; end < 100; end++) other.score(windowAt(series, end));
    // Another key's windows in between change nothing for key a.
    for (let end = 11; end < 50; end++) other.score(windowAt(series.map((v) => v * 3), end, ['b']));
    expect(other.score(windowAt(series, 100)).errors[0]!).toBeCloseTo(first, 12);
  });
});
