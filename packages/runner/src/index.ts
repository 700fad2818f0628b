export { runPipeline } from './run.js';
export { formatSummary, formatProgress } from './summary.js';
export { planPipeline, imageName, type Plan, type PlannedVertex, type ProcessSpec, type PlanOptions } from './plan.js';
export { assignWindows, lastClosedEnd, type WindowBounds } from './windows.js';
export { PipelineRefusedError, VertexDiedError, RunAbortedError } from './errors.js';
export type { RunOptions, RunProgress, RunSummary, VertexProgress, VertexSummary } from './options.js';
export type { GeneratorOptions, GeneratedTruth } from './sources.js';
