// S3 backend through the minio client: works with MinIO, AWS S3 and any S3-compatible server. An object PUT
// is atomic in S3, so each file is simply put; the store's write order does the rest.
import type { Client } from 'minio';
import type { Readable } from 'node:stream';
import { describeError, InvalidInputError, StoreRequestError } from './errors.js';
import { isStorePath, type ObjectBackend } from './object-backend.js';
import { withRetry, type RetryOptions } from './retry.js';

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET',
]);
const TRANSIENT_S3_CODES = new Set(['SlowDown', 'InternalError', 'ServiceUnavailable', 'RequestTimeout', 'Throttling', 'RequestTimeTooSkewed']);
const MISSING_CODES = new Set(['NoSuchKey', 'NotFound']);

/** Network failures and server-side "try again" answers; anything else is a real refusal. */
export function isTransientS3Error(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_NETWORK_CODES.has(code) || TRANSIENT_S3_CODES.has(code))) return true;
  // minio reports a 5xx without an XML body as an S3Error with an empty code.
  if ((err as { name?: unknown }).name === 'S3Error' && (code === '' || code === undefined)) return true;
  // With its own retries disabled, minio reports a retryable status as a plain Error naming it.
  return err instanceof Error && /socket hang up|Retryable HTTP status: (408|429|499|5\d\d)/i.test(err.message);
}

function errorCode(err: unknown): unknown {
  return (err as { code?: unknown }).code;
}

export interface S3BackendOptions {
  bucket: string;
  prefix: string;
  region: string;
  createBucket: boolean;
  retry: RetryOptions;
  /** Each attempt is abandoned (and retried) after this long: a server that accepts but never answers. */
  requestTimeoutMs: number;
}

export function normalisePrefix(prefix: string): string {
  const segments = prefix.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) throw new InvalidInputError(`s3 store: prefix ${JSON.stringify(prefix)} may not contain '.' or '..'`);
  return segments.join('/');
}

export class S3Backend implements ObjectBackend {
  readonly location: string;
  private readonly prefix: string;
  private bucketReady: Promise<void> | null = null;

  constructor(private readonly client: Client, private readonly options: S3BackendOptions) {
    this.prefix = normalisePrefix(options.prefix);
    this.location = `s3://${options.bucket}/${this.prefix}`;
  }

  async get(path: string): Promise<Uint8Array | null> {
    const name = this.objectName(path);
    await this.ensureBucket();
    return this.retried(`get ${name}`, async () => {
      let stream: Readable;
      try {
        stream = await this.client.getObject(this.options.bucket, name);
      } catch (err) {
        if (MISSING_CODES.has(String(errorCode(err)))) return null;
        throw err;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    });
  }

  async put(path: string, data: Uint8Array): Promise<void> {
    const name = this.objectName(path);
    await this.ensureBucket();
    const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await this.retried(`put ${name}`, async () => {
      await this.client.putObject(this.options.bucket, name, body, body.byteLength);
    });
  }

  async list(dir: string): Promise<string[]> {
    const prefix = this.objectName(dir) + '/';
    await this.ensureBucket();
    return this.retried(`list ${prefix}`, async () => {
      const names: string[] = [];
      for await (const item of this.client.listObjectsV2(this.options.bucket, prefix, false)) {
        const full = (item as { name?: string; prefix?: string }).name ?? (item as { prefix?: string }).prefix;
        if (full === undefined) continue;
        const child = full.slice(prefix.length).replace(/\/$/, '');
        if (child !== '') names.push(child);
      }
      return names;
    });
  }

  async remove(path: string): Promise<void> {
    const name = this.objectName(path);
    await this.ensureBucket();
    await this.retried(`remove ${name}`, () => this.client.removeObject(this.options.bucket, name));
  }

  async removeTree(dir: string): Promise<void> {
    const prefix = this.objectName(dir) + '/';
    await this.ensureBucket();
    await this.retried(`remove ${prefix}`, async () => {
      const names: string[] = [];
      for await (const item of this.client.listObjectsV2(this.options.bucket, prefix, true)) {
        const name = (item as { name?: string }).name;
        if (name !== undefined) names.push(name);
      }
      // One DELETE per object: a version holds two objects, and not every S3-compatible server has multi-delete.
      await Promise.all(names.map((name) => this.client.removeObject(this.options.bucket, name)));
    });
  }

  async close(): Promise<void> {}

  private objectName(path: string): string {
    if (!isStorePath(path)) {
      throw new InvalidInputError(`s3 store: invalid object path ${JSON.stringify(path)}`);
    }
    return this.prefix === '' ? path : `${this.prefix}/${path}`;
  }

  private ensureBucket(): Promise<void> {
    if (this.bucketReady === null) {
      this.bucketReady = this.checkBucket().catch((err: unknown) => {
        this.bucketReady = null; // try again on the next call, e.g. once the server is back
        throw err;
      });
    }
    return this.bucketReady;
  }

  private async checkBucket(): Promise<void> {
    const { bucket, region, createBucket } = this.options;
    const exists = await this.retried(`check bucket ${bucket}`, () => this.client.bucketExists(bucket));
    if (exists) return;
    if (!createBucket) {
      throw new StoreRequestError(`s3 store: bucket ${JSON.stringify(bucket)} does not exist (create it, or set createBucket: true)`);
    }
    await this.retried(`create bucket ${bucket}`, async () => {
      try {
        await this.client.makeBucket(bucket, region);
      } catch (err) {
        const code = errorCode(err);
        if (code === 'BucketAlreadyOwnedByYou' || code === 'BucketAlreadyExists') return;
        throw err;
      }
    });
  }

  private async retried<T>(what: string, op: () => Promise<T>): Promise<T> {
    try {
      const attempt = () => withTimeout(op(), this.options.requestTimeoutMs);
      return await withRetry(`s3 store (${this.location}): ${what}`, attempt, isTransientS3Error, this.options.retry);
    } catch (err) {
      if (err instanceof Error && err.name === 'StoreUnavailableError') throw err;
      if (err instanceof InvalidInputError || err instanceof StoreRequestError) throw err;
      throw new StoreRequestError(`s3 store (${this.location}): ${what}: ${describeError(err)}`, { cause: err });
    }
  }
}

/** Rejects with a transient ETIMEDOUT error when the operation has not settled in time. */
function withTimeout<T>(operation: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}
