// Entrypoint: node packages/preprocess/dist/main.js [--role transformer|reduce]
import { createReduceServer, createSourceTransformServer } from '@numalogic/numaflow';
import { ConfigError } from '@numalogic/core';
import { createLogger, createMetrics, loadConfig, serveMetrics } from '@numalogic/runtime';
import { preprocessRole } from './role.js';
import { reduceHandler, transformHandler } from './handlers.js';
import { DEMO_EVENTS_ENV } from './demo-events.js';

const log = createLogger('preprocess');
let config;
let role;
try {
  config = loadConfig();
  role = preprocessRole(process.argv.slice(2), process.env);
  const demo = process.env[DEMO_EVENTS_ENV];
  if (demo !== undefined && demo !== '' && demo !== 'generator') throw new Error(`${DEMO_EVENTS_ENV}: expected "generator" or nothing, got "${demo}"`);
} catch (err) {
  log.error({ err: err instanceof ConfigError ? err.message : String(err) }, 'bad configuration');
  process.exit(1);
}
const metrics = createMetrics();
const metricsServer = await serveMetrics(metrics);
const address = metricsServer?.address();
const wiring = {
  config,
  log,
  metrics,
  vertex: process.env['NUMAFLOW_VERTEX_NAME'] ?? `preprocess-${role}`,
  demoEvents: process.env[DEMO_EVENTS_ENV] === 'generator',
};
const server = role === 'transformer' ? createSourceTransformServer(transformHandler(wiring)) : createReduceServer(reduceHandler(wiring));
await server.start();
log.info({ role, socket: server.socketPath, metricsPort: typeof address === 'object' ? address?.port : null, keys: config.keys, features: config.features }, 'preprocess serving');
