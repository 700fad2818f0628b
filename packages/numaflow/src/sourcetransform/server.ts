import type { ServiceDefinition } from '@grpc/grpc-js';
import { withStreamCodec } from '../shared/definition.js';
import { serviceDefinition } from '../shared/protos.js';
import { UdfServer, type ServerOptions } from '../shared/server.js';
import type { SourceTransformHandler } from './handler.js';
import { transformRequestCodec, transformResponseCodec, transformServiceImplementation } from './service.js';

let definition: ServiceDefinition | undefined;

export function sourceTransformServiceDefinition(): ServiceDefinition {
  definition ??= withStreamCodec(
    serviceDefinition('sourcetransform/v1/sourcetransform.proto', 'sourcetransformer.v1.SourceTransform'),
    'SourceTransformFn',
    transformRequestCodec,
    transformResponseCodec,
  );
  return definition;
}

/** Source transformer server on sourcetransform.sock. */
export function createSourceTransformServer(handler: SourceTransformHandler, options?: ServerOptions): UdfServer {
  if (typeof handler !== 'function') throw new TypeError('source transform handler must be a function');
  return new UdfServer(
    {
      kind: 'sourcetransform',
      infoMetadata: {},
      definition: sourceTransformServiceDefinition(),
      implementation: (hooks) => transformServiceImplementation(handler, hooks),
    },
    options,
  );
}
