import type { ServiceDefinition } from '@grpc/grpc-js';
import { withStreamCodec } from '../shared/definition.js';
import { serviceDefinition } from '../shared/protos.js';
import type { MapMode } from '../shared/server-info.js';
import { UdfServer, type ServerOptions } from '../shared/server.js';
import type { EndpointKind } from '../shared/socket.js';
import type { BatchMapHandler, EagerBatchMapHandler, MapHandler, MapStreamHandler } from './handler.js';
import { mapRequestCodec, mapResponseCodec, mapServiceImplementation, type MapHandlerFor } from './service.js';

let definition: ServiceDefinition | undefined;

export function mapServiceDefinition(): ServiceDefinition {
  definition ??= withStreamCodec(serviceDefinition('map/v1/map.proto', 'map.v1.Map'), 'MapFn', mapRequestCodec, mapResponseCodec);
  return definition;
}

const KIND: Record<MapMode, EndpointKind> = { 'unary-map': 'map', 'batch-map': 'batchmap', 'stream-map': 'mapstream' };

function isEagerBatch(mode: MapMode, handler: unknown): boolean {
  const h = handler as Partial<EagerBatchMapHandler> | null;
  return mode === 'batch-map' && typeof h === 'object' && h !== null && typeof h.answer === 'function';
}

function createServer<M extends MapMode>(mode: M, handler: MapHandlerFor[M], options?: ServerOptions): UdfServer {
  if (typeof handler !== 'function' && !isEagerBatch(mode, handler)) {
    throw new TypeError(mode === 'batch-map' ? 'batch-map handler must be a function or an object with an answer function' : `${mode} handler must be a function`);
  }
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

/**
 * Batch map server on batchmap.sock. A BatchMapHandler gets each batch whole at its EOT; an
 * EagerBatchMapHandler answers each datum as it arrives, before the EOT.
 */
export function createBatchMapServer(handler: BatchMapHandler | EagerBatchMapHandler, options?: ServerOptions): UdfServer {
  return createServer('batch-map', handler as MapHandlerFor['batch-map'], options);
}

/** Stream map server on mapstream.sock. */
export function createMapStreamServer(handler: MapStreamHandler, options?: ServerOptions): UdfServer {
  return createServer('stream-map', handler, options);
}
