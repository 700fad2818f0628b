import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '@numalogic/runner';
import { detectionLine, writeRunReport } from '../src/run/report.js';

const MIN = 60_000;

/** A run summary as the runner gives it for generated data, with its `out` sink file. */
function fixture(lines: object[]): RunSummary {
  const runDir = mkdtempSync(join(tmpdir(), 'run-report-'));
  const out = join(runDir, 'out.jsonl');
  writeFileSync(out, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"torn`);
  const timestamps = Array.from({ length: 10 }, (_, i) => i * MIN);
  return {
    runDir,
    sinkFiles: { out },
    alertLevel: 5,
    generated: {
      keys: [['a'], ['b']],
      features: ['value'],
      points: 10,
      intervalMs: MIN,
      anomalousRows: 2,
      events: [
        { keyIndex: 0, keys: ['a'], kind: 'spike', start: 4, end: 5, startTimestamp: 4 * MIN, endTimestamp: 5 * MIN, features: [0], magnitude: 5 },
        { keyIndex: 1, keys: ['b'], kind: 'spike', start: 8, end: 8, startTimestamp: 8 * MIN, endTimestamp: 8 * MIN, features: [0], magnitude: 5 },
      ],
      series: [
        { timestamps, values: [timestamps.map((_, i) => i)] },
        { timestamps, values: [timestamps.map((_, i) => 10 - i)] },
      ],
    },
  } as unknown as RunSummary;
}

const scored = (key: string, minute: number, anomalyScore: number, status = 'scored') => ({
  sink: 'out',
  value: { keys: [key], timestamp: minute * MIN, anomalyScore, featureScores: {}, status, model: null },
});

describe('the report of a run on generated data', () => {
  it('scores each key against its injected events, from the out sink', async () => {
    const summary = fixture([
      scored('a', 5, 7.5), // inside a's event: detected, 1 minute late
      scored('a', 1, 6), // outside: one false positive
      scored('b', 3, 2),
      scored('b', 8, 9, 'invalid'), // invalid outputs are not scores: b's event is missed
    ]);
    const report = await writeRunReport(summary);
    expect(report?.path).toBe(join(summary.runDir, 'report.html'));
    expect(detectionLine(report!.overall)).toBe('1 of 2 injected events, 1 false alarm (F1 0.50)');
    const html = readFileSync(report!.path, 'utf8');
    const rows = [...html.matchAll(/<tr><td>([^<]*)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td>/g)].map((m) => m.slice(1, 5).join(','));
    expect(rows).toEqual(['a,1,1,1', 'b,1,0,0', 'overall,2,1,1']);
  });

  it('writes nothing for a run without generated truth or without an out sink', async () => {
    const summary = fixture([]);
    expect(await writeRunReport({ ...summary, generated: undefined } as unknown as RunSummary)).toBeNull();
    expect(await writeRunReport({ ...summary, sinkFiles: {} } as RunSummary)).toBeNull();
  });
});
