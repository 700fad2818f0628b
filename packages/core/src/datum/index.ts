export type { Datum, OutputDatum, ParseResult, ScoreStatus } from './datum.js';
export { parseDatum, datumFromObject, DatumReader, type DatumConfig } from './parse.js';
export { parseTimestamp, SECONDS_CUTOFF, MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS, type TimestampUnit } from './timestamp.js';
export { encodeOutput, featureScoreRecord, invalidOutput, isScoreStatus } from './encode.js';
