import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '@numalogic/core';
import { InferenceStage } from '@numalogic/inference';
import { OnnxRunner } from '@numalogic/onnx';
import { PostprocessStage } from '@numalogic/postprocess';
import { createHistoryStore } from '@numalogic/registry';
import { openModels, storeConfig } from '@numalogic/runtime';
import { ThresholdStage } from '@numalogic/threshold';
import { TrainerStage } from '@numalogic/trainer';
import { ScoreEngine } from './engine.js';
import { WriteBackHistory } from './history-cache.js';

export interface ScorePipeline {
  engine: ScoreEngine;
  /** Where the models went (a temporary folder unless a store was given). */
  storeFolder: string;
  close(): Promise<void>;
}

/**
 * The stages of the pipeline wired in one process around one fs store: inference, threshold and postprocess
 * share the model cache; the trainer saves into the same store and invalidates that cache. Without `storeDir`
 * a fresh temporary store is used and removed on close, so every run starts from no models (a fresh state,
 * and the no-look-ahead property holds for the whole run).
 */
export function createScorePipeline(config: Config, storeDir?: string): ScorePipeline {
  const temporary = storeDir === undefined;
  const folder = path.resolve(storeDir ?? mkdtempSync(path.join(tmpdir(), 'numalogic-score-')));
  const scoped: Config = { ...config, store: { kind: 'fs', folder, keepVersions: config.store.keepVersions, cacheTtl: config.store.cacheTtl } };
  // A temporary store is removed at exit, so its writes skip fsync.
  const use = { scratch: temporary };
  const { store, cache } = openModels(scoped, {}, use);
  const history = new WriteBackHistory(createHistoryStore(storeConfig(scoped, {}, use), {}));
  const runner = new OnnxRunner();
  let engine: ScoreEngine;
  // Staleness, drift and training time all follow data time: the newest row seen before the current chunk.
  const dataNow = () => engine.now;
  const inference = new InferenceStage({ config: scoped, cache, runner, now: dataNow });
  // This process is the store's only writer: the trainer reads the current bundles through the cache, which it
  // keeps exact by handing it each new version (ModelCache.saved), and the histories from memory.
  const models = { load: async (key: readonly string[]) => (await cache.load(key)).bundle };
  const trainer = new TrainerStage({ config: scoped, store, models, history, cache, runner, now: () => new Date(dataNow()) });
  engine = new ScoreEngine(scoped, {
    inference,
    threshold: new ThresholdStage(scoped, cache),
    postprocess: new PostprocessStage(scoped),
    trainer: { train: (request) => trainer.train(request.keys, [request]) },
  });
  return {
    engine,
    storeFolder: folder,
    async close() {
      await runner.close();
      if (!temporary) await history.flush();
      await store.close?.();
      if (temporary) rmSync(folder, { recursive: true, force: true });
    },
  };
}
