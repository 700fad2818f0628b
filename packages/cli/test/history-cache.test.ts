import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHistoryStore, type PointHistory } from '@numalogic/registry';
import { WriteBackHistory } from '../src/score/history-cache.js';

const history = (start: number, n: number): PointHistory => ({
  features: ['value'],
  t: Array.from({ length: n }, (_, i) => (start + i) * 60_000),
  v: Array.from({ length: n }, (_, i) => [start + i]),
});

describe('WriteBackHistory (score keeps histories in memory, writes them back)', () => {
  const folders: string[] = [];
  const fsHistory = () => {
    const root = mkdtempSync(join(tmpdir(), 'history-cache-'));
    folders.push(root);
    return createHistoryStore({ kind: 'fs', root }, {});
  };
  afterEach(() => {
    for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
  });

  it('serves what was saved from memory and writes a key to the store only when it is pushed out or flushed', async () => {
    const store = fsHistory();
    const cache = new WriteBackHistory(store, 2);
    await cache.save(['a'], history(0, 5));
    await cache.save(['b'], history(10, 5));
    expect(await store.load(['a'])).toBeNull();
    expect(await cache.load(['a'])).toEqual(history(0, 5));
    await cache.save(['a'], history(0, 6)); // a is now the most recently saved; b is the oldest
    await cache.save(['c'], history(20, 5));
    expect(cache.size).toBe(2);
    expect(await store.load(['b'])).toEqual(history(10, 5));
    expect(await store.load(['a'])).toBeNull();
    // a key pushed out is read back from the store
    expect(await cache.load(['b'])).toEqual(history(10, 5));
    await cache.flush();
    expect(await store.load(['a'])).toEqual(history(0, 6));
    expect(await store.load(['c'])).toEqual(history(20, 5));
  });

  it('keeps a history held when writing it back fails, so nothing is lost', async () => {
    const store = fsHistory();
    let failing = true;
    const flaky = { load: store.load.bind(store), save: async (key: readonly string[], h: PointHistory) => (failing ? Promise.reject(new Error('disk full')) : store.save(key, h)) };
    const cache = new WriteBackHistory(flaky, 1);
    await cache.save(['a'], history(0, 5));
    await expect(cache.save(['b'], history(10, 5))).rejects.toThrow(/disk full/);
    expect(await cache.load(['a'])).toEqual(history(0, 5));
    failing = false;
    await cache.flush();
    expect(await store.load(['a'])).toEqual(history(0, 5));
    expect(await store.load(['b'])).toEqual(history(10, 5));
  });

  it('answers the store for a key it never held, and refuses a bad bound', async () => {
    const store = fsHistory();
    await store.save(['old'], history(0, 3));
    expect(await new WriteBackHistory(store).load(['old'])).toEqual(history(0, 3));
    expect(await new WriteBackHistory(store).load(['none'])).toBeNull();
    expect(() => new WriteBackHistory(store, 0)).toThrow(/maxKeys must be a positive integer, got 0/);
  });
});
