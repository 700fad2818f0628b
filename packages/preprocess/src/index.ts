/** @numalogic/preprocess: the source transformer and the sliding-window reduce of the pipeline. */
export { transformEvent, type TransformOutcome } from './transformer.js';
export { KeyWindow, type AddOutcome, type BuiltWindow, type WindowConfig } from './windower.js';
export { preprocessRole, type PreprocessRole } from './role.js';
export { transformHandler, reduceHandler, INVALID_TAG, INVALID_KEYS, type Wiring } from './handlers.js';

/**
 * Every tag preprocess can put on a result: `invalid` (transformer) and the density class names, which come
 * from config.densityClasses (these are the defaults; a configuration with other class names emits those).
 */
export const EMITTED_TAGS = ['invalid', 'dense', 'sparse'] as const;
export { demoEvent, DEMO_EVENTS_ENV } from './demo-events.js';
