import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

// Built output: dist/src/shared -> dist/protos. Source tree (tests): src/shared -> <repo>/protos.
const CANDIDATE_DIRS = [new URL('../../protos/', import.meta.url), new URL('../../../../protos/', import.meta.url)];

let cachedDir: string | undefined;

/** Folder holding the .proto files this SDK serves. */
export function protosDir(): string {
  if (cachedDir !== undefined) return cachedDir;
  for (const url of CANDIDATE_DIRS) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}map/v1/map.proto`)) {
      cachedDir = dir;
      return dir;
    }
  }
  throw new Error(`numaflow protos not found (looked in ${CANDIDATE_DIRS.map((u) => fileURLToPath(u)).join(', ')})`);
}

/**
 * Options for proto-loader, used for the non-hot-path methods (IsReady) and the method paths:
 * - keepCase: field names exactly as in the .proto (event_time, EOF), the same spelling the fast codec uses;
 * - longs: Number, the only 64-bit fields are timestamp seconds and a delay in ms, far below 2^53;
 * - enums: Number, compared against constants, no string mapping per message;
 * - defaults: true, so repeated and map fields are always present ([] / {}) and scalars have their zero value;
 * - oneofs: true, so proto3 `optional` presence (handshake, status) is visible;
 * - bytes stay Buffer (proto-loader's default when `bytes` is not set).
 */
export function loaderOptions(): protoLoader.Options {
  return { keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: true, includeDirs: [protosDir()] };
}

export type ProtoFile =
  | 'map/v1/map.proto'
  | 'sourcetransform/v1/sourcetransform.proto'
  | 'reduce/v1/reduce.proto'
  | 'sink/v1/sink.proto';

const definitions = new Map<ProtoFile, protoLoader.PackageDefinition>();
let root: protobuf.Root | undefined;

function packageDefinition(file: ProtoFile): protoLoader.PackageDefinition {
  let definition = definitions.get(file);
  if (!definition) {
    definition = protoLoader.loadSync(file, loaderOptions());
    definitions.set(file, definition);
  }
  return definition;
}

/** gRPC service definition (method paths, IsReady codec) as proto-loader builds it. */
export function serviceDefinition(file: ProtoFile, service: string): ServiceDefinition {
  const definition = packageDefinition(file)[service];
  if (!definition || !('IsReady' in definition)) {
    throw new Error(`service ${service} not found in ${file}`);
  }
  return { ...(definition as ServiceDefinition) };
}

/**
 * protobufjs type for the streaming hot path. Decoding straight to protobufjs message objects and encoding
 * plain objects (no toObject/fromObject copy per message) is what keeps the per-message cost low.
 */
export function messageType(name: string): protobuf.Type {
  if (!root) {
    const dir = protosDir();
    const fresh = new protobuf.Root();
    fresh.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : `${dir}${target}`);
    fresh.loadSync(['map/v1/map.proto', 'sourcetransform/v1/sourcetransform.proto', 'reduce/v1/reduce.proto'], {
      keepCase: true,
    });
    fresh.resolveAll();
    root = fresh;
  }
  return root.lookupType(name);
}

/** Encoder/decoder pair for one message type, in the shape grpc-js wants. */
export interface Codec<T> {
  encode(value: T): Buffer;
  decode(bytes: Buffer): T;
}

export function codec<T>(name: string): Codec<T> {
  const type = messageType(name);
  return {
    encode: (value: T) => type.encode(value as object).finish() as Buffer,
    decode: (bytes: Buffer) => type.decode(bytes) as unknown as T,
  };
}
