export { SeededRandom, deriveSeed } from './random.js';
export { generateSeries, seasonalValue, resolveSeriesOptions, DAY_MS, WEEK_MS, type SeriesOptions, type ResolvedSeriesOptions } from './series.js';
export { ANOMALY_KINDS, type AnomalyEvent, type AnomalyKind } from './anomalies.js';
export { generateDataset, rowToPayload, type AnomalyOptions, type Dataset, type DatasetOptions, type DatasetRow } from './dataset.js';
