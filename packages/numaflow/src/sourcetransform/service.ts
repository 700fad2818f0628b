import { status, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { Datum } from '../shared/datum.js';
import { InvalidResultError } from '../shared/errors.js';
import { codec } from '../shared/protos.js';
import { isReady, Session } from '../shared/session.js';
import type { ServiceHooks } from '../shared/server.js';
import { millisToTimestamp } from '../shared/time.js';
import type { ResultWire, TransformRequestWire, TransformResponseWire } from '../shared/wire.js';
import type { SourceTransformHandler } from './handler.js';
import { TransformMessage } from './message.js';

type TransformCall = ServerDuplexStream<TransformRequestWire, TransformResponseWire>;

const HANDSHAKE: TransformResponseWire = { handshake: { sot: true } };

export const transformRequestCodec = codec<TransformRequestWire>('sourcetransformer.v1.SourceTransformRequest');
export const transformResponseCodec = codec<TransformResponseWire>('sourcetransformer.v1.SourceTransformResponse');

function toResults(messages: unknown): ResultWire[] {
  if (!Array.isArray(messages)) {
    throw new InvalidResultError(`source transform handler must return an array of TransformMessage, got ${typeof messages}`);
  }
  return messages.map((message, i) => {
    if (!(message instanceof TransformMessage)) {
      throw new InvalidResultError(`source transform handler returned a non-TransformMessage at index ${i}`);
    }
    return { keys: message.keys, value: message.value, tags: message.tags, event_time: millisToTimestamp(message.eventTime.getTime()) };
  });
}

export function transformServiceImplementation(
  handler: SourceTransformHandler,
  hooks: ServiceHooks,
): UntypedServiceImplementation {
  const SourceTransformFn = (call: TransformCall): void => {
    const respond = (id: string, messages: unknown): void => {
      let results: ResultWire[];
      try {
        results = toResults(messages);
      } catch (err) {
        session.fail(err);
        return;
      }
      session.write({ id, results });
      session.finish();
    };
    const session: Session<TransformRequestWire, TransformResponseWire> = new Session(call, hooks, HANDSHAKE, (req) => {
      const request = req.request;
      if (!request) {
        session.reject(status.INVALID_ARGUMENT, 'source transform request without a datum');
        return;
      }
      const id = request.id ?? '';
      session.begin();
      let out: ReturnType<SourceTransformHandler>;
      try {
        out = handler(new Datum(request, id));
      } catch (err) {
        session.fail(err);
        return;
      }
      Promise.resolve(out).then((messages) => respond(id, messages), (err) => session.fail(err));
    });
  };
  return { SourceTransformFn, IsReady: isReady };
}
