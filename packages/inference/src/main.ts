// Entrypoint: node packages/inference/dist/main.js   (NUMALOGIC_MAP_MODE=batch|unary, default batch)
import { createBatchMapServer, createMapServer } from '@numalogic/numaflow';
import { ConfigError, type Config } from '@numalogic/core';
import { OnnxRunner } from '@numalogic/onnx';
import { createLogger, createMetrics, loadConfig, openModels, serveMetrics } from '@numalogic/runtime';
import { InferenceStage } from './stage.js';
import { batchInferenceHandler, unaryInferenceHandler } from './handler.js';
import { inferenceMode, type InferenceMode } from './mode.js';

const log = createLogger('inference');
let config: Config;
let mode: InferenceMode;
try {
  config = loadConfig();
  mode = inferenceMode(process.env);
} catch (err) {
  log.error({ err: err instanceof ConfigError ? err.message : String(err) }, 'bad configuration');
  process.exit(1);
}
const metrics = createMetrics();
const metricsServer = await serveMetrics(metrics);
const address = metricsServer?.address();
const { cache } = openModels(config);
const runner = new OnnxRunner({ intraOpNumThreads: 1 });
const stage = new InferenceStage({ config, cache, runner, log });
const wiring = { stage, log, metrics, vertex: process.env['NUMAFLOW_VERTEX_NAME'] ?? 'inference' };
const server = mode === 'batch' ? createBatchMapServer(batchInferenceHandler(wiring)) : createMapServer(unaryInferenceHandler(wiring));
await server.start();
log.info({ mode, socket: server.socketPath, metricsPort: typeof address === 'object' ? address?.port : null, store: config.store.kind }, 'inference serving');
