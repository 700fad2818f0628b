import { describe, expect, it } from 'vitest';
import { parseConfig } from '@numalogic/core';
import { demoEvent } from '../src/index.js';

const config = parseConfig({ keys: ['service', 'region'], features: ['latency', 'errors'] });
const T0 = Date.UTC(2026, 10, 1);

describe("demo events from Numaflow's generator", () => {
  it('maps generator key n to the composite key <field>-n, at the platform event time', () => {
    const outcome = demoEvent(['key-7'], T0, config);
    expect(outcome.ok && outcome.keys).toEqual(['service-7', 'region-7']);
    expect(outcome.ok && outcome.eventTime).toBe(T0);
    expect(outcome.ok && outcome.point.v.length).toBe(2);
  });

  it('is deterministic in key and time, and differs between keys and over the day', () => {
    expect(demoEvent(['key-3'], T0, config)).toEqual(demoEvent(['key-3'], T0, config));
    const a = demoEvent(['key-3'], T0, config);
    const b = demoEvent(['key-4'], T0, config);
    const later = demoEvent(['key-3'], T0 + 6 * 3_600_000, config);
    if (!a.ok || !b.ok || !later.ok) throw new Error('expected events');
    expect(a.point.v[0]).not.toBe(b.point.v[0]);
    // Six hours later the daily cycle has moved the level by about its amplitude (10), far more than the noise.
    expect(Math.abs(later.point.v[0]! - a.point.v[0]!)).toBeGreaterThan(5);
  });

  it('spikes rarely: a few points in a thousand, well above the noise', () => {
    let spikes = 0;
    for (let minute = 0; minute < 5000; minute++) {
      const t = T0 + minute * 60_000;
      const e = demoEvent(['key-1'], t, config);
      const previous = demoEvent(['key-1'], t - 60_000, config);
      if (e.ok && previous.ok && e.point.v[0]! - previous.point.v[0]! > 8) spikes++;
    }
    expect(spikes).toBeGreaterThan(2);
    expect(spikes).toBeLessThan(40);
  });

  it('refuses a message that is not from the generator', () => {
    const outcome = demoEvent(['checkout'], T0, config);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(/expected the generator's key/);
  });
});
