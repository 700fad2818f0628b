import { resolve } from 'node:path';
import type { Config } from '@numalogic/core';
import { createBackend, HistoryStore, ModelCache, VersionedStore, type ModelStore, type StoreConfig } from '@numalogic/registry';
import type { Env } from './config.js';

/** How a process uses its store, beyond what the configuration says. */
export interface StoreUse {
  /**
   * The store lives and dies with this process (`numalogic score` without `--store`): the registry's scratch
   * store (memory up to a budget, then a temporary folder removed at close), whatever the configuration's
   * `store` says; `{ memoryBytes }` sets its budget (default the registry's, 256 MiB). Default false.
   */
  scratch?: boolean | { memoryBytes?: number };
}

/** The registry's store settings for the configuration's `store` section (relative folders: from the cwd). */
export function storeConfig(config: Config, env: Env = process.env, use: StoreUse = {}): StoreConfig {
  const s = config.store;
  if (use.scratch) {
    const memoryBytes = use.scratch === true ? undefined : use.scratch.memoryBytes;
    return { kind: 'scratch', keep: s.keepVersions, ...(memoryBytes === undefined ? {} : { memoryBytes }) };
  }
  if (s.kind === 'fs') return { kind: 'fs', root: resolve(s.folder), keep: s.keepVersions };
  const [host, port] = s.endpoint.split(':');
  return {
    kind: 's3',
    endpoint: host ?? s.endpoint,
    ...(port ? { port: Number(port) } : {}),
    useSSL: s.useSSL,
    region: s.region,
    bucket: s.bucket,
    prefix: s.prefix,
    accessKeyEnv: s.accessKeyEnv,
    secretKeyEnv: s.secretKeyEnv,
    keep: s.keepVersions,
    createBucket: env['NUMALOGIC_S3_CREATE_BUCKET'] === 'true',
  };
}

export interface ModelAccess {
  store: ModelStore;
  cache: ModelCache;
  /** The trainer's per-key point histories, next to the bundles: the store's own backend (one scratch store, not two). */
  history: HistoryStore;
}

/**
 * The store, the cache in front of it and the history store, as the configuration describes them, over one
 * backend: closing the store or the history closes both (a backend's close may be called again).
 */
export function openModels(config: Config, env: Env = process.env, use: StoreUse = {}): ModelAccess {
  const settings = storeConfig(config, env, use);
  const backend = createBackend(settings, env);
  const store = new VersionedStore(backend, { keep: settings.keep });
  const cache = new ModelCache(store, { ttlMs: config.store.cacheTtl });
  return { store, cache, history: new HistoryStore(backend) };
}
