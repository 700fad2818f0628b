// Entrypoint: node packages/inference/dist/main.js   (NUMALOGIC_MAP_MODE=batch|unary, default batch)
// The main thread serves gRPC and metrics; the stage scores on a worker thread (scoring/thread.ts) built from
// the same configuration and environment, unless NUMALOGIC_SCORING_THREAD=off.
import { createBatchMapServer, createMapServer } from '@numalogic/numaflow';
import { startUdfRuntime } from '@numalogic/runtime';
import { entryStage } from './entry-stage.js';
import { batchInferenceHandler, unaryInferenceHandler, type ThreadWiring, type Wiring } from './handler.js';
import { inferenceMode, scoringThreadWanted } from './mode.js';
import { ScoringThread } from './scoring/scoring-thread.js';

const { config, log, metrics, metricsPort, vertex, setup } = await startUdfRuntime('inference', async (config, env, log) => {
  const mode = inferenceMode(env);
  if (!scoringThreadWanted(env)) return { mode, scoring: { stage: entryStage(config, env, log) } };
  const thread = await ScoringThread.start((err) => {
    // The stage is gone with its thread: answering without it would lose datums, so the container restarts.
    log.error({ err: err.message }, 'scoring thread failed; exiting');
    process.exit(1);
  });
  return { mode, scoring: { thread } };
});
const wiring: Wiring | ThreadWiring = { ...setup.scoring, log, metrics, vertex };
const server = setup.mode === 'batch' ? createBatchMapServer(batchInferenceHandler(wiring)) : createMapServer(unaryInferenceHandler(wiring));
await server.start();
log.info({ mode: setup.mode, scoringThread: 'thread' in setup.scoring, socket: server.socketPath, metricsPort, store: config.store.kind }, 'inference serving');
