// The postprocess entrypoint over its real Unix socket, driven by the SDK's MapClient.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MapClient } from '@numalogic/numaflow/client';
import { EMITTED_TAGS } from '../src/index.js';
import { badPayloads, counter, startUdf, tempDir, waitFor, type RunningUdf } from './harness.js';

const folder = tempDir('postprocess-udf-');
let udf: RunningUdf;
let client: MapClient;

beforeAll(async () => {
  writeFileSync(join(folder, 'config.yaml'), 'features: [a, b]\npostprocess: { alertLevel: 5 }\n');
  udf = await startUdf([], { NUMALOGIC_CONFIG: join(folder, 'config.yaml') });
  client = await MapClient.connect({ socketDir: udf.socketDir, mode: 'unary-map', concurrency: 100 });
});
afterAll(async () => {
  client.close();
  expect(await udf.stop()).toBe(0);
  rmSync(folder, { recursive: true, force: true });
});

const payload = (ratios: number[]) => ({
  keys: ['api'],
  features: ['a', 'b'],
  end: 60_000,
  densityClass: 'dense',
  status: 'scored',
  model: { name: 'dense-autoencoder', version: 'v000000000001' },
  ratios,
  staticRatios: [0, 0],
});

describe('postprocess UDF', () => {
  it('writes output datums, tagging anomalies only', async () => {
    const [calm, alert] = await client.mapAll([payload([0.2, 0.3]), payload([0.2, 4])].map((p) => ({ keys: ['api'], value: JSON.stringify(p) })));
    expect(calm!.map((m) => m.tags)).toEqual([[]]);
    expect(alert!.map((m) => m.tags)).toEqual([['anomaly']]);
    expect(EMITTED_TAGS).toContain(alert![0]!.tags[0]);
    const out = JSON.parse(alert![0]!.value.toString());
    expect(out).toMatchObject({ keys: ['api'], timestamp: 60_000, status: 'scored', model: { version: 'v000000000001' } });
    expect(out.anomalyScore).toBeCloseTo(8, 9); // ratio 4 by the default rational map: 10 * 4 / 5
    expect(await counter(udf.metricsPort, 'numalogic_datums_out_total', { tag: 'anomaly' })).toBe(1);
  });

  it('answers each of 1,000 bad payloads with an invalid output datum, counted and logged', async () => {
    const bad = badPayloads(payload([1, 1]), [['end'], ['ratios', '0'], ['staticRatios', '1']], 1000, { keysField: 'keys' });
    const before = await counter(udf.metricsPort, 'numalogic_datums_invalid_total');
    const answers = await client.mapAll(bad.map((b) => ({ keys: b.keys, value: b.value })));
    answers.forEach((results, i) => {
      const context = `${bad[i]!.kind}: ${bad[i]!.value.subarray(0, 80).toString()}`;
      expect(results.map((m) => m.tags), context).toEqual([['invalid']]);
      expect(EMITTED_TAGS).toContain(results[0]!.tags[0]);
      expect(JSON.parse(results[0]!.value.toString()), context).toMatchObject({ status: 'invalid', anomalyScore: 0, reason: expect.any(String) });
    });
    expect((await counter(udf.metricsPort, 'numalogic_datums_invalid_total')) - before).toBe(1000);
    await waitFor(() => udf.logs.filter((l) => l['msg'] === 'invalid threshold payload' && l['level'] === 40).length === 1000);
  });
});
