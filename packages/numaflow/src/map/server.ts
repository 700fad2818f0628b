import type { ServiceDefinition } from '@grpc/grpc-js';
import { withStreamCodec } from '../shared/definition.js';
import { serviceDefinition } from '../shared/protos.js';
import type { MapMode } from '../shared/server-info.js';
import { UdfServer, type ServerOptions } from '../shared/server.js';
import type { EndpointKind } from '../shared/socket.js';
import type { BatchMapHandler, MapHandler, MapStreamHandler } from './handler.js';
import { mapRequestCodec, mapResponseCodec, mapServiceImplementation, type MapHandlerFor } from './service.js';

let definition: ServiceDefinition | undefined;

export function mapServiceDefinition(): ServiceDefinition {
  definition ??= withStreamCodec(serviceDefinition('map/v1/map.proto', 'map.v1.Map'), 'MapFn', mapRequestCodec, mapResponseCodec);
  return definition;
}

const KIND: Record<MapMode, EndpointKind> = { 'unary-map': 'map', 'batch-map': 'batchmap', 'stream-map': 'mapstream' };

function createServer<M extends MapMode>(mode: M, handler: MapHandlerFor[M], options?: ServerOptions): UdfServer {
  if (typeof handler !== 'function') throw new TypeError(`${mode} handler must be a function`);
  return new UdfServer(
    {
      kind: KIND[mode],
      infoMetadata: { MAP_MODE: mode },
      definition: mapServiceDefinition(),
      implementation: (hooks) => mapServiceImplementation(mode, handler, hooks),
    },
    options,
  );
}

/** Unary map server on map.sock. */
export function createMapServer(handler: MapHandler, options?: ServerOptions): UdfServer {
  return createServer('unary-map', handler, options);
}

/** Batch map server on batchmap.sock. */
export function createBatchMapServer(handler: BatchMapHandler, options?: ServerOptions): UdfServer {
  return createServer('batch-map', handler, options);
}

/** Stream map server on mapstream.sock. */
export function createMapStreamServer(handler: MapStreamHandler, options?: ServerOptions): UdfServer {
  return createServer('stream-map', handler, options);
}
