import { status, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { Datum } from '../shared/datum.js';
import { InvalidResultError } from '../shared/errors.js';
import { codec } from '../shared/protos.js';
import type { MapMode } from '../shared/server-info.js';
import { isReady, Session } from '../shared/session.js';
import type { ServiceHooks } from '../shared/server.js';
import type { MapRequestWire, MapResponseWire } from '../shared/wire.js';
import type { BatchMapHandler, MapHandler, MapStreamHandler, StreamingBatchMapHandler } from './handler.js';
import { checkMessages, Message } from './message.js';

type MapCall = ServerDuplexStream<MapRequestWire, MapResponseWire>;
type MapSession = Session<MapRequestWire, MapResponseWire>;

export type MapHandlerFor = {
  'unary-map': MapHandler;
  'batch-map': BatchMapHandler | StreamingBatchMapHandler<unknown>;
  'stream-map': MapStreamHandler;
};

const HANDSHAKE: MapResponseWire = { handshake: { sot: true } };
const BATCH_EOT: MapResponseWire = { id: '', status: { eot: true } };

export const mapRequestCodec = codec<MapRequestWire>('map.v1.MapRequest');
export const mapResponseCodec = codec<MapResponseWire>('map.v1.MapResponse');

function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

function missingDatum(session: MapSession): void {
  session.reject(status.INVALID_ARGUMENT, 'map request carries neither a datum nor an end of transmission');
}

/** Unary map: one response per request id, sent as soon as its handler is done (any order). */
function serveUnary(call: MapCall, hooks: ServiceHooks, handler: MapHandler): void {
  const respond = (id: string, messages: unknown): void => {
    let results: readonly Message[];
    try {
      results = checkMessages(messages, 'map handler');
    } catch (err) {
      session.fail(err);
      return;
    }
    session.write({ id, results });
    session.finish();
  };
  const session: MapSession = new Session(call, hooks, HANDSHAKE, (req) => {
    const request = req.request;
    if (!request) return missingDatum(session);
    const id = req.id;
    session.begin();
    let out: ReturnType<MapHandler>;
    try {
      out = handler(new Datum(request, id));
    } catch (err) {
      session.fail(err);
      return;
    }
    if (isThenable<readonly Message[]>(out)) out.then((messages) => respond(id, messages), (err) => session.fail(err));
    else respond(id, out);
  });
}

/**
 * Batch map: collect until the platform's EOT, run the handler on the batch, answer every id, then EOT. A
 * streaming handler's `accept` runs on each datum as it arrives; its `finish` takes the place of the handler.
 */
function serveBatch(call: MapCall, hooks: ServiceHooks, handler: BatchMapHandler | StreamingBatchMapHandler<unknown>): void {
  const streaming = typeof handler === 'function' ? null : handler;
  let batch: Datum[] = [];
  let accepted: unknown[] = [];
  let previous: Promise<void> = Promise.resolve();
  const run = async (datums: Datum[], done: unknown[]): Promise<void> => {
    const answers = streaming ? await streaming.finish(datums, done) : await (handler as BatchMapHandler)(datums);
    if (!Array.isArray(answers) || answers.length !== datums.length) {
      const got = Array.isArray(answers) ? `${answers.length} answers` : typeof answers;
      throw new InvalidResultError(`batch map handler must return one array per datum (${datums.length}), got ${got}`);
    }
    for (let i = 0; i < datums.length; i++) {
      session.write({ id: (datums[i] as Datum).id, results: checkMessages(answers[i], 'batch map handler') });
    }
  };
  const session: MapSession = new Session(call, hooks, HANDSHAKE, (req) => {
    if (req.status?.eot) {
      const datums = batch;
      const done = accepted;
      batch = [];
      accepted = [];
      if (datums.length === 0) session.begin();
      // Batches are answered in the order they arrived, each closed by its own EOT.
      previous = previous.then(async () => {
        if (session.closed) return;
        try {
          await run(datums, done);
        } catch (err) {
          session.fail(err);
          return;
        }
        session.write(BATCH_EOT);
        session.finish(datums.length + 1);
      });
      return;
    }
    const request = req.request;
    if (!request) return missingDatum(session);
    // The open batch counts as one unit of work until its EOT is answered, so a drain waits for it.
    if (batch.length === 0) session.begin();
    session.begin();
    const datum = new Datum(request, req.id);
    batch.push(datum);
    if (streaming === null) return;
    try {
      accepted.push(streaming.accept(datum));
    } catch (err) {
      session.fail(err);
    }
  });
}

/** Stream map: each message goes out as the handler yields it; an EOT for the id closes it. */
function serveStream(call: MapCall, hooks: ServiceHooks, handler: MapStreamHandler): void {
  const run = async (id: string, datum: Datum): Promise<void> => {
    for await (const message of handler(datum)) {
      if (!(message instanceof Message)) throw new InvalidResultError('map stream handler yielded a non-Message');
      session.write({ id, results: [message] });
    }
    session.write({ id, status: { eot: true } });
  };
  const session: MapSession = new Session(call, hooks, HANDSHAKE, (req) => {
    const request = req.request;
    if (!request) return missingDatum(session);
    session.begin();
    run(req.id, new Datum(request, req.id)).then(
      () => session.finish(),
      (err) => session.fail(err),
    );
  });
}

export function mapServiceImplementation<M extends MapMode>(
  mode: M,
  handler: MapHandlerFor[M],
  hooks: ServiceHooks,
): UntypedServiceImplementation {
  const MapFn = (call: MapCall): void => {
    if (mode === 'unary-map') serveUnary(call, hooks, handler as MapHandler);
    else if (mode === 'batch-map') serveBatch(call, hooks, handler as MapHandlerFor['batch-map']);
    else serveStream(call, hooks, handler as MapStreamHandler);
  };
  return { MapFn, IsReady: isReady };
}
