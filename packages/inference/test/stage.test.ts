import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeScored, decodeTrainRequest, parseConfig, windowRaw, type ConfigInput, type WindowPayload } from '@numalogic/core';
import { OnnxRunner } from '@numalogic/onnx';
import { ModelCache, createStore, type ModelStore } from '@numalogic/registry';
import { InferenceStage } from '../src/stage.js';
import { syntheticRows, trainFixtureBundle, windowOf } from '../src/bench/fixture-bundle.js';
import { tempDir } from './harness.js';

const shape = { features: ['a', 'b'], window: 8, intervalMs: 1000 };
const base: ConfigInput = {
  keys: ['service'],
  features: shape.features,
  window: { points: shape.window, intervalMs: shape.intervalMs },
  models: { dense: [{ name: 'dense-autoencoder' }], sparse: [] },
  trainer: { drift: { enabled: false } },
};
const rows = syntheticRows(600, 2);
const folder = tempDir('inference-store-');
let store: ModelStore;
let version: string;
const runner = new OnnxRunner();
const warnings: object[] = [];

function stage(overrides: Partial<ConfigInput> = {}, now?: () => number): InferenceStage {
  const config = parseConfig({ ...base, ...overrides });
  return new InferenceStage({ config, cache: new ModelCache(store, {}), runner, log: { warn: (d) => warnings.push(d) }, ...(now ? { now } : {}) });
}

beforeAll(async () => {
  store = createStore({ kind: 'fs', root: folder });
  ({ version } = await trainFixtureBundle(store, ['trained'], shape));
});
afterAll(async () => {
  await runner.close();
  rmSync(folder, { recursive: true, force: true });
});

const spiked = (w: WindowPayload): WindowPayload => {
  const values = [...w.values];
  values[values.length - 2] = values[values.length - 2]! + 25;
  return { ...w, values };
};

describe('InferenceStage', () => {
  it('scores a key with a bundle through the model, and a spike scores higher', async () => {
    const normal = windowOf(['trained'], rows, 450, shape);
    const [a, b] = await stage().scoreWindows([normal, spiked(normal)]);
    if (!a?.ok || !b?.ok) throw new Error('expected scores');
    expect(a.tag).toBe('score');
    expect(a.train).toBeNull();
    expect(a.scored.status).toBe('scored');
    expect(a.scored.scores).toEqual([{ model: { name: 'dense-autoencoder', version }, source: 'model', weight: 1, errors: [expect.any(Number), expect.any(Number)] }]);
    expect(a.scored.last).toEqual(rows[450]);
    expect(decodeScored(JSON.stringify(a.scored)).ok).toBe(true);
    expect(b.scored.scores[0]!.errors[0]!).toBeGreaterThan(5 * a.scored.scores[0]!.errors[0]!);
    expect(a.sources).toEqual(['store']);
  });

  it('gives the same errors for a window alone and inside a batch (grouped ONNX run)', async () => {
    const s = stage();
    const windows = [300, 310, 320, 330].map((end) => windowOf(['trained'], rows, end, shape));
    const together = await s.scoreWindows(windows);
    for (const [i, w] of windows.entries()) {
      const [alone] = await s.scoreWindows([w]);
      const x = together[i]!;
      if (!x.ok || !alone?.ok) throw new Error('expected scores');
      x.scored.scores[0]!.errors.forEach((e, f) => expect(e).toBeCloseTo(alone.scored.scores[0]!.errors[f]!, 5));
      expect(alone.sources).toEqual(['cache']);
    }
  });

  it('scores a key without a bundle online, status static, and asks for training', async () => {
    const w = windowOf(['never-trained'], rows, 100, shape);
    const [r] = await stage().scoreWindows([w]);
    if (!r?.ok) throw new Error('expected a score');
    expect(r.tag).toBe('static');
    expect(r.scored.status).toBe('static');
    expect(r.scored.scores[0]).toMatchObject({ source: 'online', model: { name: 'ewma-zscore', version: 'online' } });
    expect(r.train).toMatchObject({ keys: ['never-trained'], reason: 'missing', densityClass: 'dense', raw: windowRaw(w) });
    expect(decodeTrainRequest(JSON.stringify(r.train)).ok).toBe(true);
    expect(r.sources).toEqual(['none']);
  });

  it('asks for training with the points a window carries, or with its grid when it carries none', async () => {
    const grid = windowOf(['never-trained'], rows, 100, shape);
    const carried = { t: [95_000, 99_010], v: [[1, 2], [3, 4]] };
    const [withRaw, withoutRaw] = await stage().scoreWindows([{ ...grid, raw: carried }, grid]);
    expect(withRaw?.ok && withRaw.train?.raw).toEqual(carried);
    expect(withoutRaw?.ok && withoutRaw.train?.raw).toEqual({ t: [93_000, 94_000, 95_000, 96_000, 97_000, 98_000, 99_000, 100_000], v: rows.slice(93, 101) });
  });

  it('scores with a stale bundle and asks for a retrain naming the version', async () => {
    const later = () => Date.now() + 2 * 86_400_000;
    const [r] = await stage({}, later).scoreWindows([windowOf(['trained'], rows, 200, shape)]);
    if (!r?.ok) throw new Error('expected a score');
    expect(r.scored.status).toBe('stale');
    expect(r.tag).toBe('score');
    expect(r.train).toMatchObject({ reason: 'stale', version });
  });

  it('passes on a forced retrain', async () => {
    const [r] = await stage().scoreWindows([{ ...windowOf(['trained'], rows, 200, shape), force: true }]);
    expect(r?.ok && r.train?.reason).toBe('force');
  });

  it('asks for training on drift once the ring is full, then starts a new ring', async () => {
    const s = stage({ trainer: { drift: { enabled: true, windows: 3, scoreAbove: 5, fraction: 1 } } });
    const w = spiked(windowOf(['trained'], rows, 250, shape));
    const reasons = [];
    for (let i = 0; i < 4; i++) {
      const [r] = await s.scoreWindows([w]);
      reasons.push(r?.ok ? (r.train?.reason ?? null) : 'invalid');
    }
    expect(reasons).toEqual([null, null, 'drift', null]);
    const calm = stage({ trainer: { drift: { enabled: true, windows: 3, scoreAbove: 5, fraction: 1 } } });
    for (let i = 0; i < 4; i++) {
      const [r] = await calm.scoreWindows([windowOf(['trained'], rows, 250, shape)]);
      expect(r?.ok && r.train).toBeNull();
    }
  });

  it('uses the models present in an ensemble and asks for the missing one', async () => {
    const s = stage({ models: { dense: [{ name: 'dense-autoencoder', weight: 2 }, { name: 'robust-baseline', weight: 1 }] } });
    const [r] = await s.scoreWindows([windowOf(['trained'], rows, 200, shape)]);
    if (!r?.ok) throw new Error('expected a score');
    expect(r.scored.scores.map((x) => [x.model.name, x.weight])).toEqual([['dense-autoencoder', 2]]);
    expect(r.train?.reason).toBe('missing');
    expect(r.sources.sort()).toEqual(['none', 'store']);
  });

  it('ignores a bundle that does not fit the window, with a warning', async () => {
    const w = windowOf(['trained'], rows.map((r) => [...r, 1]), 200, { ...shape, features: ['a', 'b', 'c'] });
    const [r] = await stage({ features: ['a', 'b', 'c'] }).scoreWindows([w]);
    expect(r?.ok && r.scored.status).toBe('static');
    expect(warnings.some((d) => JSON.stringify(d).includes('differ from the window'))).toBe(true);
  });

  it('refuses a density class without configured models', async () => {
    const [r] = await stage().scoreWindows([windowOf(['trained'], rows, 200, shape, 'medium')]);
    expect(r).toEqual({ ok: false, reason: "window payload: no models configured for density class 'medium'" });
  });

  it('scores a class configured with no models online, without a training request', async () => {
    const [r] = await stage().scoreWindows([windowOf(['trained'], rows, 200, shape, 'sparse')]);
    expect(r?.ok && r.scored.status).toBe('static');
    expect(r?.ok && r.train).toBeNull();
  });
});
