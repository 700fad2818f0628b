import { status, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { Datum } from '../shared/datum.js';
import { InvalidResultError } from '../shared/errors.js';
import { codec } from '../shared/protos.js';
import type { MapMode } from '../shared/server-info.js';
import { isReady, Session } from '../shared/session.js';
import type { ServiceHooks } from '../shared/server.js';
import type { MapRequestWire, MapResponseWire } from '../shared/wire.js';
import type { BatchMapHandler, EagerBatchMapHandler, MapHandler, MapStreamHandler } from './handler.js';
import { checkMessages, Message } from './message.js';

type MapCall = ServerDuplexStream<MapRequestWire, MapResponseWire>;
type MapSession = Session<MapRequestWire, MapResponseWire>;

export type MapHandlerFor = {
  'unary-map': MapHandler;
  'batch-map': BatchMapHandler | EagerBatchMapHandler;
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

/**
 * Runs a unary-shaped handler on one datum and hands its checked messages to `onMessages`, whether it answers at
 * once or later; a throw, a rejection or something that is not messages fails the stream.
 */
function callMap(session: MapSession, handler: MapHandler, datum: Datum, what: string, onMessages: (messages: readonly Message[]) => void): void {
  const done = (messages: unknown): void => {
    let checked: readonly Message[];
    try {
      checked = checkMessages(messages, what);
    } catch (err) {
      session.fail(err);
      return;
    }
    onMessages(checked);
  };
  let out: ReturnType<MapHandler>;
  try {
    out = handler(datum);
  } catch (err) {
    session.fail(err);
    return;
  }
  if (isThenable<readonly Message[]>(out)) out.then(done, (err) => session.fail(err));
  else done(out);
}

/** Unary map: one response per request id, sent as soon as its handler is done (any order). */
function serveUnary(call: MapCall, hooks: ServiceHooks, handler: MapHandler): void {
  const session: MapSession = new Session(call, hooks, HANDSHAKE, (req) => {
    const request = req.request;
    if (!request) return missingDatum(session);
    const id = req.id;
    session.begin();
    callMap(session, handler, new Datum(request, id), 'map handler', (results) => {
      session.write({ id, results });
      session.finish();
    });
  });
}

/** One batch of a batch-map stream: the answers it still owes, those ready but held back, whether its EOT came. */
interface OpenBatch {
  readonly datums: Datum[];
  owed: number;
  held: MapResponseWire[];
  ended: boolean;
}

/**
 * Batch map. A BatchMapHandler gets each batch whole at the platform's EOT (one batch at a time, in the order
 * they came); an EagerBatchMapHandler answers each datum as it arrives. Either way each answer goes out as soon
 * as it is ready, and a batch's EOT once all its datums are answered; answers of a later batch are held until
 * the earlier batches' EOTs are out, so a client that sends the next batch early still gets each batch whole.
 */
function serveBatch(call: MapCall, hooks: ServiceHooks, handler: BatchMapHandler | EagerBatchMapHandler): void {
  const eager = typeof handler === 'function' ? null : handler;
  const batches: OpenBatch[] = []; // oldest first; the last one is still open when it has not ended
  let handled: Promise<void> = Promise.resolve(); // whole-batch handler calls, one after another
  const openBatch = (): OpenBatch => {
    const last = batches[batches.length - 1];
    if (last && !last.ended) return last;
    // A batch counts as one unit of work until its EOT is answered, so a drain waits for it.
    session.begin();
    const batch: OpenBatch = { datums: [], owed: 0, held: [], ended: false };
    batches.push(batch);
    return batch;
  };
  // Writes what the oldest batches have ready, and their EOTs once they are whole.
  const flush = (): void => {
    while (batches.length > 0 && !session.closed) {
      const head = batches[0]!;
      if (head.held.length > 0) {
        for (const response of head.held) session.write(response);
        session.finish(head.held.length);
        head.held = [];
      }
      if (!head.ended || head.owed > 0) return;
      batches.shift();
      session.write(BATCH_EOT);
      session.finish();
    }
  };
  const answered = (batch: OpenBatch, id: string, results: readonly Message[]): void => {
    batch.owed--;
    batch.held.push({ id, results });
    if (batch === batches[0]) flush();
  };
  const answerWhole = async (batch: OpenBatch): Promise<void> => {
    const { datums } = batch;
    const answers = await (handler as BatchMapHandler)(datums);
    if (!Array.isArray(answers) || answers.length !== datums.length) {
      const got = Array.isArray(answers) ? `${answers.length} answers` : typeof answers;
      throw new InvalidResultError(`batch map handler must return one array per datum (${datums.length}), got ${got}`);
    }
    for (let i = 0; i < datums.length; i++) answered(batch, datums[i]!.id, checkMessages(answers[i], 'batch map handler'));
  };
  const session: MapSession = new Session(call, hooks, HANDSHAKE, (req) => {
    if (req.status?.eot) {
      const batch = openBatch();
      batch.ended = true;
      if (eager) return flush();
      handled = handled.then(async () => {
        if (session.closed) return;
        try {
          await answerWhole(batch);
        } catch (err) {
          session.fail(err);
          return;
        }
        flush();
      });
      return;
    }
    const request = req.request;
    if (!request) return missingDatum(session);
    const batch = openBatch();
    session.begin();
    batch.owed++;
    const datum = new Datum(request, req.id);
    if (eager) callMap(session, eager.answer, datum, 'batch map handler', (results) => answered(batch, datum.id, results));
    else batch.datums.push(datum);
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
