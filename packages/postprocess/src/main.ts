// Entrypoint: node packages/postprocess/dist/main.js
import { createMapServer } from '@numalogic/numaflow';
import { ConfigError, type Config } from '@numalogic/core';
import { createLogger, createMetrics, loadConfig, serveMetrics } from '@numalogic/runtime';
import { PostprocessStage } from './stage.js';
import { postprocessHandler } from './handler.js';

const log = createLogger('postprocess');
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  log.error({ err: err instanceof ConfigError ? err.message : String(err) }, 'bad configuration');
  process.exit(1);
}
const metrics = createMetrics();
const metricsServer = await serveMetrics(metrics);
const address = metricsServer?.address();
const stage = new PostprocessStage(config);
const server = createMapServer(postprocessHandler({ stage, log, metrics, vertex: process.env['NUMAFLOW_VERTEX_NAME'] ?? 'postprocess' }));
await server.start();
log.info({ socket: server.socketPath, metricsPort: typeof address === 'object' ? address?.port : null, alertLevel: config.postprocess.alertLevel }, 'postprocess serving');
