// TrainerStage against a real fs store: every decision, idempotence, history merging, hours, staleness.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnomalyLikelihood, parseConfig, thresholdFromJSON, type LikelihoodSeed, type TrainRequest } from '@numalogic/core';
import { OnnxRunner } from '@numalogic/onnx';
import { createHistoryStore, createStore } from '@numalogic/registry';
import { TrainerStage } from '../src/stage.js';
import { MINUTE, START, overlappingRequests, points, stageFixture, testConfig, trainRequest, type StageFixture } from './helpers/fixtures.js';

const KEYS = ['checkout', 'p99'];
const BASELINE = [...KEYS, 'robust-baseline'];

let fx: StageFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

async function trained(f: StageFixture, requests: TrainRequest[] = overlappingRequests(KEYS, START, 80)) {
  const event = await f.stage.train(KEYS, requests);
  expect(event.status, event.reason).toBe('trained');
  return event;
}

describe('TrainerStage decisions', () => {
  it('is insufficient below minPoints, then trains once the history has enough, saving a complete bundle', async () => {
    fx = await stageFixture();
    const first = await fx.stage.train(KEYS, overlappingRequests(KEYS, START, 40));
    expect(first).toMatchObject({ keys: KEYS, status: 'insufficient', densityClass: 'dense', versions: [], historyPoints: 40 });
    expect(first.reason).toMatch(/40 points in history, need trainer.minPoints = 60/);
    expect(await fx.store.latestVersion(BASELINE)).toBeNull();

    const second = await fx.stage.train(KEYS, overlappingRequests(KEYS, START + 40 * MINUTE, 40));
    expect(second.status, second.reason).toBe('trained');
    expect(second.historyPoints).toBe(80);
    expect(second.versions).toEqual([{ model: 'robust-baseline', version: 'v000000000001' }]);

    const bundle = await fx.store.load(BASELINE);
    const m = bundle!.manifest;
    expect(m.key).toEqual(BASELINE);
    expect(m.model).toMatchObject({ name: 'robust-baseline', output: 'score' });
    expect(m.features).toEqual(['latency', 'errors']);
    expect(m.window).toBe(12);
    expect(m.trainedAt).toBe(new Date(START).toISOString());
    expect(m.transforms).toEqual([expect.objectContaining({ name: 'standard' })]);
    expect(m.training.samples).toBe(80 - 12 + 1);
    expect(m.training['lastPointAt']).toBe(new Date(START + 79 * MINUTE).toISOString());
    expect(m['densityClass']).toBe('dense');
    const stats = m['stats'] as Record<string, { mean: number; min: number; max: number }>;
    expect(stats['latency']!.mean).toBeGreaterThan(90);
    expect(stats['latency']!.min).toBeLessThan(stats['latency']!.max);
    // The threshold was fitted on real errors: a restorable, positive per-feature threshold.
    const threshold = thresholdFromJSON(m.threshold);
    const ratios = threshold.score({ data: Float64Array.from([0, 0]), rows: 1, cols: 2 });
    expect(Array.from(ratios.data)).toEqual([0, 0]);
    // The calibration seed: the threshold stage's state after these windows (69 of them: all short means kept).
    const seed = m['calibration'] as LikelihoodSeed;
    expect(seed.shortMeans).toHaveLength(2);
    expect(seed.shortMeans[0]).toHaveLength(80 - 12 + 1);
    expect(seed.shortMeans.flat().every(Number.isFinite)).toBe(true);
    const restored = new AnomalyLikelihood(2, parseConfig({}).calibration);
    restored.seed(seed);
    expect(restored.calibrationSize).toBe(80 - 12 + 1);
    expect(fx.logs.some((l) => l.level === 'info' && l.msg === 'model trained and saved')).toBe(true);
  });

  it('waits until the history spans trainer.minSpan, unless it is already full (maxHistory points)', async () => {
    fx = await stageFixture(testConfig({ trainer: { minPoints: 60, minSpan: '2h' } }));
    const short = await fx.stage.train(KEYS, overlappingRequests(KEYS, START, 100));
    expect(short.status).toBe('insufficient');
    expect(short.reason).toMatch(/history spans 1\.6 h, need trainer\.minSpan = 2\.0 h/); // 99 minutes
    const enough = await fx.stage.train(KEYS, overlappingRequests(KEYS, START + 100 * MINUTE, 30));
    expect(enough.status, enough.reason).toBe('trained'); // 130 points: over two hours

    // fast data: a full history of 150 points spans 2.5 minutes and will never span a day
    await fx.cleanup();
    fx = await stageFixture(testConfig({ window: { points: 12, intervalMs: 1_000 }, trainer: { minPoints: 60, maxHistory: 150, minSpan: '24h' } }));
    const fast = await fx.stage.train(KEYS, [trainRequest(KEYS, points(START, 150, 1_000))]);
    expect(fast.status, fast.reason).toBe('trained');
  });

  it('skips a key whose models are all fresh, saving no new version (idempotent)', async () => {
    fx = await stageFixture();
    await trained(fx);
    for (let i = 0; i < 3; i++) {
      const again = await fx.stage.train(KEYS, overlappingRequests(KEYS, START + 20 * MINUTE, 80));
      expect(again.status).toBe('skipped');
      expect(again.reason).toMatch(/fresh: robust-baseline v000000000001/);
      expect(again.versions).toEqual([]);
    }
    expect(await fx.store.listVersions(BASELINE)).toEqual(['v000000000001']);
  });

  it('reads the bundles it may replace through deps.models when given (score passes its cache), else the store', async () => {
    fx = await stageFixture();
    const f = fx;
    const reads: string[][] = [];
    const deps = { config: testConfig(), store: f.store, history: f.history, cache: f.cache, runner: f.runner, now: () => new Date(f.clock.now) };
    const viaCache = new TrainerStage({ ...deps, models: { load: async (key) => (reads.push([...key]), (await f.cache.load(key)).bundle) } });
    await trained({ ...f, stage: viaCache });
    // The save handed the cache the new version, so the next read through it sees it: fresh, skipped.
    const again = await viaCache.train(KEYS, overlappingRequests(KEYS, START + 20 * MINUTE, 80));
    expect(again.reason).toMatch(/fresh: robust-baseline v000000000001/);
    expect(reads).toEqual([BASELINE, BASELINE]);
    // A reader that knows no bundle makes the trainer train again, whatever the store holds.
    const blind = new TrainerStage({ ...deps, models: { load: async () => null } });
    expect((await blind.train(KEYS, overlappingRequests(KEYS, START + 20 * MINUTE, 80))).versions).toEqual([{ model: 'robust-baseline', version: 'v000000000002' }]);
  });

  it('hands each new bundle to the cache, so readers in this process see it without reading the store', async () => {
    fx = await stageFixture();
    expect((await fx.cache.load(BASELINE)).bundle).toBeNull(); // "no model" remembered
    await trained(fx);
    const seen = fx.cache.peek(BASELINE);
    expect(seen?.source).toBe('cache');
    expect(seen?.bundle?.manifest.version).toBe('v000000000001');
    expect(seen?.bundle).toEqual(await fx.store.load(BASELINE));
  });

  it('merges overlapping requests without duplicates, keeps the newest maxHistory points, sorted', async () => {
    fx = await stageFixture(testConfig({ trainer: { minPoints: 60, maxHistory: 100 } }));
    // Windows of 12 sliding by 4 over 80 minutes: every point arrives three times; deliver them newest first.
    const event = await fx.stage.train(KEYS, overlappingRequests(KEYS, START, 80).reverse());
    expect(event.historyPoints).toBe(80);
    const more = await fx.stage.train(KEYS, overlappingRequests(KEYS, START + 60 * MINUTE, 60));
    expect(more.historyPoints).toBe(100);
    const stored = await fx.history.load(KEYS);
    expect(stored!.t).toHaveLength(100);
    expect(stored!.t[0]).toBe(START + 20 * MINUTE);
    expect(stored!.t.at(-1)).toBe(START + 119 * MINUTE);
    expect(stored!.t.every((t, i) => i === 0 || t > stored!.t[i - 1]!)).toBe(true);
    // A point sent again with a new value replaces the stored one.
    const last = stored!.t.at(-1)!;
    await fx.stage.train(KEYS, [trainRequest(KEYS, { t: [last], v: [[1, 2]] }, 'force')]);
    expect((await fx.history.load(KEYS))!.v.at(-1)).toEqual([1, 2]);
  });

  it('honours the allowed UTC hours with the injected clock, still keeping the points', async () => {
    fx = await stageFixture(testConfig({ trainer: { minPoints: 60, allowedHours: [{ from: 22, to: 4 }] } }));
    fx.clock.now = Date.UTC(2026, 0, 5, 10, 30);
    const outside = await fx.stage.train(KEYS, overlappingRequests(KEYS, START, 80));
    expect(outside.status).toBe('outside-hours');
    expect(outside.reason).toMatch(/2026-01-05T10:30:00.000Z is outside the allowed training hours/);
    expect(outside.historyPoints).toBe(80);
    expect(await fx.store.latestVersion(BASELINE)).toBeNull();
    fx.clock.now = Date.UTC(2026, 0, 6, 1, 0);
    const inside = await fx.stage.train(KEYS, [trainRequest(KEYS, points(START + 80 * MINUTE, 1))]);
    expect(inside.status, inside.reason).toBe('trained');
    expect(inside.historyPoints).toBe(81);
  });

  it('retrains a fresh model on force and on drift, each time a new version', async () => {
    fx = await stageFixture();
    await trained(fx);
    const force = await fx.stage.train(KEYS, [trainRequest(KEYS, points(START + 80 * MINUTE, 1), 'force')]);
    expect(force.status, force.reason).toBe('trained');
    expect(force.versions).toEqual([{ model: 'robust-baseline', version: 'v000000000002' }]);
    const drift = await fx.stage.train(KEYS, [trainRequest(KEYS, points(START + 81 * MINUTE, 1), 'drift')]);
    expect(drift.status, drift.reason).toBe('trained');
    expect(drift.reason).toMatch(/^drift/);
    expect(drift.versions).toEqual([{ model: 'robust-baseline', version: 'v000000000003' }]);
    expect((await fx.store.load(BASELINE))!.manifest.training['replaces']).toBe('v000000000002');
  });

  it('after a model went stale, waits for enough points newer than its data before retraining', async () => {
    fx = await stageFixture();
    await trained(fx);
    fx.clock.now += 2 * 3_600_000; // retrainAfter is 1h
    const sameData = await fx.stage.train(KEYS, overlappingRequests(KEYS, START + 40 * MINUTE, 40, 12, 4, 'stale'));
    expect(sameData.status).toBe('insufficient');
    expect(sameData.reason).toMatch(/0 points newer than its data, need 30/);
    const some = await fx.stage.train(KEYS, [trainRequest(KEYS, points(START + 80 * MINUTE, 29), 'stale')]);
    expect(some.status).toBe('insufficient');
    expect(some.reason).toMatch(/29 points newer/);
    const enough = await fx.stage.train(KEYS, [trainRequest(KEYS, points(START + 109 * MINUTE, 1), 'stale')]);
    expect(enough.status, enough.reason).toBe('trained');
    expect(enough.versions).toEqual([{ model: 'robust-baseline', version: 'v000000000002' }]);
  });

  it('reports failures as events, never throwing, and backs off until retryAfter or a force', async () => {
    fx = await stageFixture(testConfig({ models: { dense: [{ name: 'prophet' }], sparse: [{ name: 'robust-baseline', options: { bogus: 1 } }] } }));
    const unknown = await fx.stage.train(KEYS, overlappingRequests(KEYS, START, 80));
    expect(unknown.status).toBe('failed');
    expect(unknown.reason).toMatch(/unknown model 'prophet' \(known: dense-autoencoder, conv-autoencoder, robust-baseline, knn-window, knn-coarse, ar-window, onnx-file, onnx-score-file\)/);
    expect(fx.logs.some((l) => l.level === 'error' && l.msg === 'training failed')).toBe(true);

    const backoff = await fx.stage.train(KEYS, [trainRequest(KEYS, points(START + 80 * MINUTE, 1))]);
    expect(backoff.status).toBe('skipped');
    expect(backoff.reason).toMatch(/back-off/);
    const forced = await fx.stage.train(KEYS, [trainRequest(KEYS, points(START + 81 * MINUTE, 1), 'force')]);
    expect(forced.status).toBe('failed');

    const badOptions = await fx.stage.train(['other'], overlappingRequests(['other'], START, 80).map((r) => ({ ...r, densityClass: 'sparse' })));
    expect(badOptions.status).toBe('failed');
    expect(badOptions.reason).toMatch(/robust-baseline: .*bogus/s);

    const noClass = await fx.stage.train(['third'], overlappingRequests(['third'], START, 80).map((r) => ({ ...r, densityClass: 'medium' })));
    expect(noClass).toMatchObject({ status: 'failed', reason: "no models configured for density class 'medium' (configured: dense, sparse)" });

    const otherFeatures = await fx.stage.train(['fourth'], [{ ...trainRequest(['fourth'], points(START, 5)), features: ['cpu'] }]);
    expect(otherFeatures.status).toBe('failed');
    expect(otherFeatures.reason).toMatch(/requests carry features \[cpu\], the configuration \[latency, errors\]/);

    const empty = await fx.stage.train(KEYS, []);
    expect(empty.status).toBe('skipped');
  });

  it('drops unusable rows of a request (ragged, t and v of different lengths) and keeps the rest', async () => {
    fx = await stageFixture();
    const good = points(START, 5);
    const event = await fx.stage.train(KEYS, [trainRequest(KEYS, { t: [...good.t, START + 99 * MINUTE], v: [...good.v.slice(0, 4), [1]] })]);
    expect(event.historyPoints).toBe(4);
  });

  it('trains every model of an ensemble class, the autoencoder included, in one call', async () => {
    fx = await stageFixture(testConfig({ models: { dense: [{ name: 'dense-autoencoder', options: { epochs: 5 } }, { name: 'robust-baseline', weight: 0.5 }], sparse: [{ name: 'robust-baseline' }] } }));
    const event = await trained(fx);
    expect(event.versions).toEqual([
      { model: 'dense-autoencoder', version: 'v000000000001' },
      { model: 'robust-baseline', version: 'v000000000001' },
    ]);
    const ae = await fx.store.load([...KEYS, 'dense-autoencoder']);
    expect(ae!.manifest.model.output).toBe('reconstruction');
    expect(ae!.manifest.training.epochs).toBeLessThanOrEqual(5);
    expect(ae!.manifest.training.loss).toBeGreaterThan(0);
    expect(fx.logs.some((l) => l.level === 'debug' && l.msg === 'training progress')).toBe(true);
  });

  it('turns a store that cannot be written into a failed event, not an exception', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'trainer-broken-'));
    const root = path.join(dir, 'not-a-folder');
    await writeFile(root, 'a file where the store should be');
    const runner = new OnnxRunner();
    try {
      const stage = new TrainerStage({ config: testConfig(), store: createStore({ kind: 'fs', root }), history: createHistoryStore({ kind: 'fs', root }), runner });
      const event = await stage.train(KEYS, overlappingRequests(KEYS, START, 80));
      expect(event.status).toBe('failed');
      expect(event.reason).toMatch(/fs store: cannot (read|write)/);
    } finally {
      await runner.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
