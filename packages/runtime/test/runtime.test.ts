import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '@numalogic/core';
import { createLogger, createMetrics, invalidDatum, loadConfig, openModels, serveMetrics, storeConfig } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'runtime-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('works with no file at all (the defaults)', () => {
    const config = loadConfig({});
    expect(config.store.kind).toBe('fs');
    expect(config.features.length).toBeGreaterThan(0);
  });

  it('reads YAML, then NUMALOGIC_OVERRIDES, then the store variables, in that order', () => {
    const path = file('a.yaml', 'keys: [service, region]\nfeatures: [cpu, mem]\ntrainer: { minPoints: 600 }\nstore: { kind: fs, folder: ./m, keepVersions: 3 }\n');
    const config = loadConfig({ NUMALOGIC_CONFIG: path, NUMALOGIC_OVERRIDES: '{"trainer":{"minPoints":120}}', NUMALOGIC_STORE_FOLDER: '/tmp/elsewhere' });
    expect(config.keys).toEqual(['service', 'region']);
    expect(config.trainer.minPoints).toBe(120);
    expect(config.store).toMatchObject({ kind: 'fs', folder: '/tmp/elsewhere', keepVersions: 3 });
  });

  it('keeps store settings given for no kind in particular under a store variable, drops those of another kind', () => {
    const kindless = loadConfig({ NUMALOGIC_OVERRIDES: '{"store":{"cacheTtl":50}}', NUMALOGIC_STORE_FOLDER: '/tmp/m' });
    expect(kindless.store).toMatchObject({ kind: 'fs', folder: '/tmp/m', cacheTtl: 50 });
    const s3 = loadConfig({ NUMALOGIC_OVERRIDES: '{"store":{"kind":"s3","endpoint":"minio:9000","cacheTtl":50}}', NUMALOGIC_STORE_FOLDER: '/tmp/m' });
    expect(s3.store).toMatchObject({ kind: 'fs', folder: '/tmp/m', cacheTtl: 300_000 });
  });

  it('switches to s3 from the environment, credentials by variable name only', () => {
    const config = loadConfig({ NUMALOGIC_S3_ENDPOINT: 'minio:9000', NUMALOGIC_S3_BUCKET: 'models', NUMALOGIC_S3_USE_SSL: 'false' });
    expect(config.store).toMatchObject({ kind: 's3', endpoint: 'minio:9000', bucket: 'models', useSSL: false });
    expect(storeConfig(config, { NUMALOGIC_S3_CREATE_BUCKET: 'true' })).toMatchObject({ endpoint: 'minio', port: 9000, useSSL: false, createBucket: true });
    // a scratch store is the registry's own scratch kind, whatever the configuration names
    expect(storeConfig(config, {}, { scratch: true })).toEqual({ kind: 'scratch', keep: config.store.keepVersions });
    const fs = loadConfig({ NUMALOGIC_STORE_FOLDER: '/tmp/m' });
    expect(storeConfig(fs, {})).toMatchObject({ kind: 'fs', root: '/tmp/m' });
    expect(storeConfig(fs, {}, { scratch: true })).toEqual({ kind: 'scratch', keep: fs.store.keepVersions });
    expect(storeConfig(fs, {}, { scratch: { memoryBytes: 0 } })).toEqual({ kind: 'scratch', keep: fs.store.keepVersions, memoryBytes: 0 });
    expect(storeConfig(fs, {}, { scratch: {} })).toEqual({ kind: 'scratch', keep: fs.store.keepVersions });
    expect(storeConfig(fs, {}, { scratch: false })).toMatchObject({ kind: 'fs', root: '/tmp/m' });
  });

  it('names every bad field, and a missing or broken file', () => {
    const bad = file('bad.yaml', 'features: []\nwindow: { points: -1 }\n');
    try {
      loadConfig({ NUMALOGIC_CONFIG: bad });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/features/);
      expect((err as Error).message).toMatch(/window\.points/);
    }
    expect(() => loadConfig({ NUMALOGIC_CONFIG: join(dir, 'missing.yaml') })).toThrow(/cannot read NUMALOGIC_CONFIG/);
    expect(() => loadConfig({ NUMALOGIC_CONFIG: file('broken.yaml', 'keys: [a\n') })).toThrow(/not valid YAML/);
  });
});

describe('createLogger', () => {
  it('writes JSON lines with the vertex, and never a credential', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = createLogger('inference', { NUMAFLOW_VERTEX_NAME: 'inference-dense' }, sink);
    log.info({ store: { accessKey: 'AKIA-SECRET', secretKey: 'very-secret', bucket: 'b' } }, 'opened');
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({ component: 'inference', vertex: 'inference-dense', msg: 'opened' });
    expect(lines[0]).not.toMatch(/AKIA-SECRET|very-secret/);
    expect(entry.store.bucket).toBe('b');
  });
});

describe('metrics', () => {
  it('serves the counters over HTTP on a free port, and can be switched off', async () => {
    const metrics = createMetrics();
    metrics.datumsOut.inc({ vertex: 'v', tag: 'score' }, 3);
    const server = await serveMetrics(metrics, { NUMALOGIC_METRICS_PORT: '0' });
    const address = server?.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const text = await (await fetch(`http://127.0.0.1:${address.port}/metrics`)).text();
    expect(text).toMatch(/numalogic_datums_out_total\{vertex="v",tag="score"\} 3/);
    expect((await fetch(`http://127.0.0.1:${address.port}/other`)).status).toBe(404);
    server?.close();
    expect(await serveMetrics(metrics, { NUMALOGIC_METRICS_PORT: 'off' })).toBeNull();
    await expect(serveMetrics(metrics, { NUMALOGIC_METRICS_PORT: 'x' })).rejects.toThrow(/NUMALOGIC_METRICS_PORT/);
  });
});

describe('openModels', () => {
  const manifest = (key: string[]) => ({
    key, trainedAt: new Date().toISOString(), model: { name: 'm', options: {}, output: 'score' as const },
    features: ['value'], window: 2, transforms: [], threshold: null, training: { samples: 1, durationMs: 1 },
  });

  it('opens the fs store of the configuration, with a cache in front', async () => {
    const config = loadConfig({ NUMALOGIC_STORE_FOLDER: join(dir, 'store') });
    const { store, cache } = openModels(config, {});
    const manifest = {
      key: ['a'], trainedAt: new Date().toISOString(), model: { name: 'm', options: {}, output: 'score' as const },
      features: ['value'], window: 2, transforms: [], threshold: null, training: { samples: 1, durationMs: 1 },
    };
    const version = await store.save(['a'], { manifest, model: new Uint8Array([1, 2, 3]) });
    const first = await cache.load(['a']);
    const second = await cache.load(['a']);
    expect(first.source).toBe('store');
    expect(second.source).toBe('cache');
    expect(second.bundle?.manifest.version).toBe(version);
    await store.close();
  });

  it('keeps the histories on the backend of the store: one scratch store (one budget, one folder), gone at close', async () => {
    const tmp = mkdtempSync(join(dir, 'tmpdir-'));
    vi.stubEnv('TMPDIR', tmp);
    try {
      // A budget of 0 sends every file to the scratch store's folder, so each backend would show as a folder.
      const { store, history } = openModels(loadConfig({}), {}, { scratch: { memoryBytes: 0 } });
      await store.save(['a'], { manifest: manifest(['a']), model: new Uint8Array([1, 2, 3]) });
      const points = { features: ['value'], t: [1, 2], v: [[1], [2]] };
      await history.save(['a'], points);
      const folders = readdirSync(tmp);
      expect(folders).toHaveLength(1);
      expect(folders[0]).toMatch(/^numalogic-scratch-/);
      expect(await history.load(['a'])).toEqual(points);
      await store.close();
      await history.close(); // the same backend again: harmless
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('remembers "no model yet" no longer than a model (a short cacheTtl sees a new first model as soon)', async () => {
    const config = loadConfig({ NUMALOGIC_STORE_FOLDER: join(dir, 'store-ttl'), NUMALOGIC_OVERRIDES: '{"store":{"cacheTtl":50}}' });
    const { store, cache } = openModels(config, {});
    expect((await cache.load(['b'])).bundle).toBeNull();
    const manifest = {
      key: ['b'], trainedAt: new Date().toISOString(), model: { name: 'm', options: {}, output: 'score' as const },
      features: ['value'], window: 2, transforms: [], threshold: null, training: { samples: 1, durationMs: 1 },
    };
    const version = await store.save(['b'], { manifest, model: new Uint8Array([1]) });
    expect((await cache.load(['b'])).bundle).toBeNull(); // remembered...
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await cache.load(['b'])).bundle?.manifest.version).toBe(version); // ...for 50 ms, not the cache's 5 s
    await store.close();
  });
});

describe('invalidDatum', () => {
  it('counts the datum invalid (and out, unless the caller counts), logs it at warn and encodes an invalid output', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = createLogger('threshold', {}, sink);
    const metrics = createMetrics();
    const bad = { keys: ['api'], eventTime: 60_000, reason: 'errors has 1 value for 2 features', kind: 'scored', message: 'invalid scored payload' };
    const bytes = invalidDatum({ metrics, log, vertex: 'v' }, bad);
    invalidDatum({ metrics, log, vertex: 'v' }, { ...bad, fields: { keys: ['logged'] } }, false);
    expect(JSON.parse(new TextDecoder().decode(bytes))).toMatchObject({ keys: ['api'], timestamp: 60_000, status: 'invalid', anomalyScore: 0, reason: bad.reason });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/numalogic_datums_invalid_total\{vertex="v",reason="scored"\} 2/);
    expect(text).toMatch(/numalogic_datums_out_total\{vertex="v",tag="invalid"\} 1/);
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.level, e.msg, e.keys])).toEqual([
      [40, 'invalid scored payload', ['api']],
      [40, 'invalid scored payload', ['logged']],
    ]);
  });
});
