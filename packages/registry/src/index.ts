export type { Bundle, BundleManifest } from './bundle.js';
export type { ModelStore, VersionRef } from './model-store.js';
export type { ObjectBackend } from './object-backend.js';
export { VersionedStore, type VersionedStoreOptions } from './versioned-store.js';
export { FsBackend, type FsBackendOptions } from './fs-backend.js';
export { MemoryBackend } from './memory-backend.js';
export { ScratchBackend, DEFAULT_SCRATCH_MEMORY_BYTES, type ScratchBackendOptions } from './scratch-backend.js';
export { S3Backend, isTransientS3Error, type S3BackendOptions } from './s3-backend.js';
export { HistoryStore, type PointHistory } from './history-store.js';
export {
  createStore,
  createHistoryStore,
  createBackend,
  resolveCredentials,
  DEFAULT_ACCESS_KEY_ENV,
  DEFAULT_SECRET_KEY_ENV,
  type StoreConfig,
  type FsStoreConfig,
  type S3StoreConfig,
  type ScratchStoreConfig,
  type Env,
} from './config.js';
export { ModelCache, CACHE_DEFAULTS, type CacheOptions, type CacheStats, type CachedLoad, type LoadSource } from './cache.js';
export { isStale, modelAgeMs, type TimedManifest } from './staleness.js';
export { keyPath, encodeKeyComponent, decodeKeyComponent, decodeKeyPath, validateKey } from './key-encoding.js';
export { formatVersion, parseVersion, versionNumber } from './version.js';
export { withRetry, backoffDelayMs, DEFAULT_RETRY, type RetryOptions } from './retry.js';
export { InvalidInputError, StoreCorruptError, StoreUnavailableError, StoreRequestError } from './errors.js';
export { PAUSE_BEFORE_LATEST_ENV } from './test-hooks.js';
