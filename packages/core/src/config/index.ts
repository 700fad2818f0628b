export {
  configSchema,
  COARSE_MODELS,
  usesCoarseModels,
  modelSpecSchema,
  windowSchema,
  trainerSchema,
  postprocessSchema,
  calibrationSchema,
  storeSchema,
  inputSchema,
  staticLimitSchema,
  densityClassSchema,
  type Config,
  type ConfigInput,
  type ModelSpec,
  type WindowConfig,
  type TrainerConfig,
  type PostprocessConfig,
  type CalibrationConfig,
  type StoreConfig,
  type StaticLimit,
  type InputConfig,
} from './schema.js';
export { ConfigError, formatPath, type ConfigIssue } from './errors.js';
export { parseConfig, classifyDensity, isTrainingAllowed } from './parse.js';
export { parseDuration } from './duration.js';
