import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDataset, parseConfig, rowToPayload } from '@numalogic/core';
import { runPipeline } from '../src/index.js';
import { readJsonl, tempDir, writeLines } from './helpers.js';

const REPO = join(import.meta.dirname, '..', '..', '..');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe('pipelines/anomaly-detection.yaml with the real UDFs', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('scores every window, routes invalid data to out, trains models per key and stops every child', async () => {
    // The children inherit this environment: without the variable, the scoring thread below is the runner's default.
    vi.stubEnv('NUMALOGIC_SCORING_THREAD', undefined);
    const dir = tempDir();
    // Four hours of minutes for 5 keys, with the default configuration's field names and injected anomalies.
    const data = generateDataset({ keys: 5, features: ['value'], points: 240, seed: 7, anomalies: { perKey: 1 } });
    const fields = { keys: ['key'], features: ['value'], timestamp: 'timestamp' };
    const lines = data.rows.map((row) => JSON.stringify(rowToPayload(row, fields)));
    const bad = ['{"timestamp": "yesterday", "key": "key-0", "value": 1}', 'not json at all', '{"key": "key-1", "value": "NaN"}'];
    lines.splice(300, 0, bad[0]!);
    lines.splice(600, 0, bad[1]!);
    lines.splice(900, 0, bad[2]!);
    const input = writeLines(dir, 'events.jsonl', lines);
    const store = join(dir, 'models');
    const pids = new Set<number>();

    const summary = await runPipeline({
      pipelinePath: join(REPO, 'pipelines', 'anomaly-detection.yaml'),
      source: input,
      runDir: join(dir, 'run'),
      store,
      out: join(dir, 'scores.jsonl'),
      handleSignals: false,
      progressIntervalMs: 100,
      // Enough history to train after two hours of a key's minutes (the default waits for 500 points).
      env: { NUMALOGIC_OVERRIDES: JSON.stringify({ trainer: { minPoints: 100, minSpan: 0 } }) },
      onProgress: (p) => p.vertices.forEach((v) => v.pid && pids.add(v.pid)),
    });

    expect(summary.datumsIn).toBe(1203);
    expect(summary.keys).toBe(5);
    expect(summary.late).toBe(0);

    const out = readJsonl(join(dir, 'scores.jsonl'));
    const invalid = out.filter((l) => (l.value as { status: string }).status === 'invalid');
    expect(invalid).toHaveLength(3);
    expect(summary.invalid).toBe(3);
    for (const line of invalid) expect(line.tags).toContain('invalid');

    // Every window preprocess emitted was scored and reached out, once.
    const scored = out.filter((l) => (l.value as { status: string }).status !== 'invalid');
    const preprocess = summary.vertices.find((v) => v.name === 'preprocess')!;
    expect(scored).toHaveLength(preprocess.out);
    const keysSeen = new Set<string>();
    for (const line of scored) {
      const datum = line.value as { keys: string[]; anomalyScore: number; status: string; timestamp: number };
      expect(datum.anomalyScore).toBeGreaterThanOrEqual(0);
      expect(datum.anomalyScore).toBeLessThanOrEqual(10);
      expect(['scored', 'stale', 'static']).toContain(datum.status);
      keysSeen.add(datum.keys.join('|'));
    }
    expect([...keysSeen].sort()).toEqual(data.keys.map((k) => k.join('|')).sort());

    // Keys trained: bundles in the store, TrainingEvents in the log, and later windows scored by a model.
    expect(summary.modelsTrained).toBeGreaterThanOrEqual(5);
    expect(filesUnder(store).filter((f) => f === 'bundle.json').length).toBeGreaterThanOrEqual(5);
    const trainingLog = readJsonl(summary.sinkFiles['training-log']!);
    expect(trainingLog.filter((l) => (l.value as { status: string }).status === 'trained')).toHaveLength(summary.modelsTrained);
    expect(trainingLog.filter((l) => (l.value as { status: string }).status === 'trained').map((l) => l.keys.join('|')).sort()).toEqual(
      expect.arrayContaining(data.keys.map((k) => k.join('|')).sort()),
    );

    // The alerts sink gets exactly the datums at or above the alert level.
    const alerts = readJsonl(summary.sinkFiles['alerts']!);
    expect(alerts).toHaveLength(summary.anomalies);
    for (const line of alerts) expect((line.value as { anomalyScore: number }).anomalyScore).toBeGreaterThanOrEqual(summary.alertLevel);

    // Inference scores on its main thread here (the runner's default: every vertex shares the machine's cores).
    for (const vertex of ['inference-dense', 'inference-sparse']) {
      const lines = readFileSync(join(dir, 'run', 'logs', `${vertex}.log`), 'utf8').split('\n');
      const serving = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg?: string }).find((l) => l.msg === 'inference serving');
      expect(serving, vertex).toMatchObject({ scoringThread: false });
    }

    expect(pids.size).toBe(7);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);

    // The next hour of the same keys, on the same store: inference now scores with the trained models.
    const later = generateDataset({ keys: 5, features: ['value'], points: 60, seed: 7, anomalies: false, start: Date.UTC(2026, 0, 5) + 240 * 60_000 });
    const next = await runPipeline({
      pipelinePath: join(REPO, 'pipelines', 'anomaly-detection.yaml'),
      source: writeLines(dir, 'later.jsonl', later.rows.map((row) => JSON.stringify(rowToPayload(row, fields)))),
      runDir: join(dir, 'run-2'),
      store,
      handleSignals: false,
      env: { NUMALOGIC_OVERRIDES: JSON.stringify({ trainer: { minPoints: 100, minSpan: 0 } }) },
    });
    const rescored = readJsonl(next.sinkFiles['out']!).map((l) => l.value as { status: string; model: { name: string } | null; keys: string[] });
    expect(rescored.length).toBe(next.vertices.find((v) => v.name === 'preprocess')!.out);
    const denseModel = parseConfig({}).models['dense']![0]!.name; // the pipeline's config leaves models at the defaults
    const byModel = rescored.filter((d) => d.status === 'scored' && d.model?.name === denseModel);
    expect(new Set(byModel.map((d) => d.keys.join('|'))).size).toBe(5);
  });
});
