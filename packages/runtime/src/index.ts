export { loadConfig, configDocument, deepMerge, ENV_OVERRIDES, type Env } from './config.js';
export { createLogger, type Logger } from './logger.js';
export { createMetrics, serveMetrics, type UdfMetrics } from './metrics.js';
export { openModels, storeConfig, type ModelAccess, type StoreUse } from './store.js';
export { startUdfRuntime, type UdfRuntime } from './udf.js';
export { invalidDatum, INVALID_TAG, type InvalidDatum } from './invalid.js';
