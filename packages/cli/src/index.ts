/** @numalogic/cli: the `numalogic` command and its parts, for tests and for other tools. */
export { buildProgram, type Io } from './program.js';
export { scoreCsv, type ScoreOptions, type ScoreTotals } from './commands/score.js';
export { runCommand, type RunCommandOptions } from './commands/run.js';
export { ScoreEngine, type RowStatus, type ScoredChunk, type ScoreStages, type KeyTrainer } from './score/engine.js';
export { createScorePipeline, type ScorePipeline, type ScorePipelineOptions } from './score/pipeline.js';
export { readCsvRecords, CHUNK_ROWS, FIRST_CHUNK_ROWS, type CsvRecord } from './csv/records.js';
export { mapColumns, HeaderError, type ColumnMap } from './csv/columns.js';
export { evaluateSeries, metricsOf, sumCounts, type LabelledEvent, type Metrics, type Counts, type EventResult } from './eval/metrics.js';
export { loadLabelWindows, eventsForFile, eventsFromLabels, isLabelled, LabelError } from './eval/labels.js';
export { evaluateFiles, eventLines, labelSource, metricsTable, type EvaluationResult, type SeriesResult } from './eval/evaluate.js';
export { renderReport, type ReportInput, type ReportSeries } from './eval/report.js';
export { commandConfig } from './config.js';
