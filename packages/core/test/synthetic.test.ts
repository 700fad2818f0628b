import { describe, expect, it } from 'vitest';
import { DAY_MS, SeededRandom, generateDataset, generateSeries, rowToPayload } from '../src/synthetic/index.js';

describe('SeededRandom', () => {
  it('repeats by seed and differs across seeds', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const r = new SeededRandom(7);
    const n = 20_000;
    const xs = Array.from({ length: n }, () => r.normal());
    const mean = xs.reduce((s, v) => s + v, 0) / n;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('generateSeries', () => {
  it('is baseline + trend + daily sine when noise is 0', () => {
    const { timestamps, values } = generateSeries({
      points: 5,
      intervalMs: DAY_MS / 4,
      start: 0,
      baseline: 100,
      trendPerDay: 4,
      dailyAmplitude: 10,
      weeklyAmplitude: 0,
      noise: 0,
    });
    expect(Array.from(timestamps)).toEqual([0, DAY_MS / 4, DAY_MS / 2, (3 * DAY_MS) / 4, DAY_MS]);
    const expected = [100, 101 + 10, 102, 103 - 10, 104];
    Array.from(values).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 9));
  });
});

describe('generateDataset', () => {
  const options = { keys: 4, features: ['cpu', 'mem'], points: 1500, intervalMs: 60_000, seed: 9 };

  it('is deterministic by seed', () => {
    const a = generateDataset(options);
    const b = generateDataset(options);
    expect(b.rows).toEqual(a.rows);
    expect(b.events).toEqual(a.events);
    expect(generateDataset({ ...options, seed: 10 }).rows[0]).not.toEqual(a.rows[0]);
  });

  it('interleaves keys by timestamp and labels exactly the event points', () => {
    const d = generateDataset(options);
    expect(d.rows.length).toBe(4 * 1500);
    expect(d.rows[0]!.keys).toEqual(['key-0']);
    expect(d.rows[1]!.keys).toEqual(['key-1']);
    expect(d.rows[4]!.timestamp - d.rows[0]!.timestamp).toBe(60_000);
    expect(d.events.length).toBe(8);
    let labelled = 0;
    for (const e of d.events) {
      for (let i = e.start; i <= e.end; i++) expect(d.labels[i * 4 + e.keyIndex]).toBe(1);
      labelled += e.end - e.start + 1;
      expect(e.start).toBeGreaterThanOrEqual(375);
    }
    expect(d.labels.reduce((s, v) => s + v, 0)).toBe(labelled);
  });

  it('moves the values where it injects an anomaly and nowhere else', () => {
    const clean = generateDataset({ ...options, anomalies: false });
    const dirty = generateDataset(options);
    expect(clean.events).toEqual([]);
    for (let r = 0; r < dirty.rows.length; r++) {
      const same = dirty.rows[r]!.values.every((v, f) => v === clean.rows[r]!.values[f]);
      expect(same).toBe(dirty.labels[r] === 0 || dirty.events.every((e) => e.kind === 'variance-change'));
      if (dirty.labels[r] === 0) expect(same).toBe(true);
    }
  });

  it('injects each kind when asked', () => {
    for (const kind of ['spike', 'level-shift', 'contextual', 'collective', 'variance-change'] as const) {
      const d = generateDataset({ ...options, keys: 1, anomalies: { kinds: [kind], perKey: 1 } });
      expect(d.events.map((e) => e.kind)).toEqual([kind]);
      if (kind === 'collective') expect(d.events[0]!.features).toEqual([0, 1]);
      if (kind === 'spike') expect(d.events[0]!.end).toBe(d.events[0]!.start);
    }
  });

  it('takes explicit composite keys and makes payloads', () => {
    const d = generateDataset({ keys: [['api', 'eu']], features: 1, points: 3, anomalies: false, seed: 1 });
    const payload = rowToPayload(d.rows[0]!, { keys: ['service', 'region'], features: ['value'], timestamp: 'ts' });
    expect(payload).toEqual({ ts: d.rows[0]!.timestamp, service: 'api', region: 'eu', value: d.rows[0]!.values[0] });
  });

  it('handles zero points', () => {
    const d = generateDataset({ keys: 2, features: 1, points: 0 });
    expect(d.rows).toEqual([]);
    expect(d.events).toEqual([]);
  });
});
