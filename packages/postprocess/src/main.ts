// Entrypoint: node packages/postprocess/dist/main.js
import { createMapServer } from '@numalogic/numaflow';
import { startUdfRuntime } from '@numalogic/runtime';
import { PostprocessStage } from './stage.js';
import { postprocessHandler } from './handler.js';

const { config, log, metrics, metricsPort, vertex, setup: stage } = await startUdfRuntime('postprocess', (config) => new PostprocessStage(config));
const server = createMapServer(postprocessHandler({ stage, log, metrics, vertex }));
await server.start();
log.info({ socket: server.socketPath, metricsPort, alertLevel: config.postprocess.alertLevel }, 'postprocess serving');
