// Numaflow UDF server SDK: one constructor per kind, handlers see Datum and return Message.
export { Datum } from './shared/datum.js';
export { Message, DROP_TAG, type MessageOptions } from './map/message.js';
export type { MapHandler, BatchMapHandler, EagerBatchMapHandler, MapStreamHandler } from './map/handler.js';
export { createMapServer, createBatchMapServer, createMapStreamServer } from './map/server.js';
export { TransformMessage, type TransformMessageOptions } from './sourcetransform/message.js';
export type { SourceTransformHandler } from './sourcetransform/handler.js';
export { createSourceTransformServer } from './sourcetransform/server.js';
export type { ReduceHandler, IntervalWindow } from './reduce/handler.js';
export { createReduceServer } from './reduce/server.js';
export { UdfServer, MAX_MESSAGE_BYTES, type ServerOptions, type ServerState } from './shared/server.js';
export { SERVER_INFO_END_MARKER, type ServerInfo, type MapMode } from './shared/server-info.js';
export { DEFAULT_SOCKET_DIR, ENDPOINTS, endpointPaths, type EndpointKind, type EndpointPaths } from './shared/socket.js';
export { InvalidResultError, udfExecutionMessage } from './shared/errors.js';
export type { Logger } from './shared/logging.js';
export { SDK_VERSION } from './shared/version.js';
