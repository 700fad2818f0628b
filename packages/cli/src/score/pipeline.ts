import path from 'node:path';
import type { Config } from '@numalogic/core';
import { InferenceStage } from '@numalogic/inference';
import { OnnxRunner } from '@numalogic/onnx';
import { PostprocessStage } from '@numalogic/postprocess';
import { openModels, type StoreUse } from '@numalogic/runtime';
import { ThresholdStage } from '@numalogic/threshold';
import { TrainerStage } from '@numalogic/trainer';
import { ScoreEngine } from './engine.js';
import { WriteBackHistory } from './history-cache.js';

export interface ScorePipeline {
  engine: ScoreEngine;
  close(): Promise<void>;
}

export interface ScorePipelineOptions {
  /** Without a storeDir: bytes the run's own store keeps in memory before it uses a temporary folder (default 256 MiB). */
  scratchMemoryBytes?: number;
}

/**
 * The stages of the pipeline wired in one process around one store: inference, threshold and postprocess
 * share the model cache; the trainer saves into the same store and hands the cache each new version. Without
 * `storeDir` the store is this run's own (the registry's scratch store: in memory up to its budget, then a
 * temporary folder), so every run starts from no models (a fresh state, and the no-look-ahead property holds
 * for the whole run) and nothing is left behind.
 */
export function createScorePipeline(config: Config, storeDir?: string, options: ScorePipelineOptions = {}): ScorePipeline {
  const folder = storeDir === undefined ? null : path.resolve(storeDir);
  const scoped: Config = folder === null ? config : { ...config, store: { kind: 'fs', folder, keepVersions: config.store.keepVersions, cacheTtl: config.store.cacheTtl } };
  const use: StoreUse = { scratch: folder === null && { memoryBytes: options.scratchMemoryBytes } };
  // One backend under the models and the histories: one scratch store, one budget, one folder.
  const { store, cache, history: histories } = openModels(scoped, {}, use);
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
      try {
        try {
          await runner.close();
        } finally {
          if (folder !== null) await history.flush();
        }
      } finally {
        await store.close(); // the histories' backend too: a scratch store's folder, if it needed one, goes with it
      }
    },
  };
}
