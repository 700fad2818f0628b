/**
 * @numalogic/core: the numerics shared by every UDF, the trainer and the CLI. Pure TypeScript, no I/O.
 */
export * from './math/index.js';
export * from './config/index.js';
export * from './datum/index.js';
export * from './window/index.js';
export * from './transforms/index.js';
export * from './thresholds/index.js';
export * from './scores/index.js';
export * from './calibration/index.js';
export * from './online/index.js';
export * from './synthetic/index.js';
export * from './flow/index.js';
