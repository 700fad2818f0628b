// The baseline's transformer: passes each datum on with its keys, value and event time unchanged.
// Run: NUMALOGIC_SOCKET_DIR=/tmp/nf node packages/runner/dist/bench/echo-transformer.js
import { createSourceTransformServer, TransformMessage } from '@numalogic/numaflow';

await createSourceTransformServer((datum) => [new TransformMessage(datum.value, datum.eventTime, { keys: datum.keys })]).start();
