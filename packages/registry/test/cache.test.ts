// The cache in front of a real fs store. The store is wrapped only to count backend calls, to hold a load
// open (to pile up concurrent callers) and to make it fail on demand (an outage).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bundle } from '../src/bundle.js';
import { ModelCache } from '../src/cache.js';
import { InvalidInputError, StoreUnavailableError } from '../src/errors.js';
import type { ModelStore, VersionRef } from '../src/model-store.js';
import { makeBundle } from './helpers/bundles.js';
import { seededRandom } from './helpers/random.js';
import { fsFixture } from './helpers/stores.js';

class InstrumentedLoader {
  calls = 0;
  failing = false;
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  constructor(private readonly store: ModelStore) {}

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = null;
  }

  async load(key: readonly string[], version?: VersionRef): Promise<Bundle | null> {
    this.calls++;
    if (this.gate !== null) await this.gate;
    if (this.failing) throw new StoreUnavailableError('store unreachable (test outage)');
    return this.store.load(key, version);
  }
}

let fx: Awaited<ReturnType<typeof fsFixture>>;
let loader: InstrumentedLoader;
let now: number;
const clock = () => now;

beforeEach(async () => {
  fx = await fsFixture();
  loader = new InstrumentedLoader(fx.store);
  now = 1_000_000;
});
afterEach(async () => {
  await fx.cleanup();
});

describe('ModelCache', () => {
  it('serves the second load from memory and a named version after its latest', async () => {
    const key = ['svc', 'cpu'];
    await fx.store.save(key, makeBundle(key));
    const cache = new ModelCache(loader, { clock });
    const first = await cache.load(key);
    const second = await cache.load(key);
    const pinned = await cache.load(key, 'v000000000001');
    expect(first.source).toBe('store');
    expect(second.source).toBe('cache');
    expect(pinned.source).toBe('cache');
    expect(second.bundle).toBe(first.bundle);
    expect(pinned.bundle).toBe(first.bundle);
    expect(loader.calls).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1, loads: 1, errors: 0, stale: 0, entries: 2 });
  });

  it('makes one backend call for 100 concurrent loads of the same key', async () => {
    const key = ['stampede'];
    await fx.store.save(key, makeBundle(key));
    const cache = new ModelCache(loader, { clock });
    loader.hold();
    const pending = Array.from({ length: 100 }, () => cache.load(key));
    loader.release();
    const results = await Promise.all(pending);
    expect(loader.calls).toBe(1);
    expect(new Set(results.map((r) => r.bundle)).size).toBe(1);
    expect(results.every((r) => r.bundle?.manifest.version === 'v000000000001')).toBe(true);
    expect(cache.stats()).toMatchObject({ loads: 1, misses: 100 });
  });

  it('expires latest after the ttl shortened by jitter, and spreads expiries across keys', async () => {
    const key = ['ttl'];
    await fx.store.save(key, makeBundle(key));
    const fixed = new ModelCache(loader, { clock, ttlMs: 1000, ttlJitter: 0.5, random: () => 0.9 });
    await fixed.load(key);
    now += 549; // life = 1000 * (1 - 0.5 * 0.9) = 550
    expect((await fixed.load(key)).source).toBe('cache');
    now += 2;
    expect((await fixed.load(key)).source).toBe('store');
    expect(loader.calls).toBe(2);

    const keys = Array.from({ length: 50 }, (_, i) => [`fleet-${i}`]);
    for (const k of keys) await fx.store.save(k, makeBundle(k, 4));
    const spread = new ModelCache(loader, { clock, ttlMs: 1000, ttlJitter: 0.5, random: seededRandom(3) });
    for (const k of keys) await spread.load(k);
    now += 750;
    const before = loader.calls;
    for (const k of keys) await spread.load(k);
    const reloaded = loader.calls - before;
    expect(reloaded).toBeGreaterThan(5);
    expect(reloaded).toBeLessThan(45);
  });

  it('serves a stale entry while the backend fails, backs off, and recovers', async () => {
    const key = ['outage'];
    await fx.store.save(key, makeBundle(key));
    const cache = new ModelCache(loader, { clock, ttlMs: 100, ttlJitter: 0, staleRetryMs: 500 });
    const fresh = await cache.load(key);
    now += 200;
    loader.failing = true;
    const stale = await cache.load(key);
    expect(stale.source).toBe('stale-cache');
    expect(stale.bundle).toBe(fresh.bundle);
    expect(stale.error).toBeInstanceOf(StoreUnavailableError);
    const callsAfterFailure = loader.calls;
    now += 100;
    expect((await cache.load(key)).source).toBe('stale-cache');
    expect(loader.calls).toBe(callsAfterFailure); // within staleRetryMs the backend is left alone
    now += 500;
    loader.failing = false;
    await fx.store.save(key, makeBundle(key));
    const recovered = await cache.load(key);
    expect(recovered.source).toBe('store');
    expect(recovered.bundle?.manifest.version).toBe('v000000000002');
    expect(cache.stats()).toMatchObject({ stale: 2, errors: 1 });
  });

  it('peek answers from memory what load would, and nothing where load would ask the backend', async () => {
    const key = ['peek'];
    await fx.store.save(key, makeBundle(key));
    const cache = new ModelCache(loader, { clock, ttlMs: 100, ttlJitter: 0, staleRetryMs: 500 });
    expect(cache.peek(key)).toBeUndefined();
    expect(loader.calls).toBe(0); // peek never reaches the backend
    const fresh = await cache.load(key);
    expect(cache.peek(key)).toEqual({ bundle: fresh.bundle, source: 'cache' });
    expect(cache.peek(key, 'v000000000001')?.bundle).toBe(fresh.bundle);
    expect(cache.peek(['other'])).toBeUndefined();
    now += 200; // latest expired: load would go to the backend, so peek has nothing
    expect(cache.peek(key)).toBeUndefined();
    loader.failing = true;
    expect((await cache.load(key)).source).toBe('stale-cache');
    expect(cache.peek(key)).toEqual({ bundle: fresh.bundle, source: 'stale-cache' }); // within staleRetryMs
    now += 600;
    expect(cache.peek(key)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 2, stale: 2, loads: 2 });
  });

  it('passes the error on when there is nothing to serve', async () => {
    const cache = new ModelCache(loader, { clock });
    loader.failing = true;
    await expect(cache.load(['never-loaded'])).rejects.toThrow(StoreUnavailableError);
    expect(cache.stats()).toMatchObject({ errors: 1, loads: 1, entries: 0 });
  });

  it('remembers "no model" for negativeTtlMs, and forgets it on invalidate', async () => {
    const key = ['cold', 'start'];
    const cache = new ModelCache(loader, { clock, negativeTtlMs: 1000 });
    expect(await cache.load(key)).toEqual({ bundle: null, source: 'store' });
    await fx.store.save(key, makeBundle(key));
    expect(await cache.load(key)).toEqual({ bundle: null, source: 'cache' });
    expect(loader.calls).toBe(1);
    now += 1001;
    expect((await cache.load(key)).bundle?.manifest.version).toBe('v000000000001');

    const other = ['cold', 'other'];
    await cache.load(other);
    await fx.store.save(other, makeBundle(other));
    cache.invalidate(other);
    expect((await cache.load(other)).source).toBe('store');
  });

  it('remembers "no model" no longer than a model (ttlMs) when that is the shorter', async () => {
    const key = ['short', 'ttl'];
    const cache = new ModelCache(loader, { clock, ttlMs: 100, ttlJitter: 0 }); // negativeTtlMs stays at its 5,000 default
    expect(await cache.load(key)).toEqual({ bundle: null, source: 'store' });
    await fx.store.save(key, makeBundle(key));
    now += 99;
    expect(await cache.load(key)).toEqual({ bundle: null, source: 'cache' });
    now += 2;
    expect((await cache.load(key)).bundle?.manifest.version).toBe('v000000000001');
  });

  it('invalidate drops every version of the key and detaches a load in flight', async () => {
    const key = ['retrained'];
    await fx.store.save(key, makeBundle(key));
    const cache = new ModelCache(loader, { clock });
    await cache.load(key);
    await fx.store.save(key, makeBundle(key));
    expect((await cache.load(key)).bundle?.manifest.version).toBe('v000000000001');
    cache.invalidate(key);
    expect(cache.stats().entries).toBe(0);
    expect((await cache.load(key)).bundle?.manifest.version).toBe('v000000000002');

    loader.hold();
    cache.invalidate(key);
    const inFlight = cache.load(key);
    cache.invalidate(key);
    loader.release();
    expect((await inFlight).source).toBe('store');
    const calls = loader.calls;
    expect((await cache.load(key)).source).toBe('store'); // the detached result was not kept
    expect(loader.calls).toBe(calls + 1);
    expect(() => cache.invalidate([] as string[])).toThrow(InvalidInputError);
  });

  it('saved() keeps a just-saved bundle as latest and as its version, with no backend read, dropping older entries', async () => {
    const key = ['retrained', 'saved'];
    await fx.store.save(key, makeBundle(key));
    const cache = new ModelCache(loader, { clock });
    expect((await cache.load(key)).bundle?.manifest.version).toBe('v000000000001');
    loader.hold();
    cache.invalidate(key);
    const inFlight = cache.load(key); // a reload under way when the new version lands
    const saved = await fx.store.saveVersion(key, makeBundle(key, 200));
    const calls = loader.calls;
    cache.saved(key, saved);
    const latest = cache.peek(key);
    expect(latest?.source).toBe('cache');
    expect(latest?.bundle).toBe(saved);
    expect(cache.peek(key, 'v000000000002')?.bundle).toBe(saved);
    expect(cache.peek(key, 'v000000000001')).toBeUndefined(); // older entries forgotten
    loader.release();
    await inFlight;
    expect(cache.peek(key)?.bundle).toBe(saved); // the detached reload did not overwrite it
    expect(loader.calls).toBe(calls);
    // what the cache keeps is what a load from the store reads
    expect(saved).toEqual(await fx.store.load(key));
    expect(() => cache.saved(key, makeBundle(key))).toThrow(/must carry its version/);
  });

  it('keeps nested keys apart and is not confused by a caller mutating its key array', async () => {
    const parent = ['tenant'];
    const child = ['tenant', 'cpu'];
    await fx.store.save(parent, makeBundle(parent));
    await fx.store.save(child, makeBundle(child));
    const cache = new ModelCache(loader, { clock, maxEntries: 4 });
    const mutable = ['tenant', 'cpu'];
    expect((await cache.load(mutable)).bundle?.manifest.key).toEqual(child);
    mutable[1] = 'mem';
    expect((await cache.load(parent)).bundle?.manifest.key).toEqual(parent);
    cache.invalidate(parent);
    expect((await cache.load(['tenant', 'cpu'])).source).toBe('cache');
    expect((await cache.load(parent)).source).toBe('store');
    cache.invalidate(child);
    cache.invalidate(parent);
    expect(cache.stats().entries).toBe(0);
    expect(cache.stats().bytes).toBe(0);
    expect((await cache.load(['tenant', 'mem'])).bundle).toBeNull();
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const keys = [['a'], ['b'], ['c'], ['d']];
    for (const k of keys) await fx.store.save(k, makeBundle(k, 4));
    const cache = new ModelCache(loader, { clock, maxEntries: 3 });
    for (const k of keys.slice(0, 3)) await cache.load(k, 'v000000000001');
    await cache.load(['a'], 'v000000000001'); // a is now the most recent; b the least
    await cache.load(['d'], 'v000000000001');
    const calls = loader.calls;
    expect((await cache.load(['a'], 'v000000000001')).source).toBe('cache');
    expect((await cache.load(['b'], 'v000000000001')).source).toBe('store');
    expect(loader.calls).toBe(calls + 1);
    expect(cache.stats()).toMatchObject({ entries: 3, evictions: 2 });
  });

  it('keeps the total size under maxBytes and skips a bundle larger than the whole budget', async () => {
    const keys = [['x1'], ['x2'], ['x3']];
    for (const k of keys) await fx.store.save(k, makeBundle(k, 1000));
    const probe = await fx.store.load(['x1']);
    const size = probe!.model.byteLength + JSON.stringify(probe!.manifest).length;
    const cache = new ModelCache(loader, { clock, maxBytes: Math.floor(size * 2.5) });
    for (const k of keys) await cache.load(k, 'v000000000001');
    expect(cache.stats().entries).toBe(2);
    expect(cache.stats().bytes).toBeLessThanOrEqual(size * 2.5);
    expect((await cache.load(['x1'], 'v000000000001')).source).toBe('store');

    const huge = ['huge'];
    await fx.store.save(huge, makeBundle(huge, size * 3));
    await cache.load(huge, 'v000000000001');
    expect((await cache.load(huge, 'v000000000001')).source).toBe('store');
  });

  it('refuses bad options and bad keys clearly', async () => {
    expect(() => new ModelCache(loader, { ttlMs: -1 })).toThrow(/ttlMs/);
    expect(() => new ModelCache(loader, { ttlJitter: 2 })).toThrow(/ttlJitter/);
    const cache = new ModelCache(loader);
    await expect(cache.load([] as string[])).rejects.toThrow(InvalidInputError);
    await expect(cache.load([7 as unknown as string])).rejects.toThrow(/component 0/);
    await expect(cache.load(['k'], '../../x')).rejects.toThrow(InvalidInputError);
    expect(cache.stats()).toMatchObject({ loads: 0, errors: 0 });
  });
});
