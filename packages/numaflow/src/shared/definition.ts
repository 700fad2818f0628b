import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { Codec } from './protos.js';

/**
 * Replaces one streaming method's codec with the lean protobufjs one (decode to message objects, encode
 * plain objects), keeping proto-loader's path and flags. Server and client both use it.
 */
export function withStreamCodec<Req, Res>(
  definition: ServiceDefinition,
  method: string,
  request: Codec<Req>,
  response: Codec<Res>,
): ServiceDefinition {
  const original = definition[method] as MethodDefinition<unknown, unknown> | undefined;
  if (!original) throw new Error(`method ${method} missing from service definition`);
  const fast: MethodDefinition<Req, Res> = {
    ...(original as MethodDefinition<Req, Res>),
    requestSerialize: request.encode,
    requestDeserialize: request.decode,
    responseSerialize: response.encode,
    responseDeserialize: response.decode,
  };
  return { ...definition, [method]: fast };
}
