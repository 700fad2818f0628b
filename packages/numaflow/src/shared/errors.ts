import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import protobuf from 'protobufjs';

/** Container type named in error messages; the platform files errors under it. */
export function containerType(): string {
  return process.env.NUMAFLOW_UD_CONTAINER_TYPE || 'udf';
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** The message the platform parses: `UDF_EXECUTION_ERROR(<container type>): <error>`. */
export function udfExecutionMessage(err: unknown): string {
  return `UDF_EXECUTION_ERROR(${containerType()}): ${describeError(err)}`;
}

// google.rpc.Status { code = 1; message = 2; repeated Any details = 3 } carrying google.rpc.DebugInfo
// { repeated string stack_entries = 1; string detail = 2 }, as the other SDKs attach the stack.
const rpcRoot = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        protobuf: { nested: { Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } } } },
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
            DebugInfo: {
              fields: { stack_entries: { rule: 'repeated', type: 'string', id: 1 }, detail: { type: 'string', id: 2 } },
            },
          },
        },
      },
    },
  },
});
const RpcStatus = rpcRoot.lookupType('google.rpc.Status');
const DebugInfo = rpcRoot.lookupType('google.rpc.DebugInfo');

/** gRPC status that ends a stream whose handler threw. */
export function udfExecutionStatus(err: unknown): Partial<StatusObject> {
  const message = udfExecutionMessage(err);
  const stack = err instanceof Error && err.stack ? err.stack : describeError(err);
  const debugInfo = DebugInfo.encode({ detail: stack }).finish();
  const details = RpcStatus.encode({
    code: status.INTERNAL,
    message,
    details: [{ type_url: 'type.googleapis.com/google.rpc.DebugInfo', value: debugInfo }],
  }).finish();
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(details));
  return { code: status.INTERNAL, details: message, metadata };
}

/** gRPC status for a request that breaks the protocol (no handshake, malformed message). */
export function protocolStatus(code: status, details: string): Partial<StatusObject> {
  return { code, details };
}

/** Error thrown by the SDK when a handler returns something that is not a valid result. */
export class InvalidResultError extends Error {
  override name = 'InvalidResultError';
}
