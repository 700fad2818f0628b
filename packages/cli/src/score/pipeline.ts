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
  close(): Promise<void>;
}

/**
 * The stages of the pipeline wired in one process around one store: inference, threshold and postprocess
 * share the model cache; the trainer saves into the same store and hands the cache each new version. Without
 * `storeDir` the store is this run's own (the registry's scratch store: in memory up to its budget, then a
 * temporary folder), so every run starts from no models (a fresh state, and the no-look-ahead property holds
 * for the whole run) and nothing is left behind.
 */
export function createScorePipeline(config: Config, storeDir?: string): ScorePipeline {
  const folder = storeDir === undefined ? null : path.resolve(storeDir);
  const scoped: Config = folder === null ? config : { ...config, store: { kind: 'fs', folder, keepVersions: config.store.keepVersions, cacheTtl: config.store.cacheTtl } };
  const use = { scratch: folder === null };
  const { store, cache } = openModels(scoped, {}, use);
  const histories = createHistoryStore(storeConfig(scoped, {}, use), {});
  const history = new WriteBackHistory(histories);
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
    async close() {
      await runner.close();
      if (folder !== null) await history.flush();
      await store.close?.();
      await histories.close(); // a scratch store's folder, if it needed one, goes with it
    },
  };
}
