// Store configuration and the factory that turns it into a ModelStore. Credentials never sit in the
// configuration file: it names the environment variables that hold them.
import { Client } from 'minio';
import { InvalidInputError } from './errors.js';
import { FsBackend } from './fs-backend.js';
import { ScratchBackend } from './scratch-backend.js';
import { HistoryStore } from './history-store.js';
import type { ModelStore } from './model-store.js';
import type { ObjectBackend } from './object-backend.js';
import { validateRetry, type RetryOptions } from './retry.js';
import { S3Backend } from './s3-backend.js';
import { VersionedStore } from './versioned-store.js';

export interface FsStoreConfig {
  kind: 'fs';
  root: string;
  /** Versions kept per key after each save; omitted keeps all. */
  keep?: number;
}

export interface S3StoreConfig {
  kind: 's3';
  endpoint: string;
  port?: number;
  useSSL?: boolean;
  region?: string;
  bucket: string;
  prefix?: string;
  /** Names of the environment variables holding the credentials. */
  accessKeyEnv?: string;
  secretKeyEnv?: string;
  createBucket?: boolean;
  keep?: number;
  retry?: Partial<RetryOptions>;
  /** Per-attempt time limit in ms (default 30000); a request that gets no answer is abandoned and retried. */
  requestTimeoutMs?: number;
}

/**
 * A store that ends with the process (ScratchBackend): in memory up to `memoryBytes`, then in a temporary
 * folder removed at close. Each createStore / createHistoryStore call makes its own.
 */
export interface ScratchStoreConfig {
  kind: 'scratch';
  keep?: number;
  /** Default 256 MiB (DEFAULT_SCRATCH_MEMORY_BYTES). */
  memoryBytes?: number;
}

export type StoreConfig = FsStoreConfig | S3StoreConfig | ScratchStoreConfig;

export const DEFAULT_ACCESS_KEY_ENV = 'NUMALOGIC_S3_ACCESS_KEY';
export const DEFAULT_SECRET_KEY_ENV = 'NUMALOGIC_S3_SECRET_KEY';
const AWS_ACCESS_KEY_ENV = 'AWS_ACCESS_KEY_ID';
const AWS_SECRET_KEY_ENV = 'AWS_SECRET_ACCESS_KEY';

export type Env = Record<string, string | undefined>;

export function createStore(config: StoreConfig, env: Env = process.env): ModelStore {
  return new VersionedStore(createBackend(config, env), { keep: config.keep });
}

/** The trainer's per-key point history, on the same backend (and under the same prefix) as the bundles. */
export function createHistoryStore(config: StoreConfig, env: Env = process.env): HistoryStore {
  return new HistoryStore(createBackend(config, env));
}

/** The byte store a configuration describes; validates the configuration and resolves the credentials. */
export function createBackend(config: StoreConfig, env: Env = process.env): ObjectBackend {
  if (typeof config !== 'object' || config === null) throw new InvalidInputError('store config must be an object with a kind');
  switch (config.kind) {
    case 'fs':
      return new FsBackend(config.root);
    case 's3':
      return createS3Backend(config, env);
    case 'scratch':
      return new ScratchBackend(config.memoryBytes === undefined ? {} : { memoryBytes: config.memoryBytes });
    default:
      throw new InvalidInputError(`store config: unknown kind ${JSON.stringify((config as { kind?: unknown }).kind)} (expected 'fs', 's3' or 'scratch')`);
  }
}

function createS3Backend(config: S3StoreConfig, env: Env): ObjectBackend {
  requireString(config.endpoint, 'endpoint');
  requireString(config.bucket, 'bucket');
  if (config.port !== undefined && (!Number.isInteger(config.port) || config.port < 1 || config.port > 65535)) {
    throw new InvalidInputError(`s3 store config: port must be an integer 1-65535, got ${String(config.port)}`);
  }
  const { accessKey, secretKey } = resolveCredentials(config, env);
  const region = config.region ?? 'us-east-1';
  const requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
  if (!(requestTimeoutMs > 0) || !Number.isFinite(requestTimeoutMs)) {
    throw new InvalidInputError(`s3 store config: requestTimeoutMs must be a positive number, got ${String(config.requestTimeoutMs)}`);
  }
  let retry: RetryOptions;
  try {
    retry = validateRetry(config.retry);
  } catch (err) {
    throw new InvalidInputError(`s3 store config: ${(err as Error).message}`);
  }
  let client: Client;
  try {
    client = new Client({
      endPoint: config.endpoint,
      port: config.port,
      useSSL: config.useSSL ?? true,
      region,
      accessKey,
      secretKey,
      pathStyle: true,
      // Retries are ours (bounded, jittered, also covering network errors); the client's own would double them.
      retryOptions: { disableRetry: true },
    });
  } catch (err) {
    throw new InvalidInputError(`s3 store config: ${(err as Error).message}`, { cause: err });
  }
  return new S3Backend(client, {
    bucket: config.bucket,
    prefix: config.prefix ?? '',
    region,
    createBucket: config.createBucket ?? false,
    retry,
    requestTimeoutMs,
  });
}

/** The configured variables first, then the AWS standard ones; an error names what it looked for. */
export function resolveCredentials(config: Pick<S3StoreConfig, 'accessKeyEnv' | 'secretKeyEnv'>, env: Env): { accessKey: string; secretKey: string } {
  const accessName = config.accessKeyEnv ?? DEFAULT_ACCESS_KEY_ENV;
  const secretName = config.secretKeyEnv ?? DEFAULT_SECRET_KEY_ENV;
  const accessKey = nonEmpty(env[accessName]) ?? nonEmpty(env[AWS_ACCESS_KEY_ENV]);
  const secretKey = nonEmpty(env[secretName]) ?? nonEmpty(env[AWS_SECRET_KEY_ENV]);
  if (accessKey === undefined || secretKey === undefined) {
    throw new InvalidInputError(
      `s3 store: credentials missing; set ${accessName} and ${secretName} (or ${AWS_ACCESS_KEY_ENV} and ${AWS_SECRET_KEY_ENV})`,
    );
  }
  return { accessKey, secretKey };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function requireString(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInputError(`s3 store config: ${field} must be a non-empty string`);
}
