import type { Config } from '@numalogic/core';
import { OnnxRunner } from '@numalogic/onnx';
import { openModels, type Env, type Logger } from '@numalogic/runtime';
import { InferenceStage } from './stage.js';

/**
 * The stage as the entrypoint builds it, on whichever thread scores (the main thread, or the scoring thread from
 * the same configuration and environment): the configured store through its cache, one thread per ONNX run
 * (many keys score side by side).
 */
export function entryStage(config: Config, env: Env, log: Logger): InferenceStage {
  return new InferenceStage({ config, cache: openModels(config, env).cache, runner: new OnnxRunner({ intraOpNumThreads: 1 }), log });
}
