import { join } from 'node:path';

export const DEFAULT_SOCKET_DIR = '/var/run/numaflow';

/** Folder for sockets and server-info files: option, then NUMALOGIC_SOCKET_DIR, then Numaflow's default. */
export function resolveSocketDir(option?: string): string {
  return option || process.env.NUMALOGIC_SOCKET_DIR || DEFAULT_SOCKET_DIR;
}

/** Socket and server-info file names per kind, as the platform expects them. */
export const ENDPOINTS = {
  map: { socket: 'map.sock', info: 'mapper-server-info' },
  batchmap: { socket: 'batchmap.sock', info: 'mapper-server-info' },
  mapstream: { socket: 'mapstream.sock', info: 'mapper-server-info' },
  sourcetransform: { socket: 'sourcetransform.sock', info: 'sourcetransformer-server-info' },
  reduce: { socket: 'reduce.sock', info: 'reducer-server-info' },
} as const;

export type EndpointKind = keyof typeof ENDPOINTS;

export interface EndpointPaths {
  socketPath: string;
  serverInfoPath: string;
}

export function endpointPaths(kind: EndpointKind, socketDir?: string): EndpointPaths {
  const dir = resolveSocketDir(socketDir);
  return { socketPath: join(dir, ENDPOINTS[kind].socket), serverInfoPath: join(dir, ENDPOINTS[kind].info) };
}

/** grpc-js target for a Unix socket path. */
export function unixTarget(socketPath: string): string {
  return `unix://${socketPath}`;
}
