export { TrainerStage, STALE_REFRESH_FRACTION, MIN_TRAINING_WINDOWS, configuredTrainingWindows, type TrainerDeps, type TrainerLog } from './stage.js';
export { trainingWindows, windowMatrix, type TrainingWindows, type TrainingWindowOptions, type HistoryRows } from './windows.js';
export { mergeHistory, pointsAfter, type MergeResult, type RawPoints } from './history.js';
export { fitModel, type FitModelInput, type FittedModel } from './fit.js';
export {
  catalogueEntry,
  modelPackage,
  modelNames,
  UnknownModelError,
  type CatalogueEntry,
} from './catalogue.js';

/** Tags the trainer puts on its results: none (its edge to the training log is unconditional). */
export const EMITTED_TAGS = [] as const;
