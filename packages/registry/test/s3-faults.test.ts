// The S3 server goes away mid-run and comes back on the same port: cached loads keep being served, saves fail
// with a clear error after retrying, and everything works again once the server is back.
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCache } from '../src/cache.js';
import { createStore } from '../src/config.js';
import { StoreRequestError, StoreUnavailableError } from '../src/errors.js';
import { makeBundle } from './helpers/bundles.js';
import { S3_ENV, S3TestServer } from './helpers/s3-server.js';
import { s3Fixture } from './helpers/stores.js';

let server: S3TestServer;
beforeAll(async () => {
  server = await S3TestServer.start();
});
afterAll(async () => {
  await server.destroy();
});

describe('s3 store faults', () => {
  it('serves cached models through an outage, fails saves clearly, and recovers on the same port', async () => {
    const { store } = s3Fixture(server, undefined, { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 });
    let now = 0;
    const cache = new ModelCache(store, { clock: () => now, ttlMs: 1000, ttlJitter: 0, staleRetryMs: 100 });
    const key = ['checkout', 'p99'];
    await store.save(key, makeBundle(key, 2048));
    const warm = await cache.load(key);
    expect(warm.source).toBe('store');

    const port = server.port;
    await server.down();

    expect((await cache.load(key)).source).toBe('cache');
    now += 2000; // past the ttl: the cache must ask the store, which is down
    const stale = await cache.load(key);
    expect(stale.source).toBe('stale-cache');
    expect(stale.bundle).toBe(warm.bundle);
    expect(stale.error).toBeInstanceOf(StoreUnavailableError);
    expect((await cache.load(key, 'v000000000001')).source).toBe('cache'); // named versions stay cached

    const failed = store.save(key, makeBundle(key, 2048));
    await expect(failed).rejects.toThrow(StoreUnavailableError);
    await expect(failed).rejects.toThrow(/s3 store \(s3:\/\/models-.*\): .* failed after 4 attempt\(s\): .*(ECONNREFUSED|ECONNRESET|socket hang up)/);
    await expect(cache.load(['never', 'cached'])).rejects.toThrow(StoreUnavailableError);

    await server.up();
    expect(server.port).toBe(port);
    expect(await store.save(key, makeBundle(key, 2048))).toBe('v000000000002');
    now += 200; // past staleRetryMs: the cache tries the store again
    const recovered = await cache.load(key);
    expect(recovered.source).toBe('store');
    expect(recovered.bundle?.manifest.version).toBe('v000000000002');
    expect(cache.stats()).toMatchObject({ stale: 1 });
  });

  it('names a missing bucket when it may not create one', async () => {
    const store = createStore(
      { kind: 's3', endpoint: '127.0.0.1', port: server.port, useSSL: false, bucket: 'absent-bucket', createBucket: false },
      S3_ENV,
    );
    await expect(store.load(['k'])).rejects.toThrow(StoreRequestError);
    await expect(store.save(['k'], makeBundle(['k']))).rejects.toThrow(/bucket "absent-bucket" does not exist \(create it, or set createBucket: true\)/);
  });

  it('reports refused credentials as a permanent error, not an outage', async () => {
    const store = createStore(
      { kind: 's3', endpoint: '127.0.0.1', port: server.port, useSSL: false, bucket: 'models-creds', createBucket: true, retry: { attempts: 5, baseDelayMs: 1000, maxDelayMs: 1000 } },
      { NUMALOGIC_S3_ACCESS_KEY: 'NOT-A-KEY', NUMALOGIC_S3_SECRET_KEY: 'wrong-secret' },
    );
    const attempt = store.save(['k'], makeBundle(['k']));
    await expect(attempt).rejects.toThrow(StoreRequestError);
    await expect(attempt).rejects.toThrow(/SignatureDoesNotMatch|AccessDenied|InvalidAccessKeyId/);
  });

  it('abandons and retries requests to a server that accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const store = createStore(
        { kind: 's3', endpoint: '127.0.0.1', port, useSSL: false, bucket: 'models-silent', requestTimeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
        S3_ENV,
      );
      await expect(store.load(['k'])).rejects.toThrow(/check bucket models-silent failed after 2 attempt\(s\): ETIMEDOUT: no answer within 100 ms/);
      expect(sockets.length).toBe(2);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
