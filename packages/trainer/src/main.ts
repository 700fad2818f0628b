// The trainer UDF: a reduce server (fixed window keyed by composite key). Each window of a key brings that key's
// training requests; one TrainerStage.train per key per window, its TrainingEvent is the result (no tag).
import { decodeTrainRequest, encodePayload, type TrainRequest } from '@numalogic/core';
import { createReduceServer, Message } from '@numalogic/numaflow';
import { OnnxRunner } from '@numalogic/onnx';
import { openModels, startUdfRuntime } from '@numalogic/runtime';
import { TrainerStage } from './stage.js';

const { log, metrics, metricsPort, vertex, setup: stage } = await startUdfRuntime('trainer', (config, env, log) => {
  // No model cache: nothing in this process reads bundles through one (the trainer reads the store, which
  // other replicas write too), and one handed each new bundle would only hold them in memory.
  const { store, history } = openModels(config, env);
  log.info({ store: store.location, models: config.models, trainer: config.trainer }, 'trainer configured');
  return new TrainerStage({ config, store, history, runner: new OnnxRunner(), log });
});

const server = createReduceServer(
  async (keys, datums) => {
    const requests: TrainRequest[] = [];
    for await (const datum of datums) {
      metrics.datumsIn.inc({ vertex });
      const decoded = decodeTrainRequest(datum.value);
      const reason = !decoded.ok ? decoded.reason : sameKeys(decoded.value.keys, keys) ? null : 'train request: keys differ from the message keys';
      if (reason !== null) {
        metrics.invalid.inc({ vertex, reason: decoded.ok ? 'keys-mismatch' : 'malformed' });
        log.warn({ keys, reason }, 'invalid training request skipped');
        continue;
      }
      if (decoded.ok) requests.push(decoded.value);
    }
    if (requests.length === 0) return [];
    const stop = metrics.latency.startTimer({ vertex });
    const event = await stage.train(keys, requests);
    stop();
    metrics.trainings.inc({ vertex, status: event.status });
    metrics.datumsOut.inc({ vertex, tag: 'none' });
    return [new Message(encodePayload(event), { keys })];
  },
  { logger: { info: (message) => log.info(message), error: (message, err) => log.error({ err }, message) } },
);
await server.start();
log.info({ socket: server.socketPath, metricsPort }, 'trainer serving');

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
