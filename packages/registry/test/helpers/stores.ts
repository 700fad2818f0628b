// The stores under test (fs, scratch, s3), built as an application builds them, plus a raw backend on the same
// location so tests can plant what a crash or a corruption would leave behind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'minio';
import { createStore, type S3StoreConfig } from '../../src/config.js';
import { FsBackend } from '../../src/fs-backend.js';
import { ScratchBackend } from '../../src/scratch-backend.js';
import { VersionedStore } from '../../src/versioned-store.js';
import type { ModelStore } from '../../src/model-store.js';
import type { ObjectBackend } from '../../src/object-backend.js';
import { S3Backend } from '../../src/s3-backend.js';
import { S3_ACCESS_KEY, S3_ENV, S3_SECRET_KEY, type S3TestServer } from './s3-server.js';

export interface StoreFixture {
  store: ModelStore;
  raw: ObjectBackend;
  cleanup(): Promise<void>;
}

export async function fsFixture(keep?: number): Promise<StoreFixture & { root: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'registry-fs-'));
  const store = createStore({ kind: 'fs', root, keep });
  return { store, root, raw: new FsBackend(root), cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * The scratch store (one process's run), built as the factory builds it, over a backend the test keeps: `raw`
 * is the very backend the store reads. A small `memoryBytes` sends most files to its temporary folder.
 */
export function scratchFixture(keep?: number, memoryBytes?: number): StoreFixture & { backend: ScratchBackend } {
  const backend = new ScratchBackend(memoryBytes === undefined ? {} : { memoryBytes });
  return { store: new VersionedStore(backend, { keep }), raw: backend, backend, cleanup: () => backend.close() };
}

let bucketCounter = 0;
const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

const S3_PREFIX = 'numalogic/test';

/** The public s3 configuration for a bucket on the test server (credentials come from S3_ENV). */
export function s3Config(server: S3TestServer, bucket: string, extra: Partial<S3StoreConfig> = {}): S3StoreConfig {
  return { kind: 's3', endpoint: '127.0.0.1', port: server.port, useSSL: false, bucket, prefix: S3_PREFIX, createBucket: true, ...extra };
}

export function s3Fixture(server: S3TestServer, keep?: number, retry = FAST_RETRY): StoreFixture & { bucket: string } {
  const bucket = `models-${process.pid}-${bucketCounter++}`;
  const prefix = S3_PREFIX;
  const store = createStore(s3Config(server, bucket, { keep, retry }), S3_ENV);
  const client = new Client({ endPoint: '127.0.0.1', port: server.port, useSSL: false, accessKey: S3_ACCESS_KEY, secretKey: S3_SECRET_KEY, pathStyle: true, retryOptions: { disableRetry: true } });
  const raw = new S3Backend(client, { bucket, prefix, region: 'us-east-1', createBucket: true, retry, requestTimeoutMs: 10_000 });
  return { store, raw, bucket, cleanup: () => store.close() };
}
