// Entrypoint: node packages/inference/dist/main.js   (NUMALOGIC_MAP_MODE=batch|unary, default batch)
// The main thread serves gRPC and metrics; the stage scores on a worker thread (scoring/thread.ts) built from
// the same configuration and environment, unless NUMALOGIC_SCORING_THREAD=off.
import { createBatchMapServer, createMapServer } from '@numalogic/numaflow';
import { startUdfRuntime } from '@numalogic/runtime';
import { entryStage } from './entry-stage.js';
import { batchInferenceHandler, unaryInferenceHandler, type ThreadWiring, type Wiring } from './handler.js';
import { inferenceMode, scoringThreadWanted } from './mode.js';
import { ScoringThread } from './scoring/scoring-thread.js';

const { config, log, metrics, metricsPort, vertex, setup } = await startUdfRuntime('inference', (config, env, log) => {
  const mode = inferenceMode(env);
  if (scoringThreadWanted(env)) return { mode, stage: null };
  return { mode, stage: entryStage(config, env, log) };
});
let wiring: Wiring | ThreadWiring;
if (setup.stage !== null) wiring = { stage: setup.stage, log, metrics, vertex };
else {
  try {
    const thread = await ScoringThread.start((err) => {
      // The stage is gone with its thread: answering without it would lose datums, so the container restarts.
      log.error({ err: err.message }, 'scoring thread failed; exiting');
      process.exit(1);
    });
    wiring = { thread, log, metrics, vertex };
  } catch (err) {
    log.error({ err: err instanceof Error ? err.message : String(err) }, 'bad configuration');
    process.exit(1);
  }
}
const server = setup.mode === 'batch' ? createBatchMapServer(batchInferenceHandler(wiring)) : createMapServer(unaryInferenceHandler(wiring));
await server.start();
log.info({ mode: setup.mode, scoringThread: setup.stage === null, socket: server.socketPath, metricsPort, store: config.store.kind }, 'inference serving');
