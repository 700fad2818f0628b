// Entrypoint: node packages/threshold/dist/main.js
import { createMapServer } from '@numalogic/numaflow';
import { ConfigError, type Config } from '@numalogic/core';
import { createLogger, createMetrics, loadConfig, openModels, serveMetrics } from '@numalogic/runtime';
import { ThresholdStage } from './stage.js';
import { thresholdHandler } from './handler.js';

const log = createLogger('threshold');
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
const { cache } = openModels(config);
const stage = new ThresholdStage(config, cache);
const server = createMapServer(thresholdHandler({ stage, log, metrics, vertex: process.env['NUMAFLOW_VERTEX_NAME'] ?? 'threshold' }));
await server.start();
log.info({ socket: server.socketPath, metricsPort: typeof address === 'object' ? address?.port : null, store: config.store.kind }, 'threshold serving');
