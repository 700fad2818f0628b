// Entrypoint: node packages/threshold/dist/main.js
import { createMapServer } from '@numalogic/numaflow';
import { openModels, startUdfRuntime } from '@numalogic/runtime';
import { ThresholdStage } from './stage.js';
import { thresholdHandler } from './handler.js';

const { config, log, metrics, metricsPort, vertex, setup: stage } = await startUdfRuntime('threshold', (config, env) => {
  return new ThresholdStage(config, openModels(config, env).cache);
});
const server = createMapServer(thresholdHandler({ stage, log, metrics, vertex }));
await server.start();
log.info({ socket: server.socketPath, metricsPort, store: config.store.kind }, 'threshold serving');
