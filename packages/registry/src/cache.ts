// A bounded cache in front of any ModelStore, built for the inference hot path:
//  - a hit is one Map lookup per key component (no string is built, no JSON), a clock read and a pointer
//    swap in the recency list; its result object is made once, when the entry is stored;
//  - one backend load per (key, version) in flight, however many callers wait for it;
//  - `latest` lives for ttlMs minus up to ttlJitter of it, so a fleet of replicas does not reload together;
//    a named version never changes, so it lives until evicted;
//  - "no model" is remembered for negativeTtlMs, and never longer than a model would be (ttlMs): with a short
//    ttl (the local runner plays hours of event time per second) a key's first model shows up as soon;
//  - when a reload fails, the expired entry is served as 'stale-cache' and the backend is left alone for
//    staleRetryMs, so an outage costs neither latency nor a storm of retries.
// Bytes are counted per entry; a bundle cached under both 'latest' and its version counts twice, so the byte
// figure is an upper bound.
import type { Bundle } from './bundle.js';
import { InvalidInputError } from './errors.js';
import type { ModelStore, VersionRef } from './model-store.js';
import { parseVersion } from './version.js';

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
  readonly key: readonly string[];
  readonly version: string;
  readonly hit: CachedLoad;
  readonly staleHit: CachedLoad;
  readonly bytes: number;
  expiresAt: number;
  retryAt: number;
  newer: Entry | null;
  older: Entry | null;
}

/** One level of the index per key component, so a lookup hashes the caller's own strings and builds none. */
interface Node {
  children: Map<string, Node> | null;
  versions: Map<string, Entry> | null;
}

interface Flight {
  readonly promise: Promise<CachedLoad>;
  readonly keyId: string;
  cancelled: boolean;
}

type Loader = Pick<ModelStore, 'load'>;

/** What each CacheOptions field is when not given. */
export const CACHE_DEFAULTS: Readonly<Required<Omit<CacheOptions, 'clock' | 'random'>>> = {
  maxEntries: 1000,
  maxBytes: 512 * 1024 * 1024,
  ttlMs: 60_000,
  ttlJitter: 0.1,
  negativeTtlMs: 5_000,
  staleRetryMs: 1_000,
};

/** Injective: each component as "<length>:<text>". Used off the hit path only (loads in flight). */
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
  private root: Node = { children: null, versions: null };
  /** Doubly linked recency list: newest is most recently used, oldest is evicted first. */
  private newest: Entry | null = null;
  private oldest: Entry | null = null;
  private count = 0;
  private totalBytes = 0;
  private readonly flights = new Map<string, Flight>();
  private readonly options: Required<Omit<CacheOptions, 'clock' | 'random'>>;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly counters = { hits: 0, misses: 0, stale: 0, errors: 0, loads: 0, evictions: 0 };

  constructor(private readonly store: Loader, options: CacheOptions = {}) {
    const merged = { ...CACHE_DEFAULTS, ...withoutUndefined(options) };
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
    const cached = this.peek(key, version);
    return cached !== undefined ? Promise.resolve(cached) : this.miss(key, version);
  }

  /**
   * What load would answer from memory alone (a fresh entry, or a stale one while the backend is left alone),
   * counted as load counts it, without a promise: the hot path checks this first and awaits load only when it
   * is undefined (the backend has to be asked).
   */
  peek(key: readonly string[], version: VersionRef = 'latest'): CachedLoad | undefined {
    const entry = Array.isArray(key) ? this.find(key, version) : undefined;
    if (entry === undefined) return undefined;
    const now = this.clock();
    if (now < entry.expiresAt) {
      this.touch(entry);
      this.counters.hits++;
      return entry.hit;
    }
    if (now < entry.retryAt) {
      this.counters.stale++;
      return entry.staleHit;
    }
    return undefined;
  }

  /** Forgets every cached version of a key and detaches loads in flight (the trainer calls this after save). */
  invalidate(key: readonly string[]): void {
    const keyId = keyIdOf(key);
    const versions = this.node(key)?.versions;
    if (versions) for (const entry of [...versions.values()]) this.remove(entry);
    for (const [id, flight] of this.flights) {
      if (flight.keyId === keyId) {
        flight.cancelled = true;
        this.flights.delete(id);
      }
    }
  }

  /**
   * A bundle this process has just saved, as the store returned it (saveVersion): forgets the key's other
   * entries and loads in flight, as invalidate does, and keeps this one as the key's latest and as its version,
   * so the next load needs no read of what was just written. Only for a store's one writer (a trainer in the
   * process that serves): another writer's newer version would stay unseen until the entry expires.
   */
  saved(key: readonly string[], bundle: Bundle): void {
    if (typeof bundle?.manifest?.version !== 'string') throw new InvalidInputError('a saved bundle must carry its version (use the bundle saveVersion returns)');
    this.invalidate(key);
    this.remember([...key], 'latest', bundle);
  }

  clear(): void {
    this.root = { children: null, versions: null };
    this.newest = this.oldest = null;
    this.count = 0;
    this.totalBytes = 0;
    for (const flight of this.flights.values()) flight.cancelled = true;
    this.flights.clear();
  }

  stats(): CacheStats {
    return { ...this.counters, entries: this.count, bytes: this.totalBytes };
  }

  private miss(key: readonly string[], version: VersionRef): Promise<CachedLoad> {
    let keyId: string;
    try {
      keyId = keyIdOf(key);
      if (version !== 'latest') parseVersion(version); // bad input is refused here, not counted as a store error
    } catch (err) {
      return Promise.reject(err);
    }
    this.counters.misses++;
    const id = keyId + '|' + version;
    const flight = this.flights.get(id);
    if (flight !== undefined) return flight.promise;
    const started: Flight = { promise: undefined as unknown as Promise<CachedLoad>, keyId, cancelled: false };
    const promise = this.fetch([...key], version, started).finally(() => {
      if (this.flights.get(id) === started) this.flights.delete(id);
    });
    (started as { promise: Promise<CachedLoad> }).promise = promise;
    this.flights.set(id, started);
    return promise;
  }

  private async fetch(key: readonly string[], version: VersionRef, flight: Flight): Promise<CachedLoad> {
    this.counters.loads++;
    let bundle: Bundle | null;
    try {
      bundle = await this.store.load(key, version);
    } catch (err) {
      this.counters.errors++;
      const previous = this.find(key, version);
      if (previous === undefined || flight.cancelled) throw err;
      previous.retryAt = this.clock() + this.options.staleRetryMs;
      this.counters.stale++;
      return { bundle: previous.hit.bundle, source: 'stale-cache', error: err };
    }
    if (!flight.cancelled) this.remember(key, version, bundle);
    return { bundle, source: 'store' };
  }

  private remember(key: readonly string[], version: VersionRef, bundle: Bundle | null): void {
    const now = this.clock();
    if (bundle === null) {
      this.put(key, version, null, now + Math.min(this.options.negativeTtlMs, this.options.ttlMs));
      return;
    }
    if (version === 'latest') {
      const ttl = this.options.ttlMs * (1 - this.options.ttlJitter * this.random());
      this.put(key, 'latest', bundle, now + ttl);
    }
    // Named versions are immutable: cache them (including the one 'latest' resolved to) until evicted.
    const named = version === 'latest' ? bundle.manifest.version : version;
    if (typeof named === 'string') this.put(key, named, bundle, Infinity);
  }

  private find(key: readonly string[], version: string): Entry | undefined {
    return this.node(key)?.versions?.get(version);
  }

  private node(key: readonly string[]): Node | undefined {
    let node: Node | undefined = this.root;
    for (let i = 0; i < key.length && node !== undefined; i++) node = node.children?.get(key[i]!);
    return node;
  }

  private put(key: readonly string[], version: string, bundle: Bundle | null, expiresAt: number): void {
    const bytes = bundle === null ? 64 : bundleBytes(bundle);
    if (bytes > this.options.maxBytes || this.options.maxEntries === 0) return;
    const existing = this.find(key, version);
    if (existing !== undefined) this.remove(existing);
    let node = this.root;
    for (const component of key) {
      node.children ??= new Map();
      let child = node.children.get(component);
      if (child === undefined) node.children.set(component, (child = { children: null, versions: null }));
      node = child;
    }
    const entry: Entry = {
      key,
      version,
      hit: Object.freeze({ bundle, source: 'cache' as const }),
      staleHit: Object.freeze({ bundle, source: 'stale-cache' as const }),
      bytes,
      expiresAt,
      retryAt: 0,
      newer: null,
      older: null,
    };
    (node.versions ??= new Map()).set(version, entry);
    this.linkNewest(entry);
    this.count++;
    this.totalBytes += bytes;
    while (this.count > this.options.maxEntries || this.totalBytes > this.options.maxBytes) {
      this.remove(this.oldest!);
      this.counters.evictions++;
    }
  }

  private remove(entry: Entry): void {
    this.unlink(entry);
    this.count--;
    this.totalBytes -= entry.bytes;
    // Walk down recording the path, then drop nodes left empty so forgotten keys do not pile up.
    const path: Node[] = [this.root];
    for (const component of entry.key) {
      const next = path[path.length - 1]!.children?.get(component);
      if (next === undefined) return;
      path.push(next);
    }
    const leaf = path[path.length - 1]!;
    leaf.versions?.delete(entry.version);
    if (leaf.versions?.size === 0) leaf.versions = null;
    for (let depth = entry.key.length; depth > 0; depth--) {
      const node = path[depth]!;
      if (node.versions !== null || (node.children !== null && node.children.size > 0)) break;
      path[depth - 1]!.children!.delete(entry.key[depth - 1]!);
    }
  }

  private touch(entry: Entry): void {
    if (this.newest === entry) return;
    this.unlink(entry);
    this.linkNewest(entry);
  }

  private linkNewest(entry: Entry): void {
    entry.older = this.newest;
    entry.newer = null;
    if (this.newest !== null) this.newest.newer = entry;
    this.newest = entry;
    if (this.oldest === null) this.oldest = entry;
  }

  private unlink(entry: Entry): void {
    if (entry.newer !== null) entry.newer.older = entry.older;
    else this.newest = entry.older;
    if (entry.older !== null) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    entry.newer = entry.older = null;
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
