// A platform-like client for Numaflow UDFs: what the numa container does, for tests, benchmarks and the
// local pipeline runner.
export { UdfConnection, type ConnectOptions } from './connection.js';
export { RawMapStream } from './raw-map-stream.js';
export type { DatumInput, ResultMessage } from './inputs.js';
export { MapClient, type MapClientOptions, type MapAllOptions } from './map-client.js';
export { SourceTransformClient, type TransformClientOptions, type TransformResult } from './transform-client.js';
export { ReduceClient, type ReduceResult, type WindowBounds, type WindowStream } from './reduce-client.js';
export { readServerInfo, parseServerInfo, SERVER_INFO_END_MARKER, type ServerInfo, type MapMode } from '../shared/server-info.js';
export { endpointPaths, ENDPOINTS, type EndpointKind } from '../shared/socket.js';
export { mainThreadCpuMs, processCpuMs } from './process-cpu.js';
