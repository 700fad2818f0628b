// Entrypoint: node packages/inference/dist/main.js   (NUMALOGIC_MAP_MODE=batch|unary, default batch)
import { createBatchMapServer, createMapServer } from '@numalogic/numaflow';
import { OnnxRunner } from '@numalogic/onnx';
import { openModels, startUdfRuntime } from '@numalogic/runtime';
import { InferenceStage } from './stage.js';
import { batchInferenceHandler, unaryInferenceHandler } from './handler.js';
import { inferenceMode } from './mode.js';

const { config, log, metrics, metricsPort, vertex, setup } = await startUdfRuntime('inference', (config, env, log) => {
  const mode = inferenceMode(env);
  const runner = new OnnxRunner({ intraOpNumThreads: 1 });
  return { mode, stage: new InferenceStage({ config, cache: openModels(config, env).cache, runner, log }) };
});
const wiring = { stage: setup.stage, log, metrics, vertex };
const server = setup.mode === 'batch' ? createBatchMapServer(batchInferenceHandler(wiring)) : createMapServer(unaryInferenceHandler(wiring));
await server.start();
log.info({ mode: setup.mode, socket: server.socketPath, metricsPort, store: config.store.kind }, 'inference serving');
