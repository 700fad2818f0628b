// The inference UDF's scoring thread (a worker_threads Worker started by ScoringThread): builds the stage from
// the same configuration and environment as the main thread, then scores the groups the main thread posts, one
// after another in arrival order (a key's online model, drift ring and context see its windows in order).
import { parentPort } from 'node:worker_threads';
import { createLogger, loadConfig } from '@numalogic/runtime';
import { entryStage } from '../entry-stage.js';
import type { InferenceStage } from '../stage.js';
import { scoreGroup } from './group.js';
import { unpackPayloads, type GroupAnswer, type GroupRequest, type ReadyMessage, type ScoredGroup } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('scoring/thread.js runs only as the inference UDF\'s worker thread (see ScoringThread)');

const log = createLogger('inference', process.env).child({ thread: 'scoring' });
let stage: InferenceStage | null = null;
try {
  stage = entryStage(loadConfig(process.env), process.env, log);
} catch (err) {
  port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) } satisfies ReadyMessage);
}
if (stage !== null) {
  const ready = stage;
  let previous: Promise<void> = Promise.resolve();
  port.on('message', (request: GroupRequest) => {
    previous = previous.then(async () => {
      let answer: ScoredGroup;
      try {
        answer = await scoreGroup(ready, log, unpackPayloads(request));
      } catch (err) {
        // Not bad input (that is an outcome per datum): a fault of the stage; the main thread fails the group.
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'scoring a group failed');
        port.postMessage({ id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies GroupAnswer);
        return;
      }
      port.postMessage({ id: request.id, ok: true, ...answer } satisfies GroupAnswer, [answer.bytes.buffer as ArrayBuffer, answer.layout.buffer as ArrayBuffer]);
    });
  });
  port.postMessage({ ready: true } satisfies ReadyMessage);
}
