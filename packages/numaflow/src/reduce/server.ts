import type { ServiceDefinition } from '@grpc/grpc-js';
import { withStreamCodec } from '../shared/definition.js';
import { serviceDefinition } from '../shared/protos.js';
import { UdfServer, type ServerOptions } from '../shared/server.js';
import type { ReduceHandler } from './handler.js';
import { reduceRequestCodec, reduceResponseCodec, reduceServiceImplementation } from './service.js';

let definition: ServiceDefinition | undefined;

export function reduceServiceDefinition(): ServiceDefinition {
  definition ??= withStreamCodec(
    serviceDefinition('reduce/v1/reduce.proto', 'reduce.v1.Reduce'),
    'ReduceFn',
    reduceRequestCodec,
    reduceResponseCodec,
  );
  return definition;
}

/** Reduce server (aligned fixed and sliding windows) on reduce.sock. */
export function createReduceServer(handler: ReduceHandler, options?: ServerOptions): UdfServer {
  if (typeof handler !== 'function') throw new TypeError('reduce handler must be a function');
  return new UdfServer(
    {
      kind: 'reduce',
      infoMetadata: {},
      definition: reduceServiceDefinition(),
      implementation: (hooks) => reduceServiceImplementation(handler, hooks),
    },
    options,
  );
}
