// The threshold entrypoint over its real Unix socket, driven by the SDK's MapClient, with bundles in a temp fs store.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapClient } from '@numalogic/numaflow/client';
import { decodeThreshold } from '@numalogic/core';
import { createStore } from '@numalogic/registry';
import { EMITTED_TAGS } from '../src/index.js';
import { badPayloads, counter, startUdf, tempDir, waitFor, type RunningUdf } from './harness.js';
import { saveThresholdBundle } from './fixture.js';

const folder = tempDir('threshold-udf-');
let udf: RunningUdf;
let client: MapClient;
let version: string;

beforeAll(async () => {
  const storeFolder = join(folder, 'models');
  version = await saveThresholdBundle(createStore({ kind: 'fs', root: storeFolder }), ['api', 'dense-autoencoder'], [[1, 6], [3, 8]], ['a', 'b']);
  writeFileSync(join(folder, 'config.yaml'), 'features: [a, b]\nlimits: { a: { upper: 10 } }\n');
  udf = await startUdf([], { NUMALOGIC_CONFIG: join(folder, 'config.yaml'), NUMALOGIC_STORE_FOLDER: storeFolder });
  client = await MapClient.connect({ socketDir: udf.socketDir, mode: 'unary-map', concurrency: 100 });
});
afterAll(async () => {
  client.close();
  expect(await udf.stop()).toBe(0);
  rmSync(folder, { recursive: true, force: true });
});

const scored = () => ({
  keys: ['api'],
  features: ['a', 'b'],
  end: 60_000,
  densityClass: 'dense',
  status: 'scored',
  scores: [{ model: { name: 'dense-autoencoder', version }, source: 'model', weight: 1, errors: [10, 20] }],
  last: [10, 1],
});

describe('threshold UDF', () => {
  it('turns a scored payload into ratios (no tag) with the same bundle version', async () => {
    const [results] = await client.mapAll([{ keys: ['api'], value: JSON.stringify(scored()) }]);
    expect(results!.map((m) => m.tags)).toEqual([[]]);
    const out = decodeThreshold(results![0]!.value);
    if (!out.ok) throw new Error(out.reason);
    expect(out.value.ratios[0]).toBeCloseTo(2, 6);
    expect(out.value.staticRatios[0]).toBeCloseTo(1, 6);
    expect(out.value.model).toEqual({ name: 'dense-autoencoder', version });
    expect(await counter(udf.metricsPort, 'numalogic_model_loads_total', { source: 'store' })).toBe(1);
  });

  it('answers each of 1,000 bad payloads with an invalid output datum, counted and logged', async () => {
    const paths = [['end'], ['last', '0'], ['scores', '0', 'weight'], ['scores', '0', 'errors', '1']];
    const bad = badPayloads(scored(), paths, 1000, { keysField: 'keys' });
    const before = await counter(udf.metricsPort, 'numalogic_datums_invalid_total');
    const answers = await client.mapAll(bad.map((b) => ({ keys: b.keys, value: b.value })));
    answers.forEach((results, i) => {
      const context = `${bad[i]!.kind}: ${bad[i]!.value.subarray(0, 80).toString()}`;
      expect(results.map((m) => m.tags), context).toEqual([['invalid']]);
      expect(EMITTED_TAGS).toContain(results[0]!.tags[0]);
      expect(JSON.parse(results[0]!.value.toString()), context).toMatchObject({ status: 'invalid', reason: expect.any(String) });
    });
    expect((await counter(udf.metricsPort, 'numalogic_datums_invalid_total')) - before).toBe(1000);
    await waitFor(() => udf.logs.filter((l) => l['msg'] === 'invalid scored payload' && l['level'] === 40).length === 1000);
  });
});
