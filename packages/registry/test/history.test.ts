// The trainer's point history: same contract on the fs store, the scratch store and a real S3 server (s3rver).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHistoryStore } from '../src/config.js';
import { InvalidInputError, StoreCorruptError } from '../src/errors.js';
import { HistoryStore, type PointHistory } from '../src/history-store.js';
import { keyPath } from '../src/key-encoding.js';
import { makeBundle } from './helpers/bundles.js';
import { randomHostileKey, seededRandom } from './helpers/random.js';
import { S3_ENV, S3TestServer } from './helpers/s3-server.js';
import { fsFixture, s3Config, s3Fixture, scratchFixture, type StoreFixture } from './helpers/stores.js';

let server: S3TestServer;
beforeAll(async () => {
  server = await S3TestServer.start();
});
afterAll(async () => {
  await server.destroy();
});

interface HistoryFixture extends StoreFixture {
  history: HistoryStore;
}

const backends: Array<[string, () => Promise<HistoryFixture>]> = [
  [
    'fs',
    async () => {
      const fx = await fsFixture();
      return { ...fx, history: createHistoryStore({ kind: 'fs', root: fx.root }) };
    },
  ],
  [
    'scratch',
    async () => {
      const fx = scratchFixture();
      return { ...fx, history: new HistoryStore(fx.backend) };
    },
  ],
  [
    's3',
    async () => {
      const fx = s3Fixture(server);
      const history = createHistoryStore(s3Config(server, fx.bucket), S3_ENV);
      return { ...fx, history, cleanup: async () => (await history.close(), fx.cleanup()) };
    },
  ],
];

function series(n: number, start = 1_700_000_000_000, step = 60_000): PointHistory {
  const t: number[] = [];
  const v: number[][] = [];
  for (let i = 0; i < n; i++) {
    t.push(start + i * step);
    v.push([Math.sin(i / 5) * 10 + 0.123456789, i % 7]);
  }
  return { features: ['latency', 'errors'], t, v };
}

const encoder = new TextEncoder();

describe.each(backends)('HistoryStore: %s', (_name, makeFixture) => {
  let fx: HistoryFixture;
  beforeAll(async () => {
    fx = await makeFixture();
  });
  afterAll(async () => {
    await fx.cleanup();
  });

  it('has no history for a key never saved', async () => {
    expect(await fx.history.load(['nobody'])).toBeNull();
  });

  it('saves and loads a history value for value, replacing the previous one', async () => {
    const key = ['svc', 'latency'];
    const first = series(300);
    await fx.history.save(key, first);
    expect(await fx.history.load(key)).toEqual(first);
    const second = series(50, 1_800_000_000_000);
    await fx.history.save(key, second);
    expect(await fx.history.load(key)).toEqual(second);
    await fx.history.delete(key);
    expect(await fx.history.load(key)).toBeNull();
  });

  it('lives next to the bundles of the key and of [...key, model] without disturbing them', async () => {
    const key = ['checkout', 'p99'];
    await fx.store.save([...key, 'dense-autoencoder'], makeBundle([...key, 'dense-autoencoder']));
    await fx.store.save(key, makeBundle(key));
    await fx.history.save(key, series(20));
    expect(await fx.store.listVersions(key)).toEqual(['v000000000001']);
    expect(await fx.store.listVersions([...key, 'dense-autoencoder'])).toEqual(['v000000000001']);
    expect(await fx.store.save(key, makeBundle(key))).toBe('v000000000002');
    expect(await fx.store.prune(key, 1)).toEqual(['v000000000001']);
    expect((await fx.history.load(key))?.t).toHaveLength(20);
    expect(await fx.raw.list(keyPath(key))).toContain('history.json');
  });

  it('keeps hostile keys apart', async () => {
    const random = seededRandom(7);
    const keys = Array.from({ length: 12 }, () => randomHostileKey(random));
    const distinct = [...new Map(keys.map((k) => [JSON.stringify(k), k])).values()];
    for (const [i, key] of distinct.entries()) await fx.history.save(key, series(3, 1_000 * (i + 1)));
    for (const [i, key] of distinct.entries()) expect((await fx.history.load(key))?.t[0]).toBe(1_000 * (i + 1));
  });

  it('refuses a history that is unsorted, duplicated, ragged, non-finite or featureless', async () => {
    const key = ['refused'];
    const good = series(4);
    const bad: Array<[string, unknown]> = [
      ['unsorted', { ...good, t: [good.t[1], good.t[0], good.t[2], good.t[3]] }],
      ['duplicate', { ...good, t: [good.t[0], good.t[0], good.t[2], good.t[3]] }],
      ['ragged', { ...good, v: [[1, 2], [3], [4, 5], [6, 7]] }],
      ['NaN', { ...good, v: [[1, 2], [NaN, 3], [4, 5], [6, 7]] }],
      ['Infinity time', { ...good, t: [1, 2, 3, Infinity] }],
      ['short v', { ...good, v: good.v.slice(1) }],
      ['no features', { ...good, features: [] }],
      ['string value', { ...good, v: [[1, '2'], [3, 4], [4, 5], [6, 7]] }],
      ['null', null],
    ];
    for (const [, history] of bad) {
      await expect(fx.history.save(key, history as PointHistory)).rejects.toBeInstanceOf(InvalidInputError);
    }
    await expect(fx.history.save([], good)).rejects.toBeInstanceOf(InvalidInputError);
    expect(await fx.history.load(key)).toBeNull();
  });

  it('reports a corrupt history file as StoreCorruptError, naming the file', async () => {
    const key = ['corrupt'];
    const path = `${keyPath(key)}/history.json`;
    await fx.raw.put(path, encoder.encode('{"format":1,"features":["a"],"t":[2,1],"v":[[1],[2]]}'));
    await expect(fx.history.load(key)).rejects.toThrow(/history\.json: t\[1\] is not after/);
    await fx.raw.put(path, encoder.encode('not json'));
    await expect(fx.history.load(key)).rejects.toBeInstanceOf(StoreCorruptError);
    await fx.raw.put(path, encoder.encode('{"format":99,"features":["a"],"t":[],"v":[]}'));
    await expect(fx.history.load(key)).rejects.toThrow(/unknown format 99/);
  });
});
