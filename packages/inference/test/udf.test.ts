// The inference entrypoint over its real Unix socket (batch and unary map), driven by the SDK's MapClient,
// with a real trained bundle in a temp fs store.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapClient, RawMapStream } from '@numalogic/numaflow/client';
import { decodeScored, decodeTrainRequest, encodeWindowFrame } from '@numalogic/core';
import { createStore } from '@numalogic/registry';
import { syntheticRows, trainFixtureBundle, windowOf } from '../src/bench/fixture-bundle.js';
import { EMITTED_TAGS } from '../src/index.js';
import { badPayloads, counter, startUdf, tempDir, waitFor, type RunningUdf } from './harness.js';

const shape = { features: ['a', 'b'], window: 8, intervalMs: 1000 };
const rows = syntheticRows(300, 2);
const folder = tempDir('inference-udf-');
const configPath = join(folder, 'config.json');
let version: string;
let env: Record<string, string>;
/** Warning lines the UDF logged for invalid windows so far. */
const invalidLogs = (udf: RunningUdf) => udf.logs.filter((l) => l['msg'] === 'invalid window' && l['level'] === 40).length;

beforeAll(async () => {
  writeFileSync(
    configPath,
    JSON.stringify({ keys: ['service'], features: shape.features, window: { points: shape.window, intervalMs: shape.intervalMs }, models: { dense: [{ name: 'dense-autoencoder' }], sparse: [] } }),
  );
  const storeFolder = join(folder, 'models');
  ({ version } = await trainFixtureBundle(createStore({ kind: 'fs', root: storeFolder }), ['api'], shape));
  env = { NUMALOGIC_CONFIG: configPath, NUMALOGIC_STORE_FOLDER: storeFolder };
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each([
  ['batch', 'batch-map', 'on'],
  ['unary', 'unary-map', 'on'],
  ['batch', 'batch-map', 'off'],
  ['unary', 'unary-map', 'off'],
] as const)('%s mode (%s), scoring thread %s', (mode, mapMode, thread) => {
  let udf: RunningUdf;
  let client: MapClient;
  beforeAll(async () => {
    udf = await startUdf([], { ...env, NUMALOGIC_MAP_MODE: mode, NUMALOGIC_SCORING_THREAD: thread });
    client = await MapClient.connect({ socketDir: udf.socketDir, mode: mapMode, concurrency: 100 });
  });
  afterAll(async () => {
    client.close();
    expect(await udf.stop()).toBe(0);
  });

  it('scores a trained key with its bundle, and an untrained one online with a training request', async () => {
    const trained = windowOf(['api'], rows, 100, shape);
    const untrained = windowOf(['db'], rows, 100, shape);
    const [a, b] = await client.mapAll([trained, untrained].map((w) => ({ keys: w.keys, value: JSON.stringify(w) })));
    expect(a!.map((m) => m.tags)).toEqual([['score']]);
    const scored = decodeScored(a![0]!.value);
    expect(scored.ok && scored.value.scores[0]!.model).toEqual({ name: 'dense-autoencoder', version });
    expect(a![0]!.keys).toEqual(['api']);
    expect(b!.map((m) => m.tags)).toEqual([['static'], ['train']]);
    expect(decodeScored(b![0]!.value)).toMatchObject({ ok: true, value: { status: 'static' } });
    expect(decodeTrainRequest(b![1]!.value)).toMatchObject({ ok: true, value: { keys: ['db'], reason: 'missing' } });
    expect(await counter(udf.metricsPort, 'numalogic_model_loads_total', { source: 'store' })).toBeGreaterThanOrEqual(1);
    for (const m of [...a!, ...b!]) for (const tag of m.tags) expect(EMITTED_TAGS).toContain(tag);
    // What preprocess sends, a window frame, scores as the JSON window does.
    const [framed] = await client.mapAll([{ keys: trained.keys, value: Buffer.from(encodeWindowFrame(trained)) }]);
    expect(framed!.map((m) => m.tags)).toEqual([['score']]);
    expect(decodeScored(framed![0]!.value)).toEqual(decodeScored(a![0]!.value));
  });

  // Batch mode only (unary has no batches).
  if (mode === 'batch') {
    it('answers a window of a batch before the batch ends, and closes the batch with its EOT', async () => {
      const stream = await RawMapStream.open('batchmap', { socketDir: udf.socketDir });
      try {
        const w = windowOf(['api'], rows, 120, shape);
        stream.datum('w1', { keys: w.keys, value: Buffer.from(encodeWindowFrame(w)) });
        // No EOT yet: the platform may still be sending the batch, and the answer is out already.
        await stream.until(1);
        expect(stream.responses.map((r) => [r.id, r.results?.map((m) => m.tags)])).toEqual([['w1', [['score']]]]);
        stream.eot();
        await stream.until(2);
        expect(stream.responses[1]?.status?.eot).toBe(true);
      } finally {
        stream.close();
      }
    });
  }

  it('answers every broken window frame (each truncation, NaN and infinite values) with an invalid datum', async () => {
    const w = windowOf(['api'], rows, 100, shape);
    const frame = Buffer.from(encodeWindowFrame(w));
    const broken = Array.from({ length: frame.length - 4 }, (_, i) => frame.subarray(0, 4 + i));
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) broken.push(Buffer.from(encodeWindowFrame({ ...w, values: w.values.map((v, i) => (i === 5 ? bad : v)) })));
    const before = await counter(udf.metricsPort, 'numalogic_datums_invalid_total');
    const loggedBefore = invalidLogs(udf);
    const answers = await client.mapAll(broken.map((value) => ({ keys: ['api'], value })));
    answers.forEach((results, i) => {
      expect(results.map((m) => m.tags), `frame ${i}`).toEqual([['invalid']]);
      expect(JSON.parse(results[0]!.value.toString()), `frame ${i}`).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/window payload/) });
    });
    expect((await counter(udf.metricsPort, 'numalogic_datums_invalid_total')) - before).toBe(broken.length);
    await waitFor(() => invalidLogs(udf) - loggedBefore === broken.length);
  });

  it('answers each of 1,000 bad windows with an invalid output datum, counted and logged', async () => {
    const template = windowOf(['api'], rows, 100, shape) as unknown as Record<string, unknown>;
    const paths = [['end'], ['intervalMs'], ['points'], ['values', '3'], ['observed'], ['density']];
    const bad = badPayloads(template, paths, 1000, { keysField: 'keys' });
    const before = await counter(udf.metricsPort, 'numalogic_datums_invalid_total');
    const loggedBefore = invalidLogs(udf);
    const answers = await client.mapAll(bad.map((b) => ({ keys: b.keys, value: b.value })));
    answers.forEach((results, i) => {
      const context = `${bad[i]!.kind}: ${bad[i]!.value.subarray(0, 80).toString()}`;
      expect(results.map((m) => m.tags), context).toEqual([['invalid']]);
      expect(JSON.parse(results[0]!.value.toString()), context).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/window payload/) });
      expect(results[0]!.keys).toEqual(bad[i]!.keys);
    });
    expect((await counter(udf.metricsPort, 'numalogic_datums_invalid_total')) - before).toBe(1000);
    await waitFor(() => invalidLogs(udf) - loggedBefore === 1000);
  });
});

it('exits 1 with a clear log line on a bad configuration', async () => {
  const badConfig = join(folder, 'bad.json');
  writeFileSync(badConfig, JSON.stringify({ window: { points: -1 } }));
  await expect(startUdf([], { NUMALOGIC_CONFIG: badConfig })).rejects.toThrow(/exited \(1\)[\s\S]*window\.points/);
});

it('exits 1 naming NUMALOGIC_SCORING_THREAD when it is neither on nor off', async () => {
  await expect(startUdf([], { ...env, NUMALOGIC_SCORING_THREAD: 'yes' })).rejects.toThrow(/exited \(1\)[\s\S]*NUMALOGIC_SCORING_THREAD must be 'on' or 'off'/);
});
