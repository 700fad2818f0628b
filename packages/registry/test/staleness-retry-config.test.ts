import { describe, expect, it } from 'vitest';
import { createStore, resolveCredentials } from '../src/config.js';
import { InvalidInputError, StoreUnavailableError } from '../src/errors.js';
import { isTransientS3Error } from '../src/s3-backend.js';
import { isStale, modelAgeMs } from '../src/staleness.js';
import { backoffDelayMs, withRetry } from '../src/retry.js';
import { formatVersion, parseVersion } from '../src/version.js';

describe('isStale', () => {
  const hour = 3_600_000;
  const trainedAt = '2026-03-01T00:00:00.000Z';
  const at = Date.parse(trainedAt);

  it('compares the age from trainedAt with the retraining period', () => {
    expect(isStale({ trainedAt }, hour, at + hour - 1)).toBe(false);
    expect(isStale({ trainedAt }, hour, at + hour)).toBe(true);
    expect(isStale({ trainedAt }, hour, new Date(at + 2 * hour))).toBe(true);
    expect(modelAgeMs({ trainedAt }, at + 5)).toBe(5);
  });

  it('falls back to savedAt, and treats an unknown age as stale', () => {
    expect(isStale({ savedAt: trainedAt }, hour, at + 10)).toBe(false);
    expect(isStale({ trainedAt: 'yesterday-ish' }, hour, at)).toBe(true);
    expect(isStale({}, hour, at)).toBe(true);
    expect(() => isStale({ trainedAt }, Number.NaN)).toThrow(RangeError);
  });
});

describe('withRetry', () => {
  const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 };

  it('retries transient failures and returns the first success', async () => {
    let calls = 0;
    const value = await withRetry('op', async () => (++calls < 3 ? Promise.reject(new Error('flaky')) : 'ok'), () => true, fast);
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the configured attempts with an error naming the operation', async () => {
    let calls = 0;
    const failing = withRetry('save model', async () => Promise.reject(Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' })), () => {
      calls++;
      return true;
    }, fast);
    await expect(failing).rejects.toThrow(StoreUnavailableError);
    await expect(failing).rejects.toThrow(/save model failed after 4 attempt\(s\): ECONNREFUSED: connect refused/);
    expect(calls).toBe(4);
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    const denied = new Error('denied');
    await expect(withRetry('op', async () => {
      calls++;
      throw denied;
    }, () => false, fast)).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('draws delays within the capped exponential', () => {
    const options = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(0, options, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, options, () => 0.999)).toBe(799);
    expect(backoffDelayMs(8, options, () => 0.999)).toBe(999);
    expect(backoffDelayMs(8, options, () => 0)).toBe(0);
  });

  it('classifies S3 errors', () => {
    expect(isTransientS3Error(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientS3Error(Object.assign(new Error('x'), { code: 'SlowDown' }))).toBe(true);
    expect(isTransientS3Error(new Error('Request failed after 0 retries: Error: Retryable HTTP status: 503'))).toBe(true);
    expect(isTransientS3Error(Object.assign(new Error('x'), { code: 'AccessDenied' }))).toBe(false);
    expect(isTransientS3Error(Object.assign(new Error('x'), { code: 'NoSuchBucket' }))).toBe(false);
  });
});

describe('versions', () => {
  it('formats and parses zero-padded counters', () => {
    expect(formatVersion(42)).toBe('v000000000042');
    expect(parseVersion('v000000000042')).toBe(42);
    expect(() => parseVersion('v42')).toThrow(InvalidInputError);
    expect(() => formatVersion(0)).toThrow(RangeError);
  });
});

describe('createStore', () => {
  const s3 = { kind: 's3' as const, endpoint: '127.0.0.1', port: 9000, useSSL: false, bucket: 'models' };

  it('reads credentials from the configured, default or AWS variables', () => {
    expect(resolveCredentials({}, { NUMALOGIC_S3_ACCESS_KEY: 'a', NUMALOGIC_S3_SECRET_KEY: 's' })).toEqual({ accessKey: 'a', secretKey: 's' });
    expect(resolveCredentials({}, { AWS_ACCESS_KEY_ID: 'aa', AWS_SECRET_ACCESS_KEY: 'ss' })).toEqual({ accessKey: 'aa', secretKey: 'ss' });
    expect(resolveCredentials({ accessKeyEnv: 'MY_A', secretKeyEnv: 'MY_S' }, { MY_A: '1', MY_S: '2', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' })).toEqual({
      accessKey: '1',
      secretKey: '2',
    });
    expect(() => resolveCredentials({ accessKeyEnv: 'MY_A' }, {})).toThrow(/set MY_A and NUMALOGIC_S3_SECRET_KEY \(or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\)/);
  });

  it('builds every kind and refuses bad configuration clearly', () => {
    expect(createStore({ kind: 'fs', root: '/tmp/registry-config-check' }).location).toBe('fs:/tmp/registry-config-check');
    expect(createStore({ kind: 'scratch', keep: 2 }).location).toBe('scratch:');
    const env = { NUMALOGIC_S3_ACCESS_KEY: 'a', NUMALOGIC_S3_SECRET_KEY: 's' };
    expect(createStore({ ...s3, prefix: '/models/prod/' }, env).location).toBe('s3://models/models/prod');
    expect(() => createStore({ kind: 'gcs' } as never)).toThrow(/unknown kind "gcs" \(expected 'fs', 's3' or 'scratch'\)/);
    expect(() => createStore({ kind: 'scratch', keep: 0 })).toThrow(/keep/);
    expect(() => createStore({ kind: 'scratch', memoryBytes: -1 })).toThrow(/memoryBytes must be an integer >= 0, got -1/);
    expect(() => createStore({ kind: 'fs', root: '' })).toThrow(/root/);
    expect(() => createStore({ kind: 'fs', root: '/tmp/x', keep: 0 })).toThrow(/keep/);
    expect(() => createStore({ ...s3, bucket: '' }, env)).toThrow(/bucket/);
    expect(() => createStore({ ...s3, port: 70000 }, env)).toThrow(/port/);
    expect(() => createStore({ ...s3, prefix: 'a/../b' }, env)).toThrow(/prefix/);
    expect(() => createStore({ ...s3, retry: { attempts: 0 } }, env)).toThrow(/attempts/);
    expect(() => createStore(s3, {})).toThrow(/credentials missing/);
  });
});
