// `npm run bench`: cached load latency against a plain Map.get, and fs / S3 (s3rver) save and load of a
// 100 KB bundle against a raw write/read of the same bytes on the same backend, all in one run.
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'minio';
import type { Bundle } from '../bundle.js';
import { ModelCache } from '../cache.js';
import { createStore } from '../config.js';
import type { ModelStore } from '../model-store.js';
import { formatDuration, timeRounds, type Figure } from './measure.js';

const MODEL_BYTES = 100 * 1024;

function bundleFor(key: string[]): Bundle {
  return {
    manifest: {
      key,
      trainedAt: new Date().toISOString(),
      model: { name: 'autoencoder', options: { hidden: 8 }, output: 'reconstruction' },
      features: ['latency', 'errors', 'rps'],
      window: 12,
      transforms: [{ kind: 'standard', mean: [1, 2, 3], std: [1, 1, 1] }],
      threshold: { kind: 'stddev', mean: [0.1, 0.2, 0.3], std: [0.01, 0.02, 0.03], k: 3 },
      training: { samples: 1000, epochs: 20, loss: 0.01, durationMs: 1234 },
    },
    model: new Uint8Array(randomBytes(MODEL_BYTES)),
  };
}

async function cachedLoad(store: ModelStore): Promise<Figure[]> {
  const key = ['checkout-service', 'latency_p99', 'eu-west-1'];
  await store.save(key, bundleFor(key));
  const cache = new ModelCache(store, { ttlMs: 3_600_000 });
  await cache.load(key);
  const map = new Map<string, Bundle | null>([['checkout-service|latency_p99|eu-west-1|latest', (await cache.load(key)).bundle]]);
  const id = ['checkout-service', 'latency_p99', 'eu-west-1', 'latest'].join('|');
  let sink = 0;
  const rounds = 7;
  const ops = 200_000;
  const mapGet = await timeRounds('Map.get (baseline)', rounds, ops, (n) => {
    for (let i = 0; i < n; i++) if (map.get(id) !== undefined) sink++;
  });
  const awaitedMapGet = await timeRounds('await Promise.resolve(Map.get) (async floor)', rounds, ops, async (n) => {
    for (let i = 0; i < n; i++) if ((await Promise.resolve(map.get(id))) !== undefined) sink++;
  });
  const hit = await timeRounds('await cache.load(key) hit', rounds, ops, async (n) => {
    for (let i = 0; i < n; i++) if ((await cache.load(key)).bundle !== null) sink++;
  });
  if (sink === 0 || cache.stats().hits < rounds * ops) throw new Error('bench: cache did not hit');
  return [mapGet, awaitedMapGet, hit];
}

async function storeRoundTrip(label: string, store: ModelStore, rawPut: (name: string, data: Uint8Array) => Promise<void>, rawGet: (name: string) => Promise<unknown>): Promise<Figure[]> {
  const key = ['bench', label];
  const bundle = bundleFor(key);
  await store.save(key, bundle);
  // Three rounds each, median reported: the machine is shared, so single rounds are noisy.
  const rounds = 3;
  const saves = 10;
  const loads = 20;
  const rawWrite = await timeRounds(`${label}: raw write of 100 KB (baseline)`, rounds, saves, async (n) => {
    for (let i = 0; i < n; i++) await rawPut(`raw-${i % 4}`, bundle.model);
  });
  const save = await timeRounds(`${label}: save 100 KB bundle`, rounds, saves, async (n) => {
    for (let i = 0; i < n; i++) await store.save(key, bundle);
  });
  const rawRead = await timeRounds(`${label}: raw read of 100 KB (baseline)`, rounds, loads, async (n) => {
    for (let i = 0; i < n; i++) await rawGet(`raw-${i % 4}`);
  });
  const load = await timeRounds(`${label}: load latest 100 KB bundle (uncached)`, rounds, loads, async (n) => {
    for (let i = 0; i < n; i++) if ((await store.load(key)) === null) throw new Error('bench: lost the bundle');
  });
  return [rawWrite, save, rawRead, load];
}

async function fsBench(root: string): Promise<Figure[]> {
  const store = createStore({ kind: 'fs', root: path.join(root, 'store'), keep: 3 });
  const rawDir = await mkdtemp(path.join(root, 'raw-'));
  const rawPut = async (name: string, data: Uint8Array): Promise<void> => {
    const target = path.join(rawDir, name);
    const handle = await open(`${target}.tmp`, 'w');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await rename(`${target}.tmp`, target);
  };
  const figures = await storeRoundTrip('fs', store, rawPut, (name) => readFile(path.join(rawDir, name)));
  return [...(await cachedLoad(store)), ...figures];
}

async function s3Bench(root: string): Promise<Figure[]> {
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(root, 's3rver') });
  const { port } = (await server.run()) as { port: number };
  try {
    const env = { NUMALOGIC_S3_ACCESS_KEY: 'S3RVER', NUMALOGIC_S3_SECRET_KEY: 'S3RVER' };
    const store = createStore({ kind: 's3', endpoint: '127.0.0.1', port, useSSL: false, bucket: 'models-bench', prefix: 'bench', createBucket: true, keep: 3 }, env);
    const client = new Client({ endPoint: '127.0.0.1', port, useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER', pathStyle: true });
    const rawPut = async (name: string, data: Uint8Array): Promise<void> => {
      await client.putObject('models-bench', `raw/${name}`, Buffer.from(data));
    };
    const rawGet = async (name: string): Promise<Buffer> => {
      const chunks: Buffer[] = [];
      for await (const chunk of await client.getObject('models-bench', `raw/${name}`)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    return await storeRoundTrip('s3 (s3rver)', store, rawPut, rawGet);
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'registry-bench-'));
  try {
    const figures = [...(await fsBench(root)), ...(await s3Bench(root))];
    const byName = new Map(figures.map((f) => [f.name, f]));
    const ratio = (name: string, baseline: string): string => `${(byName.get(name)!.perOpNs / byName.get(baseline)!.perOpNs).toFixed(1)}x`;
    console.log(`node ${process.version}, ${new Date().toISOString()}`);
    console.log('| measurement | per op | ratio to baseline |');
    console.log('|---|---|---|');
    const rows: Array<[string, string | null]> = [
      ['Map.get (baseline)', null],
      ['await Promise.resolve(Map.get) (async floor)', 'Map.get (baseline)'],
      ['await cache.load(key) hit', 'Map.get (baseline)'],
      ['fs: raw write of 100 KB (baseline)', null],
      ['fs: save 100 KB bundle', 'fs: raw write of 100 KB (baseline)'],
      ['fs: raw read of 100 KB (baseline)', null],
      ['fs: load latest 100 KB bundle (uncached)', 'fs: raw read of 100 KB (baseline)'],
      ['s3 (s3rver): raw write of 100 KB (baseline)', null],
      ['s3 (s3rver): save 100 KB bundle', 's3 (s3rver): raw write of 100 KB (baseline)'],
      ['s3 (s3rver): raw read of 100 KB (baseline)', null],
      ['s3 (s3rver): load latest 100 KB bundle (uncached)', 's3 (s3rver): raw read of 100 KB (baseline)'],
    ];
    for (const [name, baseline] of rows) {
      console.log(`| ${name} | ${formatDuration(byName.get(name)!.perOpNs)} | ${baseline === null ? '1x (baseline)' : ratio(name, baseline)} |`);
    }
    const hit = byName.get('await cache.load(key) hit')!.perOpNs;
    console.log(`cached load ${formatDuration(hit)} per op: ${hit <= 5000 ? 'within' : 'OVER'} the 5 µs target`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
