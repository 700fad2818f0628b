import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreCsv } from '../src/commands/score.js';
import { CHUNK_ROWS, readCsvRecords } from '../src/csv/records.js';
import { anomalyCsv, parseScores, Sink, source } from './fixtures.js';

async function score(csv: string, options = {}) {
  const out = new Sink();
  const totals = await scoreCsv(options, source(csv), out);
  return { rows: parseScores(out.text), totals, text: out.text };
}

describe('numalogic score', () => {
  // 9,000 one-minute points: a model is trained after the first chunk and retrained as it goes stale.
  const data = anomalyCsv(9000);

  it('keeps one output row per input row, scores rise at injected anomalies, and models get trained', async () => {
    const { rows, totals } = await score(data.csv);
    expect(rows).toHaveLength(9000);
    expect(rows.map((r) => r.timestamp)).toEqual(data.rows.map((r) => new Date(r.timestamp).toISOString()));
    expect(totals.trainings).toBeGreaterThan(0);
    expect(rows.slice(0, 11).every((r) => r.status === 'warmup' && r.score === 0)).toBe(true);
    // static before the first model, scored after; stale only if a model outlives retrainAfter before the next
    // chunk retrains it (drift may retrain it first), so it may or may not appear
    const statuses = new Set(rows.slice(11).map((r) => r.status));
    expect(statuses).toContain('static');
    expect(statuses).toContain('scored');
    for (const status of statuses) expect(['static', 'scored', 'stale']).toContain(status);
    // Compare rows with a trained model (after the clean half). A row's score is its window's (the default 12
    // points ending at it), so the rows whose window holds an event's point are the event's; the rest are normal.
    const span = 12 - 1;
    const affected = (i: number) => data.events.some((event) => i >= event.start && i <= event.end + span);
    const inEvent: number[] = [];
    const outside: number[] = [];
    rows.forEach((r, i) => {
      if (i < 4500 || r.status === 'static') return;
      (affected(i) ? inEvent : outside).push(r.score);
    });
    expect(inEvent.length).toBeGreaterThanOrEqual(data.events.length);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(inEvent)).toBeGreaterThan(1.5 * mean(outside));
    // The events' peaks stand above nine in ten normal rows.
    const p90 = [...outside].sort((a, b) => a - b)[Math.floor(outside.length * 0.9)]!;
    const peaks = data.events.map((event) => Math.max(...rows.slice(event.start, event.end + span + 1).map((r) => r.score)));
    expect(mean(peaks)).toBeGreaterThan(p90);
  }, 120_000);

  it('retrains a stale model within one chunk, as trainer.retrainAfter says (the chunk is how long a request waits)', async () => {
    // Rows scored by a model older than retrainAfter (status stale) wait for the end of their chunk's training.
    const longestStaleRun = (rows: { status: string }[]) => {
      let run = 0;
      let longest = 0;
      for (const r of rows) longest = Math.max(longest, (run = r.status === 'stale' ? run + 1 : 0));
      return longest;
    };
    const [byDefault, large] = await Promise.all([score(data.csv), score(data.csv, { chunkRows: 4096 })]);
    // 6.25 days of minute data: a first model after one day, then one retraining per day.
    expect(byDefault.totals.trainings).toBeGreaterThanOrEqual(5);
    expect(longestStaleRun(byDefault.rows)).toBeLessThanOrEqual(CHUNK_ROWS);
    // Chunks of 4,096 rows let a model serve stale for most of a chunk.
    expect(large.totals.trainings).toBeLessThan(byDefault.totals.trainings);
    expect(longestStaleRun(large.rows)).toBeGreaterThan(2 * CHUNK_ROWS);
  }, 120_000);

  it('reads records in chunks of at most the given rows, doubling from the first chunk', async () => {
    const csv = `h\n${Array.from({ length: 3000 }, (_, i) => String(i)).join('\n')}\n`;
    const sizes = async (max?: number) => {
      const out: number[] = [];
      for await (const chunk of readCsvRecords(source(csv), max)) out.push(chunk.length);
      return out;
    };
    expect(await sizes()).toEqual([...Array.from({ length: 11 }, () => CHUNK_ROWS), 3001 - 11 * CHUNK_ROWS]);
    expect(await sizes(1000)).toEqual([256, 512, 1000, 1000, 233]);
    expect(await sizes(100)).toEqual([...Array.from({ length: 30 }, () => 100), 1]);
    await expect(sizes(0)).rejects.toThrow(/chunk rows must be a whole number >= 1/);
  });

  it('has no look-ahead: scoring a prefix gives the same output for that prefix', async () => {
    const lines = data.csv.trimEnd().split('\n');
    const prefix = `${lines.slice(0, 1 + 6001).join('\n')}\n`; // not a chunk boundary
    const [full, part] = await Promise.all([score(data.csv), score(prefix)]);
    expect(part.rows).toHaveLength(6001);
    expect(part.rows).toEqual(full.rows.slice(0, 6001));
  }, 120_000);

  it('turns every bad row into an invalid output row with its reason, in place', async () => {
    const lines = data.csv.trimEnd().split('\n').slice(0, 400);
    const bad: [number, string, RegExp][] = [
      [50, '2024-01-01T00:00:00Z,abc,0', /feature 'value' is not a number/],
      [60, ',1.5,0', /timestamp/],
      [70, 'not-a-time,1.5,0', /timestamp 'not-a-time'/],
      [80, '2024-01-01T00:00:00Z,,0', /feature 'value' is empty/],
      [90, '2024-01-01T00:00:00Z,1.5', /row has 2 columns, the header has 3/],
      [100, '2024-01-01T00:00:00Z,NaN,0', /not a number/],
      [110, '2024-01-01T00:00:00Z,1e999,0', /overflows/],
      [120, '"2024-01-01T00:00:00Z,1.5,0', /unreadable CSV row|columns/],
    ];
    for (const [at, line] of bad) lines.splice(at, 0, line); // ascending: each lands at its index
    const { rows, totals } = await score(`${lines.join('\n')}\n`);
    expect(rows).toHaveLength(lines.length - 1);
    expect(totals.invalid).toBe(bad.length);
    for (const [at, line, reason] of bad) {
      const row = rows[at - 1]!;
      expect(row.status, line).toBe('invalid');
      expect(row.reason, line).toMatch(reason);
    }
    // Rows after the bad ones are still scored normally.
    expect(rows.at(-1)!.status).not.toBe('invalid');
  }, 60_000);

  it('scores keys separately when the CSV has the configured key columns', async () => {
    const lines = ['timestamp,key,value'];
    for (let i = 0; i < 40; i++) {
      const t = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
      lines.push(`${t},a,${10 + (i % 3)}`, `${t},b,${100 + (i % 5)}`);
    }
    const { rows, text } = await score(`${lines.join('\n')}\n`);
    expect(text.split('\n')[0]).toBe('timestamp,key,anomaly_score,status,reason');
    expect(rows).toHaveLength(80);
    // Each key warms up on its own 11 rows.
    expect(rows.filter((r) => r.status === 'warmup')).toHaveLength(22);
    expect(rows.filter((r) => r.keys[0] === 'b')).toHaveLength(40);
  }, 60_000);

  it("scores the same with a kept --store as with the temporary one, and leaves each key's training history in it", async () => {
    const store = mkdtempSync(join(tmpdir(), 'score-kept-'));
    try {
      const [temporary, kept] = await Promise.all([score(data.csv), score(data.csv, { store })]);
      expect(kept.totals.trainings).toBeGreaterThan(0);
      expect(kept.text).toBe(temporary.text);
      // The history is held in memory during the run and written at its end.
      const files = readdirSync(store, { recursive: true }).filter((f) => String(f).endsWith('history.json'));
      expect(files).toHaveLength(1);
      const saved = JSON.parse(readFileSync(join(store, String(files[0])), 'utf8')) as { t: number[] };
      expect(saved.t.length).toBeGreaterThan(1000);
      expect(saved.t.at(-1)!).toBeLessThanOrEqual(data.rows.at(-1)!.timestamp);
      expect(saved.t.at(-1)!).toBeGreaterThan(data.rows[4500]!.timestamp);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  }, 120_000);

  it("infers each key's interval (intervalMs auto): five-minute data gets a five-minute grid, in windows and bundles", async () => {
    const lines = ['timestamp,value'];
    for (let i = 0; i < 1200; i++) lines.push(`${new Date(Date.UTC(2026, 0, 1) + i * 300_000).toISOString()},${(100 + 10 * Math.sin(i / 20)).toFixed(3)}`);
    const store = mkdtempSync(join(tmpdir(), 'score-auto-'));
    try {
      const { rows, totals } = await score(`${lines.join('\n')}\n`, { store });
      expect(rows).toHaveLength(1200);
      expect(totals.trainings).toBeGreaterThan(0);
      const manifests = readdirSync(store, { recursive: true })
        .filter((f) => String(f).endsWith('bundle.json'))
        .map((f) => JSON.parse(readFileSync(join(store, String(f)), 'utf8')) as { intervalMs: number; densityClass: string });
      expect(manifests.length).toBeGreaterThan(0);
      // on a one-minute grid the windows would hold 3 points of 12 and be sparse
      for (const m of manifests) expect(m).toMatchObject({ intervalMs: 300_000, densityClass: 'dense' });
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  }, 120_000);
});
