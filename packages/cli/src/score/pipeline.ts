import path from 'node:path';
import type { Config } from '@numalogic/core';
import { InferenceStage } from '@numalogic/inference';
import { OnnxRunner } from '@numalogic/onnx';
import { PostprocessStage } from '@numalogic/postprocess';
import { HistoryStore, MemoryBackend, VersionedStore, createHistoryStore } from '@numalogic/registry';
import { openModels, storeConfig } from '@numalogic/runtime';
import { ThresholdStage } from '@numalogic/threshold';
import { TrainerStage } from '@numalogic/trainer';
import { ScoreEngine } from './engine.js';

export interface ScorePipeline {
  engine: ScoreEngine;
  /** Where the models went: the store folder given, or `memory:score` (kept in this process only). */
  storeLocation: string;
  close(): Promise<void>;
}

/**
 * The stages of the pipeline wired in one process around one store: inference, threshold and postprocess share
 * the model cache; the trainer saves into the same store and invalidates that cache. With `storeDir` the store
 * is that fs folder (kept, and reused by the next run); without it the store lives in memory and is gone at
 * the end, so every run starts from no models (a fresh state, and the no-look-ahead property holds for the
 * whole run) and pays no disk writes for the bundles and histories it would throw away.
 */
export function createScorePipeline(config: Config, storeDir?: string): ScorePipeline {
  const memory = storeDir === undefined ? new MemoryBackend('score') : null;
  const folder = storeDir === undefined ? '' : path.resolve(storeDir);
  const scoped: Config = memory ? config : { ...config, store: { kind: 'fs', folder, keepVersions: config.store.keepVersions, cacheTtl: config.store.cacheTtl } };
  const { store, cache } = memory ? openModels(scoped, {}, new VersionedStore(memory, { keep: config.store.keepVersions })) : openModels(scoped, {});
  const history = memory ? new HistoryStore(memory) : createHistoryStore(storeConfig(scoped, {}), {});
  const runner = new OnnxRunner();
  let engine: ScoreEngine;
  // Staleness, drift and training time all follow data time: the newest row seen before the current chunk.
  const dataNow = () => engine.now;
  const inference = new InferenceStage({ config: scoped, cache, runner, now: dataNow });
  const trainer = new TrainerStage({ config: scoped, store, history, cache, runner, now: () => new Date(dataNow()) });
  engine = new ScoreEngine(scoped, {
    inference,
    threshold: new ThresholdStage(scoped, cache),
    postprocess: new PostprocessStage(scoped),
    trainer: { train: (request) => trainer.train(request.keys, [request]) },
  });
  return {
    engine,
    storeLocation: store.location,
    async close() {
      await runner.close();
      await store.close?.();
    },
  };
}
