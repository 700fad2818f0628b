// A bounded cache in front of any ModelStore, built for the inference hot path:
//  - a hit is a string build, a Map lookup, a clock read and an LRU bump; its result object is made once;
//  - one backend load per (key, version) in flight, however many callers wait for it;
//  - `latest` lives for ttlMs minus up to ttlJitter of it, so a fleet of replicas does not reload together;
//    a named version never changes, so it lives until evicted;
//  - "no model" is remembered for negativeTtlMs;
//  - when a reload fails, the expired entry is served as 'stale-cache' and the backend is left alone for
//    staleRetryMs, so an outage costs neither latency nor a storm of retries.
// Bytes are counted per entry; a bundle cached under both 'latest' and its version counts twice, so the byte
// figure is an upper bound.
import type { Bundle } from './bundle.js';
import { InvalidInputError } from './errors.js';
import type { ModelStore, VersionRef } from './model-store.js';

export type LoadSource = 'cache' | 'store' | 'stale-cache';

export interface CachedLoad {
  readonly bundle: Bundle | null;
  readonly source: LoadSource;
  /** The failure that made the cache serve a stale entry ('stale-cache' only). */
  readonly error?: unknown;
}

export interface CacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  ttlMs?: number;
  /** Fraction (0..1) of ttlMs by which each entry's life is randomly shortened. */
  ttlJitter?: number;
  negativeTtlMs?: number;
  staleRetryMs?: number;
  clock?: () => number;
  random?: () => number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  stale: number;
  errors: number;
  loads: number;
  evictions: number;
  entries: number;
  bytes: number;
}

interface Entry {
  readonly id: string;
  readonly keyId: string;
  readonly hit: CachedLoad;
  readonly bytes: number;
  expiresAt: number;
  retryAt: number;
}

interface Flight {
  readonly promise: Promise<CachedLoad>;
  readonly keyId: string;
  cancelled: boolean;
}

type Loader = Pick<ModelStore, 'load'>;

const DEFAULTS = {
  maxEntries: 1000,
  maxBytes: 512 * 1024 * 1024,
  ttlMs: 60_000,
  ttlJitter: 0.1,
  negativeTtlMs: 5_000,
  staleRetryMs: 1_000,
};

/** Injective and cheap: each component as "<length>:<text>"; then "|" and the version. */
function keyIdOf(key: readonly string[]): string {
  if (!Array.isArray(key) || key.length === 0) throw new InvalidInputError('a model key must be a non-empty array of strings');
  let id = '';
  for (let i = 0; i < key.length; i++) {
    const component = key[i];
    if (typeof component !== 'string') throw new InvalidInputError(`model key component ${i} is ${typeof component}, expected a string`);
    id += component.length + ':' + component;
  }
  return id;
}

export class ModelCache {
  private readonly entries = new Map<string, Entry>();
  private readonly idsByKey = new Map<string, Set<string>>();
  private readonly flights = new Map<string, Flight>();
  private readonly options: Required<Omit<CacheOptions, 'clock' | 'random'>>;
  private readonly clock: () => number;
  private readonly random: () => number;
  private totalBytes = 0;
  private readonly counters = { hits: 0, misses: 0, stale: 0, errors: 0, loads: 0, evictions: 0 };

  constructor(private readonly store: Loader, options: CacheOptions = {}) {
    const merged = { ...DEFAULTS, ...withoutUndefined(options) };
    for (const [name, value] of Object.entries(merged)) {
      if (name === 'clock' || name === 'random') continue;
      if (typeof value !== 'number' || !(value >= 0)) throw new InvalidInputError(`cache option ${name} must be a number >= 0, got ${String(value)}`);
    }
    if (merged.ttlJitter > 1) throw new InvalidInputError(`cache option ttlJitter must be within 0..1, got ${merged.ttlJitter}`);
    this.options = merged;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  load(key: readonly string[], version: VersionRef = 'latest'): Promise<CachedLoad> {
    let keyId: string;
    try {
      keyId = keyIdOf(key);
    } catch (err) {
      return Promise.reject(err);
    }
    const id = keyId + '|' + version;
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      const now = this.clock();
      if (now < entry.expiresAt) {
        this.entries.delete(id);
        this.entries.set(id, entry);
        this.counters.hits++;
        return Promise.resolve(entry.hit);
      }
      if (now < entry.retryAt) {
        this.counters.stale++;
        return Promise.resolve({ bundle: entry.hit.bundle, source: 'stale-cache' });
      }
    }
    this.counters.misses++;
    const flight = this.flights.get(id);
    if (flight !== undefined) return flight.promise;
    const started: Flight = { promise: undefined as unknown as Promise<CachedLoad>, keyId, cancelled: false };
    const promise = this.fetch(key, version, id, started).finally(() => {
      if (this.flights.get(id) === started) this.flights.delete(id);
    });
    (started as { promise: Promise<CachedLoad> }).promise = promise;
    this.flights.set(id, started);
    return promise;
  }

  /** Forgets every cached version of a key and detaches loads in flight (the trainer calls this after save). */
  invalidate(key: readonly string[]): void {
    const keyId = keyIdOf(key);
    const ids = this.idsByKey.get(keyId);
    if (ids !== undefined) for (const id of [...ids]) this.drop(id);
    for (const [id, flight] of this.flights) {
      if (flight.keyId === keyId) {
        flight.cancelled = true;
        this.flights.delete(id);
      }
    }
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.drop(id);
    for (const flight of this.flights.values()) flight.cancelled = true;
    this.flights.clear();
  }

  stats(): CacheStats {
    return { ...this.counters, entries: this.entries.size, bytes: this.totalBytes };
  }

  private async fetch(key: readonly string[], version: VersionRef, id: string, flight: Flight): Promise<CachedLoad> {
    this.counters.loads++;
    let bundle: Bundle | null;
    try {
      bundle = await this.store.load(key, version);
    } catch (err) {
      this.counters.errors++;
      const previous = this.entries.get(id);
      if (previous === undefined || flight.cancelled) throw err;
      previous.retryAt = this.clock() + this.options.staleRetryMs;
      this.counters.stale++;
      return { bundle: previous.hit.bundle, source: 'stale-cache', error: err };
    }
    if (!flight.cancelled) this.remember(key, version, flight.keyId, bundle);
    return { bundle, source: 'store' };
  }

  private remember(key: readonly string[], version: VersionRef, keyId: string, bundle: Bundle | null): void {
    const now = this.clock();
    if (bundle === null) {
      this.put(keyId, version, null, now + this.options.negativeTtlMs);
      return;
    }
    if (version === 'latest') {
      const ttl = this.options.ttlMs * (1 - this.options.ttlJitter * this.random());
      this.put(keyId, 'latest', bundle, now + ttl);
    }
    // Named versions are immutable: cache them (including the one 'latest' resolved to) until evicted.
    const named = version === 'latest' ? bundle.manifest.version : version;
    if (typeof named === 'string') this.put(keyId, named, bundle, Infinity);
  }

  private put(keyId: string, version: string, bundle: Bundle | null, expiresAt: number): void {
    const id = keyId + '|' + version;
    const bytes = bundle === null ? id.length * 2 : bundleBytes(bundle);
    if (bytes > this.options.maxBytes || this.options.maxEntries === 0) return;
    this.drop(id);
    const hit: CachedLoad = Object.freeze({ bundle, source: 'cache' as const });
    this.entries.set(id, { id, keyId, hit, bytes, expiresAt, retryAt: 0 });
    this.totalBytes += bytes;
    let ids = this.idsByKey.get(keyId);
    if (ids === undefined) this.idsByKey.set(keyId, (ids = new Set()));
    ids.add(id);
    while (this.entries.size > this.options.maxEntries || this.totalBytes > this.options.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
      this.counters.evictions++;
    }
  }

  private drop(id: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    this.entries.delete(id);
    this.totalBytes -= entry.bytes;
    const ids = this.idsByKey.get(entry.keyId);
    if (ids !== undefined) {
      ids.delete(id);
      if (ids.size === 0) this.idsByKey.delete(entry.keyId);
    }
  }
}

const sizeCache = new WeakMap<Bundle, number>();

/** Model bytes plus the manifest's JSON size, computed once per bundle object (off the hit path). */
function bundleBytes(bundle: Bundle): number {
  let bytes = sizeCache.get(bundle);
  if (bytes === undefined) {
    bytes = bundle.model.byteLength + JSON.stringify(bundle.manifest).length;
    sizeCache.set(bundle, bytes);
  }
  return bytes;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
