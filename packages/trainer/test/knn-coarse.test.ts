// A coarse model end to end: the trainer cuts windows of points x coarseBlock rows and reduces them to block
// means; inference keeps each key's recent rows and builds the same block means, so the bundle scores the key's
// longer context. A shift that lasts longer than the fine window is what the coarse model is for.
import { afterEach, describe, expect, it } from 'vitest';
import { InferenceStage } from '@numalogic/inference';
import { blockMeansInto } from '@numalogic/core';
import { configuredTrainingWindows } from '../src/index.js';
import { MINUTE, START, fixtureWindow, overlappingRequests, points, stageFixture, testConfig, type StageFixture } from './helpers/fixtures.js';

const KEYS = ['checkout', 'p99'];
const BLOCK = 4;
const models = { dense: [{ name: 'knn-window' }, { name: 'knn-coarse' }], sparse: [{ name: 'robust-baseline' }] };
const config = () => testConfig({ models, window: { points: 12, intervalMs: MINUTE, coarseBlock: BLOCK } });

let fx: StageFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

/** The window of the 12 minutes ending at `end`, latency shifted by `shift` from `from` on. */
const windowAt = (end: number, shift = 0, from = Infinity) => fixtureWindow(KEYS, end - 11 * MINUTE, 0, shift, from);

describe('knn-coarse', () => {
  it('trains on block means of the key history, records the block size, and is scored from the key context', async () => {
    fx = await stageFixture(config());
    const event = await fx.stage.train(KEYS, overlappingRequests(KEYS, START, 240));
    expect(event.status, event.reason).toBe('trained');
    expect(event.versions.map((v) => v.model)).toEqual(['knn-window', 'knn-coarse']);
    const coarse = (await fx.store.load([...KEYS, 'knn-coarse']))!.manifest;
    expect(coarse['blockSize']).toBe(BLOCK);
    expect(coarse.window).toBe(12);
    // 240 points give 240 - 12 x 4 + 1 coarse windows
    expect(coarse.training.samples).toBe(240 - 12 * BLOCK + 1);

    const after = START + 240 * MINUTE;
    const inference = new InferenceStage({ config: config(), cache: fx.cache, runner: fx.runner, now: () => Date.parse(coarse.trainedAt) }); // fresh bundles
    // The first windows: the key's context holds fewer than 48 rows, so only knn-window scores (not missing).
    const [first] = await inference.scoreWindows([windowAt(after + 11 * MINUTE)]);
    if (!first?.ok) throw new Error(JSON.stringify(first));
    expect(first.scored.scores.map((s) => s.model.name)).toEqual(['knn-window']);
    expect(first.train?.reason ?? null).toBeNull();
    // A context's worth of windows later both models score, and a shift lasting half an hour raises the
    // coarse model's error far above its normal level.
    const normal = [];
    for (let m = 12; m < 60; m++) normal.push(windowAt(after + m * MINUTE));
    const scoredNormal = await inference.scoreWindows(normal);
    const last = scoredNormal.at(-1)!;
    if (!last.ok) throw new Error(JSON.stringify(last));
    expect(last.scored.scores.map((s) => s.model.name)).toEqual(['knn-window', 'knn-coarse']);
    const coarseError = (r: (typeof scoredNormal)[number]) => (r.ok ? Math.max(...r.scored.scores.find((s) => s.model.name === 'knn-coarse')!.errors) : NaN);
    const shifted = [];
    const shiftFrom = after + 60 * MINUTE;
    for (let m = 60; m < 90; m++) shifted.push(windowAt(after + m * MINUTE, 30, shiftFrom));
    const scoredShifted = await inference.scoreWindows(shifted);
    expect(coarseError(scoredShifted.at(-1)!)).toBeGreaterThan(3 * coarseError(last));
  });

  it('fits its threshold on held-out windows that do not overlap in time (points x coarseBlock apart), unless configured', async () => {
    const heldOutErrorMean = async (options: Record<string, unknown>) => {
      const f = await stageFixture(testConfig({ models: { dense: [{ name: 'knn-coarse', options }], sparse: [] }, window: { points: 12, intervalMs: MINUTE, coarseBlock: BLOCK } }));
      try {
        const event = await f.stage.train(KEYS, overlappingRequests(KEYS, START, 240));
        expect(event.status, event.reason).toBe('trained');
        const manifest = (await f.store.load([...KEYS, 'knn-coarse']))!.manifest;
        return (manifest.training['errorMean'] as number[])[0]!;
      } finally {
        await f.cleanup();
      }
    };
    const byDefault = await heldOutErrorMean({});
    const apart = await heldOutErrorMean({ exclusion: 12 * BLOCK });
    const overlapping = await heldOutErrorMean({ exclusion: 12 });
    // The default skips a coarse window's whole span (the trainer's block-mean windows carry it)...
    expect(byDefault).toBe(apart);
    // ...not one window length: windows 12 points apart still share 36 of their 48 points, far closer than fresh ones.
    expect(byDefault).toBeGreaterThan(1.5 * overlapping);
  });

  it('skips a coarse model while the history is shorter than one coarse window, training the others', async () => {
    fx = await stageFixture(testConfig({ models, window: { points: 12, intervalMs: MINUTE, coarseBlock: 30 } }));
    const event = await fx.stage.train(KEYS, overlappingRequests(KEYS, START, 240));
    expect(event.status, event.reason).toBe('trained');
    expect(event.versions.map((v) => v.model)).toEqual(['knn-window']);
    expect(await fx.store.load([...KEYS, 'knn-coarse'])).toBeNull();
  });

  it('block means of long windows, cut as they are cut: each row the mean of its block, oldest first', () => {
    const history = points(START, 60);
    const window = { points: 36, intervalMs: MINUTE, fill: { method: 'hold' as const, limit: 3 }, coarseBlock: 3 };
    const long = configuredTrainingWindows(history, { window });
    const coarse = configuredTrainingWindows(history, { window }, undefined, 3);
    expect(coarse.count).toBe(60 - 36 + 1);
    expect([coarse.window, coarse.span, coarse.complete]).toEqual([12, 36, long.complete]);
    // coarse window 0 covers points 0..35: its row b is the mean of points 3b..3b+2
    for (let b = 0; b < 12; b++) {
      const mean = (history.v[3 * b]![0]! + history.v[3 * b + 1]![0]! + history.v[3 * b + 2]![0]!) / 3;
      expect(coarse.data[b * 2]).toBeCloseTo(mean, 9);
    }
    // Bit for bit what core's blockMeansInto makes of each long window (what inference computes from its ring).
    const expected = new Float64Array(coarse.data.length);
    for (let w = 0; w < long.count; w++) blockMeansInto(long.data, w * 36, long.count * 36, 12, 3, 2, expected, w * 24);
    expect(coarse.data).toEqual(expected);
    expect(() => configuredTrainingWindows(history, { window }, undefined, 5)).toThrow(/blockSize must be a positive integer dividing points \(36\), got 5/);
  });
});
