// The preprocess entrypoint over its real Unix socket, driven by the SDK's platform-like clients.
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReduceClient, SourceTransformClient } from '@numalogic/numaflow/client';
import { decodePoint, decodeWindow, isWindowFrame } from '@numalogic/core';
import { EMITTED_TAGS } from '../src/index.js';
import { badPayloads, counter, startUdf, tempDir, waitFor, type RunningUdf } from './harness.js';

const configDir = tempDir('preprocess-config-');
const configPath = join(configDir, 'config.yaml');
writeFileSync(
  configPath,
  ['keys: [service]', 'features: [value]', 'window: { points: 4, intervalMs: 1000 }', 'densityClasses: [{name: dense, minDensity: 0.75}, {name: sparse, minDensity: 0}]'].join('\n'),
);
const env = { NUMALOGIC_CONFIG: configPath };
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

describe('source transformer role', () => {
  let udf: RunningUdf;
  let client: SourceTransformClient;
  beforeAll(async () => {
    udf = await startUdf(['--role', 'transformer'], env);
    client = await SourceTransformClient.connect({ socketDir: udf.socketDir });
  });
  afterAll(async () => {
    client.close();
    expect(await udf.stop()).toBe(0);
  });

  it('keys and times each event from its payload', async () => {
    const [result] = await client.transform({ value: JSON.stringify({ timestamp: 1_700_000_060_000, service: 'api', value: 2.5, retrain: true }), eventTime: 5 });
    expect(result!.keys).toEqual(['api']);
    expect(result!.tags).toEqual([]);
    expect(result!.eventTime.getTime()).toBe(1_700_000_060_000);
    expect(decodePoint(result!.value)).toEqual({ ok: true, value: { t: 1_700_000_060_000, v: [2.5], force: true } });
  });

  it('answers each of 1,000 bad events with an invalid output datum, counted and logged', async () => {
    // The timestamp is broken by removal and by 1e999 (paths of numeric leaves replaced with bad values: value).
    const bad = badPayloads({ timestamp: 1_700_000_000_000, service: 'api', value: 1 }, [['value']], 1000);
    const before = await counter(udf.metricsPort, 'numalogic_datums_invalid_total');
    const answers = await client.transformAll(bad.map((b) => ({ keys: b.keys, value: b.value, eventTime: 1234 })));
    expect(answers).toHaveLength(1000);
    answers.forEach((results, i) => {
      const context = `${bad[i]!.kind}: ${bad[i]!.value.subarray(0, 80).toString()}`;
      expect(results, context).toHaveLength(1);
      expect(results[0]!.tags, context).toEqual(['invalid']);
      expect(EMITTED_TAGS).toContain(results[0]!.tags[0]);
      expect(results[0]!.keys).toEqual(['invalid']);
      expect(results[0]!.eventTime.getTime()).toBe(1234);
      const output = JSON.parse(results[0]!.value.toString());
      expect(output).toMatchObject({ status: 'invalid', anomalyScore: 0, reason: expect.any(String) });
    });
    expect((await counter(udf.metricsPort, 'numalogic_datums_invalid_total')) - before).toBe(1000);
    await waitFor(() => udf.logs.filter((l) => l['msg'] === 'invalid event' && l['level'] === 40).length >= 1000);
  });
});

describe('reduce role (sliding window)', () => {
  let udf: RunningUdf;
  let client: ReduceClient;
  beforeAll(async () => {
    udf = await startUdf([], env);
    client = await ReduceClient.connect({ socketDir: udf.socketDir });
  });
  afterAll(async () => {
    client.close();
    expect(await udf.stop()).toBe(0);
  });

  it('makes one density-tagged window per key', async () => {
    const point = (t: number, v: number) => JSON.stringify({ t, v: [v] });
    const results = await client.reduceWindow({ start: 0, end: 10_000 }, [
      { keys: ['api'], value: point(1000, 1) },
      { keys: ['db'], value: point(2000, 5) },
      { keys: ['api'], value: point(2000, 2) },
      { keys: ['api'], value: point(4000, 4) },
      { keys: ['api'], value: point(3000, 3) },
    ]);
    const byKey = Object.fromEntries(results.map((r) => [r.keys.join('/'), r]));
    expect(Object.keys(byKey).sort()).toEqual(['api', 'db']);
    expect(byKey['api']!.tags).toEqual(['dense']);
    expect(byKey['db']!.tags).toEqual(['sparse']);
    for (const r of results) for (const tag of r.tags) expect(EMITTED_TAGS).toContain(tag);
    // Windows go to inference as window frames (values as float64 after a JSON header), not as JSON text.
    for (const r of results) expect(isWindowFrame(r.value)).toBe(true);
    const api = decodeWindow(byKey['api']!.value);
    expect(api.ok && api.value).toMatchObject({ keys: ['api'], end: 4000, values: [1, 2, 3, 4], observed: 4, densityClass: 'dense' });
  });

  it('drops each of 1,000 bad points with a count and a log line, and still windows the good ones', async () => {
    const bad = badPayloads({ t: 1000, v: [1] }, [['t'], ['v', '0']], 1000);
    const droppedBefore = await counter(udf.metricsPort, 'numalogic_datums_dropped_total', { reason: 'invalid-point' });
    const inBefore = await counter(udf.metricsPort, 'numalogic_datums_in_total');
    const good = [1000, 2000, 3000].map((t) => ({ keys: ['api'], value: JSON.stringify({ t, v: [t / 1000] }) }));
    const results = await client.reduceWindow({ start: 0, end: 60_000 }, [...good, ...bad.map((b) => ({ keys: b.keys, value: b.value }))]);
    expect((await counter(udf.metricsPort, 'numalogic_datums_dropped_total', { reason: 'invalid-point' })) - droppedBefore).toBe(1000);
    expect((await counter(udf.metricsPort, 'numalogic_datums_in_total')) - inBefore).toBe(1003);
    await waitFor(() => udf.logs.filter((l) => l['msg'] === 'invalid point dropped' && l['level'] === 40).length === 1000);
    const api = results.filter((r) => r.keys.join('/') === 'api');
    expect(api).toHaveLength(1);
    expect(decodeWindow(api[0]!.value)).toMatchObject({ ok: true, value: { observed: 3, end: 3000 } });
    // Keys that only received bad points produce no window.
    expect(results.every((r) => r.keys.join('/') === 'api' || r.keys.join('/') === 'k1')).toBe(true);
  });
});
