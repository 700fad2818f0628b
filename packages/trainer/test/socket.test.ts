// The trainer over its real socket: dist/main.js as a child process, driven by the SDK's platform-like reduce
// client. It trains a real dense autoencoder into the fs store and into an S3 server (s3rver), and inference's
// stage then loads that bundle through the registry and scores windows with it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thresholdFromJSON, type TrainingEvent } from '@numalogic/core';
import { InferenceStage } from '@numalogic/inference';
import { ReduceClient, type ReduceResult } from '@numalogic/numaflow/client';
import { OnnxRunner } from '@numalogic/onnx';
import { loadConfig, openModels } from '@numalogic/runtime';
import { S3_ENV, S3_SECRET_KEY, S3TestServer } from '../../registry/test/helpers/s3-server.js';
import { MINUTE, START, fixtureWindow, overlappingRequests } from './helpers/fixtures.js';
import { startTrainer, type Trainer } from './helpers/process.js';

const KEYS = ['checkout', 'p99'];
const SPARSE_KEYS = ['search', 'qps'];

const CONFIG = {
  keys: ['service', 'metric'],
  features: ['latency', 'errors'],
  window: { points: 12, intervalMs: MINUTE },
  trainer: { minPoints: 60, maxHistory: 240 },
  models: { dense: [{ name: 'dense-autoencoder', options: { epochs: 15 } }], sparse: [{ name: 'robust-baseline' }] },
};

function eventsOf(results: ReduceResult[]): Map<string, TrainingEvent> {
  return new Map(results.map((r) => [JSON.stringify(r.keys), JSON.parse(r.value.toString()) as TrainingEvent]));
}

let s3: S3TestServer;
let workdir: string;
beforeAll(async () => {
  s3 = await S3TestServer.start();
  workdir = await mkdtemp(path.join(tmpdir(), 'trainer-e2e-'));
});
afterAll(async () => {
  await s3.destroy();
  await rm(workdir, { recursive: true, force: true });
});

const stores: Array<[string, () => Record<string, string>]> = [
  ['fs', () => ({ NUMALOGIC_STORE_FOLDER: path.join(workdir, 'models') })],
  [
    's3',
    () => ({
      NUMALOGIC_S3_ENDPOINT: `127.0.0.1:${s3.port}`,
      NUMALOGIC_S3_BUCKET: 'trainer-e2e',
      NUMALOGIC_S3_USE_SSL: 'false',
      NUMALOGIC_S3_CREATE_BUCKET: 'true',
      ...S3_ENV,
    }),
  ],
];

describe.each(stores)('trainer over its socket, %s store', (_name, storeEnv) => {
  let env: Record<string, string>;
  let trainer: Trainer;
  let client: ReduceClient;
  beforeAll(async () => {
    const configPath = path.join(workdir, `config-${_name}.json`);
    await writeFile(configPath, JSON.stringify(CONFIG));
    env = { NUMALOGIC_CONFIG: configPath, ...storeEnv() };
    trainer = await startTrainer(env);
    client = await ReduceClient.connect({ socketDir: trainer.socketDir, timeoutMs: 30_000 });
  });
  afterAll(async () => {
    client?.close();
    await trainer?.stop();
  });

  it('trains a real model per key per window, saves it, and inference loads and scores with it', async () => {
    const window = { start: START, end: START + 3_600_000 };
    const dense = overlappingRequests(KEYS, START, 240);
    const sparse = overlappingRequests(SPARSE_KEYS, START, 20).map((r) => ({ ...r, densityClass: 'sparse' }));
    const datums = [
      ...dense.map((r) => ({ keys: KEYS, value: JSON.stringify(r) })),
      ...sparse.map((r) => ({ keys: SPARSE_KEYS, value: JSON.stringify(r) })),
      { keys: KEYS, value: '{"not": "a train request"}' },
      { keys: KEYS, value: 'not json at all' },
      { keys: KEYS, value: JSON.stringify({ ...dense[0]!, keys: ['someone', 'else'] }) },
    ];
    const results = await client.reduceWindow(window, datums);
    expect(results).toHaveLength(2);
    const events = eventsOf(results);
    const trained = events.get(JSON.stringify(KEYS))!;
    expect(trained.status, trained.reason).toBe('trained');
    expect(trained.versions).toEqual([{ model: 'dense-autoencoder', version: 'v000000000001' }]);
    expect(trained.historyPoints).toBe(240);
    expect(events.get(JSON.stringify(SPARSE_KEYS))).toMatchObject({ status: 'insufficient', densityClass: 'sparse', historyPoints: 20 });
    expect(results.every((r) => r.tags.length === 0)).toBe(true);
    console.info(`[${_name}] trainer: dense autoencoder for one key trained and saved in ${trained.durationMs} ms (240 points, 229 windows, 15 epochs)`);

    // The next window of the same key: the model is fresh, nothing is trained again.
    const again = eventsOf(await client.reduceWindow({ start: window.end, end: window.end + 3_600_000 }, dense.map((r) => ({ keys: KEYS, value: JSON.stringify(r) }))));
    expect(again.get(JSON.stringify(KEYS))?.status).toBe('skipped');
    // A window holding only invalid datums produces no result.
    expect(await client.reduceWindow({ start: window.end, end: window.end + 3_600_000 }, [{ keys: KEYS, value: '' }])).toEqual([]);

    // Inference, configured like the trainer, loads the bundle through the registry and scores with it.
    const config = loadConfig(env);
    const { store, cache } = openModels(config, env);
    const runner = new OnnxRunner();
    try {
      const inference = new InferenceStage({ config, cache, runner });
      const [normal, anomalous] = await inference.scoreWindows([fixtureWindow(KEYS, START + 250 * MINUTE), fixtureWindow(KEYS, START + 250 * MINUTE, 60)]);
      const bundle = await store.load([...KEYS, 'dense-autoencoder']);
      const threshold = thresholdFromJSON(bundle!.manifest.threshold);
      const ratio = (result: typeof normal) => {
        if (!result?.ok) throw new Error(`inference failed: ${JSON.stringify(result)}`);
        expect(result.tag).toBe('score');
        const [score] = result.scored.scores;
        expect(score).toMatchObject({ source: 'model', model: { name: 'dense-autoencoder', version: 'v000000000001' } });
        return Math.max(...threshold.score({ data: Float64Array.from(score!.errors), rows: 1, cols: 2 }).data);
      };
      const normalRatio = ratio(normal);
      const anomalousRatio = ratio(anomalous);
      console.info(`[${_name}] inference with the trained bundle: max ratio ${normalRatio.toFixed(2)} normal, ${anomalousRatio.toFixed(2)} with a spike`);
      expect(normalRatio).toBeLessThan(2);
      expect(anomalousRatio).toBeGreaterThan(3);
    } finally {
      await runner.close();
      await store.close();
    }

    const metrics = await (await fetch(`http://127.0.0.1:${trainer.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/numalogic_trainings_total\{vertex="trainer",status="trained"\} 1\n/);
    expect(metrics).toMatch(/numalogic_trainings_total\{vertex="trainer",status="skipped"\} 1\n/);
    expect(metrics).toMatch(/numalogic_datums_invalid_total\{vertex="trainer",reason="malformed"\} 3\n/);
    expect(metrics).toMatch(/numalogic_datums_invalid_total\{vertex="trainer",reason="keys-mismatch"\} 1\n/);
    const logs = trainer.lines.join('\n');
    expect(logs).toMatch(/"msg":"model trained and saved"/);
    expect(logs).toMatch(/"version":"v000000000001"/);
    expect(logs).not.toContain(S3_SECRET_KEY);
  });
});

describe('trainer start-up', () => {
  it('exits 1 with the configuration problem named when the configuration is bad', async () => {
    const configPath = path.join(workdir, 'bad.json');
    await writeFile(configPath, JSON.stringify({ ...CONFIG, trainer: { minPoints: 'many' } }));
    await expect(startTrainer({ NUMALOGIC_CONFIG: configPath, NUMALOGIC_STORE_FOLDER: workdir })).rejects.toThrow(/exited with 1[\s\S]*trainer\.minPoints/);
  });
});
