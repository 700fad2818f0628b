export { WindowBuilder, windowBuilderOptions, type FillMethod, type PushOutcome, type WindowBuilderOptions } from './window-builder.js';
export { KeyedStore } from './keyed-store.js';
export { blockMeansInto } from './block-means.js';
export { KeyedWindows } from './keyed-windows.js';
export { slidingWindows, type WindowBatch } from './sliding.js';
export { FALLBACK_INTERVAL_MS, inferInterval, keyIntervalMs } from './interval.js';
