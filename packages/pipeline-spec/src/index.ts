export { loadManifests, ManifestError, type Manifest } from './load.js';
export { validateManifest, NUMAFLOW_KINDS, type NumaflowKind, type ValidateOptions } from './validate.js';
export { pipelineGraph, type PipelineGraph, type VertexSpec, type EdgeSpec, type ContainerSpec, type WindowSpec } from './graph.js';
export { shouldForward, DROP_TAG, type TagConditions } from './conditions.js';
export { parseDuration } from './duration.js';
