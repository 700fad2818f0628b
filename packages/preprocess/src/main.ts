// Entrypoint: node packages/preprocess/dist/main.js [--role transformer|reduce]
import { createReduceServer, createSourceTransformServer } from '@numalogic/numaflow';
import { startUdfRuntime } from '@numalogic/runtime';
import { preprocessRole } from './role.js';
import { reduceHandler, transformHandler } from './handlers.js';
import { DEMO_EVENTS_ENV } from './demo-events.js';

const { config, log, metrics, metricsPort, setup } = await startUdfRuntime('preprocess', (_config, env) => {
  const demo = env[DEMO_EVENTS_ENV];
  if (demo !== undefined && demo !== '' && demo !== 'generator') throw new Error(`${DEMO_EVENTS_ENV}: expected "generator" or nothing, got "${demo}"`);
  const role = preprocessRole(process.argv.slice(2), env);
  return { role, demoEvents: demo === 'generator', vertex: env['NUMAFLOW_VERTEX_NAME'] ?? `preprocess-${role}` };
});
const { role, demoEvents, vertex } = setup;
const wiring = { config, log, metrics, vertex, demoEvents };
const server = role === 'transformer' ? createSourceTransformServer(transformHandler(wiring)) : createReduceServer(reduceHandler(wiring));
await server.start();
log.info({ role, socket: server.socketPath, metricsPort, keys: config.keys, features: config.features }, 'preprocess serving');
