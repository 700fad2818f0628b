// One contract, four stores: the fs store in a temp dir, the scratch store (score's own: in memory, and with a
// budget so small that most files go to its folder) and the s3 store against a real S3 server (s3rver).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError, StoreCorruptError } from '../src/errors.js';
import { keyPath } from '../src/key-encoding.js';
import { makeBundle } from './helpers/bundles.js';
import { S3TestServer } from './helpers/s3-server.js';
import { fsFixture, s3Fixture, scratchFixture, type StoreFixture } from './helpers/stores.js';

let server: S3TestServer;
beforeAll(async () => {
  server = await S3TestServer.start();
});
afterAll(async () => {
  await server.destroy();
});

const backends: Array<[string, (keep?: number) => Promise<StoreFixture>]> = [
  ['fs', (keep) => fsFixture(keep)],
  ['scratch, in memory', async (keep) => scratchFixture(keep)],
  ['scratch, spilling to its folder', async (keep) => scratchFixture(keep, 100)],
  ['s3', async (keep) => s3Fixture(server, keep)],
];

const encoder = new TextEncoder();

describe.each(backends)('ModelStore contract: %s', (_name, makeFixture) => {
  let fx: StoreFixture;
  beforeAll(async () => {
    fx = await makeFixture();
  });
  afterAll(async () => {
    await fx.cleanup();
  });

  it('reports no model for a key never saved', async () => {
    const key = ['never', 'saved'];
    expect(await fx.store.load(key)).toBeNull();
    expect(await fx.store.load(key, 'v000000000001')).toBeNull();
    expect(await fx.store.latestVersion(key)).toBeNull();
    expect(await fx.store.listVersions(key)).toEqual([]);
    expect(await fx.store.delete(key)).toEqual([]);
  });

  it('saves numbered versions and loads latest and named versions byte for byte', async () => {
    const key = ['svc-a', 'latency', 'eu'];
    const first = makeBundle(key, 300);
    const second = makeBundle(key, 500);
    expect(await fx.store.save(key, first)).toBe('v000000000001');
    expect(await fx.store.save(key, second)).toBe('v000000000002');

    const latest = await fx.store.load(key);
    expect(latest?.manifest.version).toBe('v000000000002');
    expect(latest?.manifest.key).toEqual(key);
    expect(Date.parse(latest?.manifest.savedAt ?? '')).not.toBeNaN();
    expect(latest?.manifest.note).toBe('extra fields travel untouched');
    expect(latest?.manifest.threshold).toEqual(second.manifest.threshold);
    expect(Buffer.from(latest!.model).equals(Buffer.from(second.model))).toBe(true);

    const old = await fx.store.load(key, 'v000000000001');
    expect(Buffer.from(old!.model).equals(Buffer.from(first.model))).toBe(true);
    expect(old?.manifest.version).toBe('v000000000001');
    expect(await fx.store.load(key, 'v000000000003')).toBeNull();
    expect(await fx.store.latestVersion(key)).toBe('v000000000002');

    // saveVersion answers the bundle exactly as a load reads it back
    const third = await fx.store.saveVersion(key, makeBundle(key, 700));
    expect(third.manifest.version).toBe('v000000000003');
    expect(third).toEqual(await fx.store.load(key));
    expect(third).toEqual(await fx.store.load(key, 'v000000000003'));
  });

  it('lists versions oldest first, and string order is numeric order', async () => {
    const key = ['ordering'];
    const saved: string[] = [];
    for (let i = 0; i < 11; i++) saved.push(await fx.store.save(key, makeBundle(key, 8)));
    const listed = await fx.store.listVersions(key);
    expect(listed).toEqual(saved);
    expect([...listed].sort()).toEqual(listed);
    expect(listed.at(-1)).toBe('v000000000011');
  });

  it('prunes old versions but never the latest, and refuses a bad keep', async () => {
    const key = ['prune-me'];
    for (let i = 0; i < 5; i++) await fx.store.save(key, makeBundle(key, 8));
    expect(await fx.store.prune(key, 2)).toEqual(['v000000000001', 'v000000000002', 'v000000000003']);
    expect(await fx.store.listVersions(key)).toEqual(['v000000000004', 'v000000000005']);
    expect(await fx.store.load(key, 'v000000000001')).toBeNull();
    expect((await fx.store.load(key))?.manifest.version).toBe('v000000000005');
    await expect(fx.store.prune(key, 0)).rejects.toThrow(InvalidInputError);
    expect(await fx.store.save(key, makeBundle(key, 8))).toBe('v000000000006');
  });

  it('prunes on save when configured with keep', async () => {
    const kept = await makeFixture(2);
    try {
      const key = ['auto-prune'];
      for (let i = 0; i < 4; i++) await kept.store.save(key, makeBundle(key, 8));
      expect(await kept.store.listVersions(key)).toEqual(['v000000000003', 'v000000000004']);
    } finally {
      await kept.cleanup();
    }
  });

  it('deletes one version (moving latest back) or all, leaving nested keys alone', async () => {
    const parent = ['tenant'];
    const child = ['tenant', 'metric'];
    await fx.store.save(parent, makeBundle(parent, 8));
    await fx.store.save(parent, makeBundle(parent, 8));
    await fx.store.save(child, makeBundle(child, 8));

    expect(await fx.store.delete(parent, 'v000000000002')).toEqual(['v000000000002']);
    expect((await fx.store.load(parent))?.manifest.version).toBe('v000000000001');
    expect(await fx.store.delete(parent, 'v000000000002')).toEqual([]);
    expect(await fx.store.delete(parent)).toEqual(['v000000000001']);
    expect(await fx.store.load(parent)).toBeNull();
    expect((await fx.store.load(child))?.manifest.key).toEqual(child);
    expect(await fx.store.delete(child, 'v000000000001')).toEqual(['v000000000001']);
    expect(await fx.store.load(child)).toBeNull();
  });

  it('keeps hostile keys apart', async () => {
    const keys = [
      ['Model'], ['model'], ['MODEL'], ['.'], ['..'], [''], ['', ''], ['/'], ['a/b'], ['a', 'b'], ['\\'], ['\0'],
      ['../../etc/passwd'], ['x'.repeat(4096)], ['x'.repeat(4095) + 'X'], ['ü'], ['u\u0308'], ['😀'], ['\uD800'], ['\uFFFD'],
      ['latest'], ['v000000000001'], ['a'.repeat(300), 'b'],
    ];
    const models = new Map<string, Uint8Array>();
    for (const key of keys) {
      const bundle = makeBundle(key, 16);
      models.set(JSON.stringify(key), bundle.model);
      expect(await fx.store.save(key, bundle)).toBe('v000000000001');
    }
    for (const key of keys) {
      const loaded = await fx.store.load(key);
      expect(loaded?.manifest.key).toEqual(key);
      expect(Buffer.from(loaded!.model).equals(Buffer.from(models.get(JSON.stringify(key))!))).toBe(true);
    }
  });

  it('ignores a version left half-written above latest and cleans it on the next save', async () => {
    const key = ['crashed', 'save'];
    await fx.store.save(key, makeBundle(key, 8));
    const dir = keyPath(key);
    await fx.raw.put(`${dir}/v000000000002/model.onnx`, new Uint8Array([1, 2, 3]));
    await fx.raw.put(`${dir}/v000000000002/bundle.json`, encoder.encode(JSON.stringify({ key })));

    expect((await fx.store.load(key))?.manifest.version).toBe('v000000000001');
    expect(await fx.store.load(key, 'v000000000002')).toBeNull();
    expect(await fx.store.listVersions(key)).toEqual(['v000000000001']);

    expect(await fx.store.save(key, makeBundle(key, 8))).toBe('v000000000003');
    expect(await fx.raw.list(dir)).not.toContain('v000000000002');
    expect(await fx.store.listVersions(key)).toEqual(['v000000000001', 'v000000000003']);
  });

  it('refuses a manifest of another key and a corrupt pointer with clear errors', async () => {
    const key = ['victim'];
    await fx.store.save(key, makeBundle(key, 8));
    const dir = keyPath(key);
    await fx.raw.put(`${dir}/v000000000001/bundle.json`, encoder.encode(JSON.stringify({ key: ['intruder'] })));
    await expect(fx.store.load(key)).rejects.toThrow(StoreCorruptError);
    await expect(fx.store.load(key)).rejects.toThrow(/belongs to key \["intruder"\]/);

    await fx.raw.put(`${dir}/latest`, encoder.encode('../../elsewhere'));
    await expect(fx.store.load(key)).rejects.toThrow(/does not name a version/);

    // A pointer that stays on a version no save left behind is corruption, not a race with a pruning save.
    await fx.raw.put(`${dir}/latest`, encoder.encode('v000000000007'));
    await expect(fx.store.load(key)).rejects.toThrow(/'latest' of key \["victim"\] points at a missing version/);
  });

  it('refuses bad input with clear errors', async () => {
    const key = ['input'];
    await expect(fx.store.save([], makeBundle(['x']))).rejects.toThrow(InvalidInputError);
    await expect(fx.store.save([1 as unknown as string], makeBundle(['x']))).rejects.toThrow(/component 0 is number/);
    await expect(fx.store.save(key, { manifest: makeBundle(key).manifest, model: [1, 2] as unknown as Uint8Array })).rejects.toThrow(
      /Uint8Array/,
    );
    await expect(fx.store.save(key, makeBundle(['other']))).rejects.toThrow(/differs from the key/);
    const cyclic = makeBundle(key);
    (cyclic.manifest as Record<string, unknown>).self = cyclic.manifest;
    await expect(fx.store.save(key, cyclic)).rejects.toThrow(/not JSON-serialisable/);
    for (const version of ['../v000000000001', 'v1', 'LATEST', '', 'v000000000000']) {
      await expect(fx.store.load(key, version)).rejects.toThrow(InvalidInputError);
    }
    expect(await fx.store.listVersions(key)).toEqual([]);
  });

  it('never shows a reader an incomplete version while saves with pruning run', async () => {
    const kept = await makeFixture(1);
    try {
      const key = ['busy'];
      // Bundles are made up front, indexed by the version each will get, so a reader can check any version it sees.
      const bundles = Array.from({ length: 9 }, (_, i) => makeBundle(key, 32 + i));
      const byVersion = new Map(bundles.map((b, i) => [`v${String(i + 1).padStart(12, '0')}`, b.model]));
      await kept.store.save(key, bundles[0]!);
      let saving = true;
      const writer = (async () => {
        try {
          for (const bundle of bundles.slice(1)) await kept.store.save(key, bundle);
        } finally {
          saving = false;
        }
      })();
      let reads = 0;
      try {
        while (saving || reads < 3) {
          const loaded = await kept.store.load(key);
          expect(loaded).not.toBeNull();
          const expected = byVersion.get(loaded!.manifest.version!);
          expect(expected).toBeDefined();
          expect(Buffer.from(loaded!.model).equals(Buffer.from(expected!))).toBe(true);
          reads++;
        }
      } finally {
        await writer;
      }
      expect(await kept.store.listVersions(key)).toEqual(['v000000000009']);
    } finally {
      await kept.cleanup();
    }
  });
});
