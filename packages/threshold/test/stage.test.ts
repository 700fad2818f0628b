import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeThreshold, likelihoodSeed, parseConfig, type ScoredPayload } from '@numalogic/core';
import { ModelCache, createStore, type ModelStore } from '@numalogic/registry';
import { ThresholdStage, ONLINE_RATIO_DIVISOR } from '../src/stage.js';
import { tempDir } from './harness.js';
import { saveThresholdBundle } from './fixture.js';

const folder = tempDir('threshold-store-');
let store: ModelStore;
let v1: string;
let v2: string;
// std-dev k=3 over [1, 3] per feature... errors 1 and 3: mean 2, population std 1 -> threshold 5 (a), 10 (b)
const errorsV1 = [[1, 6], [3, 8], [1, 6], [3, 8]];
const errorsV2 = [[10, 10], [10, 10]];

beforeAll(async () => {
  store = createStore({ kind: 'fs', root: folder });
  v1 = await saveThresholdBundle(store, ['api', 'dense-autoencoder'], errorsV1, ['a', 'b']);
  v2 = await saveThresholdBundle(store, ['api', 'dense-autoencoder'], errorsV2, ['a', 'b']);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// The ratio tests below are about the threshold itself: calibration off. Calibration has its own tests.
const config = parseConfig({ features: ['a', 'b'], limits: { b: { upper: 100 } }, calibration: { method: 'none' }, ensemble: 'mean' });
const calibrated = parseConfig({ features: ['a', 'b'], calibration: { short: 2, long: 40, minLong: 20 } });
const scored = (over: Partial<ScoredPayload> = {}): ScoredPayload => ({
  keys: ['api'],
  features: ['a', 'b'],
  end: 60_000,
  densityClass: 'dense',
  status: 'scored',
  scores: [{ model: { name: 'dense-autoencoder', version: '' }, source: 'model', weight: 1, errors: [10, 20] }],
  last: [1, 100],
  ...over,
});

describe('ThresholdStage', () => {
  it('divides errors by the threshold of the same bundle version the score came from', async () => {
    const stage = new ThresholdStage(config, new ModelCache(store, {}));
    const withV1 = await stage.apply(scored({ scores: [{ model: { name: 'dense-autoencoder', version: v1 }, source: 'model', weight: 1, errors: [10, 20] }] }));
    const withV2 = await stage.apply(scored({ scores: [{ model: { name: 'dense-autoencoder', version: v2 }, source: 'model', weight: 1, errors: [10, 20] }] }));
    if (!withV1.ok || !withV2.ok) throw new Error('expected ratios');
    expect(withV1.payload.ratios[0]).toBeCloseTo(10 / 5, 6);
    expect(withV1.payload.ratios[1]).toBeCloseTo(20 / 10, 6);
    // v2's errors are constant 10: threshold 10 per feature
    expect(withV2.payload.ratios[0]).toBeCloseTo(1, 6);
    expect(withV1.payload.model).toEqual({ name: 'dense-autoencoder', version: v1 });
    expect(decodeThreshold(JSON.stringify(withV1.payload)).ok).toBe(true);
  });

  it('gives static-limit ratios of the last row: 1 at the limit, 0 without a limit', async () => {
    const stage = new ThresholdStage(config, new ModelCache(store, {}));
    const r = await stage.apply(scored({ scores: [{ model: { name: 'ewma-zscore', version: 'online' }, source: 'online', weight: 1, errors: [0.5, 2] }] }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.payload.staticRatios[0]).toBe(0);
    expect(r.payload.staticRatios[1]).toBeCloseTo(1, 6);
    expect(r.payload.ratios).toEqual([0.5 / ONLINE_RATIO_DIVISOR, 2 / ONLINE_RATIO_DIVISOR]);
    expect(r.sources).toEqual([]);
  });

  it('takes the weighted mean of the ensemble per feature', async () => {
    const stage = new ThresholdStage(config, new ModelCache(store, {}));
    const r = await stage.apply(
      scored({
        scores: [
          { model: { name: 'dense-autoencoder', version: v1 }, source: 'model', weight: 3, errors: [10, 20] },
          { model: { name: 'ewma-zscore', version: 'online' }, source: 'online', weight: 1, errors: [6, 6] },
        ],
      }),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.payload.ratios[0]).toBeCloseTo((3 * 2 + 6) / 4, 6);
    expect(r.payload.ratios[1]).toBeCloseTo((3 * 2 + 6) / 4, 6);
  });

  it('takes the largest ratio per feature with ensemble max', async () => {
    const stage = new ThresholdStage({ ...config, ensemble: 'max' }, new ModelCache(store, {}));
    const r = await stage.apply(
      scored({
        scores: [
          { model: { name: 'dense-autoencoder', version: v1 }, source: 'model', weight: 3, errors: [10, 5] },
          { model: { name: 'ewma-zscore', version: 'online' }, source: 'online', weight: 1, errors: [1, 6] },
        ],
      }),
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.payload.ratios).toEqual([2, 6]); // v1: 10 / 5 and 5 / 10; online ratios as they are
  });

  it('refuses a version that is not in the store and errors of the wrong length', async () => {
    const stage = new ThresholdStage(config, new ModelCache(store, {}));
    const missing = await stage.apply(scored({ scores: [{ model: { name: 'dense-autoencoder', version: 'v000000000099' }, source: 'model', weight: 1, errors: [1, 1] }] }));
    expect(missing).toEqual({ ok: false, reason: 'model dense-autoencoder v000000000099: version not in the store' });
    const short = await stage.apply(scored({ scores: [{ model: { name: 'x', version: 'online' }, source: 'online', weight: 1, errors: [1] }] }));
    expect(short.ok).toBe(false);
    const badVersion = await stage.apply(scored({ scores: [{ model: { name: 'dense-autoencoder', version: '../../etc' }, source: 'model', weight: 1, errors: [1, 1] }] }));
    expect(badVersion).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot load/) });
  });

  it('refuses a bundle whose threshold cannot be restored or does not fit, calibrated or not', async () => {
    const bad = await saveThresholdBundle(store, ['api', 'broken'], errorsV1, ['a', 'b'], { threshold: { kind: 'no-such-threshold' } });
    // fitted on three features: it cannot judge two
    const wide = await saveThresholdBundle(store, ['api', 'wide'], [[1, 2, 3], [2, 3, 4]], ['a', 'b', 'c']);
    for (const settings of [config, calibrated]) {
      const stage = new ThresholdStage(settings, new ModelCache(store, {}));
      const of = (name: string, version: string) => scored({ scores: [{ model: { name, version }, source: 'model', weight: 1, errors: [1, 1] }] });
      for (let i = 0; i < 30; i++) {
        // past minLong windows, so the calibrated stage would no longer need the bundle's threshold
        expect(await stage.apply(of('broken', bad))).toMatchObject({ ok: false, reason: expect.stringMatching(/^model broken v\d+: unusable threshold/) });
        expect(await stage.apply(of('wide', wide))).toMatchObject({ ok: false, reason: expect.stringMatching(/^model wide v\d+: threshold does not fit the errors/) });
      }
    }
  });

  describe('calibration (likelihood)', () => {
    const online = (errors: number[], keys = ['api']) =>
      scored({ keys, scores: [{ model: { name: 'ewma-zscore', version: 'online' }, source: 'online', weight: 1, errors }] });
    const wobble = (i: number) => 1 + 0.1 * Math.sin(i);

    const model = (errors: number[]) =>
      scored({ scores: [{ model: { name: 'dense-autoencoder', version: v1 }, source: 'model', weight: 1, errors }] });

    it('uses the uncalibrated ratio until minLong windows, then surprise / alarmSurprise, per key', async () => {
      const stage = new ThresholdStage(calibrated, new ModelCache(store, {}));
      for (let i = 0; i < 20; i++) {
        const r = await stage.apply(model([wobble(i), wobble(i)]));
        if (!r.ok) throw new Error(r.reason);
        expect(r.payload.ratios[0]).toBeCloseTo(wobble(i) / 5, 9); // not calibrated yet: error / v1's threshold
      }
      const calm = await stage.apply(model([wobble(20), wobble(20)]));
      if (!calm.ok) throw new Error(calm.reason);
      expect(calm.payload.ratios[0]).toBeLessThan(0.3);
      await stage.apply(model([30, wobble(21)]));
      const risen = await stage.apply(model([30, wobble(22)]));
      if (!risen.ok) throw new Error(risen.reason);
      expect(risen.payload.ratios[0]).toBeGreaterThan(1); // past the alarm surprise
      expect(risen.payload.ratios[1]).toBeLessThan(0.3);
      // another key has its own calibration: the same raw 30 is just its first, uncalibrated window
      const web = await saveThresholdBundle(store, ['web', 'dense-autoencoder'], errorsV1, ['a', 'b']);
      const other = await stage.apply(
        scored({ keys: ['web'], scores: [{ model: { name: 'dense-autoencoder', version: web }, source: 'model', weight: 1, errors: [30, 1] }] }),
      );
      if (!other.ok) throw new Error(other.reason);
      expect(other.payload.ratios[0]).toBeCloseTo(30 / 5, 9);
    });

    it('maps an online z / k by its two-sided Gaussian tail, corrected for the number of features', async () => {
      const stage = new ThresholdStage(calibrated, new ModelCache(store, {}));
      // ewma-zscore's k is 3: ratio 1 is z = 3, a two-sided tail of 0.0027; ratio 2 is z = 6
      const r = await stage.apply(online([1, 2]));
      if (!r.ok) throw new Error(r.reason);
      const expected = (p: number) => (-Math.log10(p) - Math.log10(2)) / 5;
      expect(r.payload.ratios[0]).toBeCloseTo(expected(2.6997961e-3), 4);
      expect(r.payload.ratios[1]).toBeCloseTo(expected(1.973175e-9), 3);
    });

    it('starts calibrated from a seed carried by the bundle version the score came from', async () => {
      const history = Array.from({ length: 60 }, (_, i) => [wobble(i), wobble(i)]).flat();
      const seed = likelihoodSeed(history, 60, 2, calibrated.calibration);
      const seeded = await saveThresholdBundle(store, ['seeded', 'dense-autoencoder'], errorsV1, ['a', 'b'], { calibration: seed });
      const stage = new ThresholdStage(calibrated, new ModelCache(store, {}));
      const model = (errors: number[]) =>
        scored({ keys: ['seeded'], scores: [{ model: { name: 'dense-autoencoder', version: seeded }, source: 'model', weight: 1, errors }] });
      await stage.apply(model([40, 1]));
      const r = await stage.apply(model([40, 1]));
      if (!r.ok) throw new Error(r.reason);
      expect(r.payload.ratios[0]).toBeGreaterThan(1);
      expect(r.payload.ratios[1]).toBeLessThan(0.3);
    });
  });
});
