import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '@numalogic/core';
import { HeaderError } from '../csv/columns.js';
import { readCsvRecords, type CsvRecord } from '../csv/records.js';
import { createScorePipeline } from '../score/pipeline.js';
import { LabelError, eventsForFile, eventsFromLabels, isLabelled, loadLabelWindows, type LabelWindows } from './labels.js';
import { evaluateSeries, metricsOf, sumCounts, type Counts, type EventResult, type LabelledEvent, type Metrics } from './metrics.js';

/** One key of one file, scored, with its labels and figures. */
export interface SeriesResult {
  file: string;
  keys: string[];
  title: string;
  features: string[];
  timestamps: number[];
  values: number[][];
  scores: number[];
  events: LabelledEvent[];
  eventResults: EventResult[];
  counts: Counts;
}

export interface EvaluationResult {
  alertLevel: number;
  series: SeriesResult[];
  files: { file: string; metrics: Metrics }[];
  overall: Metrics;
}

/** `--labels`: a NAB-format windows file (an existing .json file) or the name of a label column. */
export type LabelSource = { kind: 'windows'; windows: LabelWindows } | { kind: 'column'; column: string };

export function labelSource(text: string): LabelSource {
  if (text.toLowerCase().endsWith('.json') || existsSync(text)) {
    if (!existsSync(text)) throw new LabelError(`labels file ${text} does not exist`);
    return { kind: 'windows', windows: loadLabelWindows(text) };
  }
  return { kind: 'column', column: text };
}

interface Collector {
  keys: string[];
  timestamps: number[];
  values: number[][];
  scores: number[];
  labels: number[];
}

/** Scores one file with a fresh pipeline (fresh state per file) and splits it into one series per key. */
async function scoreFile(file: string, config: Config, labels: LabelSource, chunkRows?: number): Promise<SeriesResult[]> {
  let labelColumn = -1;
  // The header is looked at here for the label column; the engine reads it for everything else.
  async function* withHeader(chunks: AsyncIterable<CsvRecord[]>): AsyncGenerator<CsvRecord[]> {
    let first = true;
    for await (const chunk of chunks) {
      if (first && labels.kind === 'column') {
        const header = chunk[0]?.fields ?? [];
        labelColumn = header.findIndex((h) => h.trim() === labels.column);
        if (labelColumn < 0) throw new HeaderError(`${file}: no label column '${labels.column}' in the header (${header.join(',')})`);
      }
      first = false;
      yield chunk;
    }
  }
  const pipeline = createScorePipeline(config);
  const perKey = new Map<string, Collector>();
  try {
    const stream = createReadStream(file);
    for await (const chunk of pipeline.engine.score(withHeader(readCsvRecords(stream, chunkRows)))) {
      const featureColumns = chunk.columns.features;
      for (let i = 0; i < chunk.count; i++) {
        const keys = chunk.rowKeys[i];
        if (!keys) continue; // invalid rows have no time and no key: not plotted, not evaluated
        const id = keys.join('\u0000');
        let series = perKey.get(id);
        if (!series) perKey.set(id, (series = { keys: [...keys], timestamps: [], values: featureColumns.map(() => []), scores: [], labels: [] }));
        const fields = chunk.records[i]!.fields!;
        series.timestamps.push(chunk.timestamps[i]!);
        featureColumns.forEach((c, f) => series.values[f]!.push(Number(fields[c])));
        series.scores.push(chunk.scores[i]!);
        series.labels.push(labelColumn >= 0 && isLabelled(fields[labelColumn]) ? 1 : 0);
      }
    }
  } catch (err) {
    if (err instanceof HeaderError && !err.message.startsWith(file)) throw new HeaderError(`${file}: ${err.message}`);
    throw err;
  } finally {
    await pipeline.close();
  }
  const fileEvents = labels.kind === 'windows' ? eventsForFile(labels.windows, file) : null;
  const alertLevel = config.postprocess.alertLevel;
  const multiKey = perKey.size > 1;
  return [...perKey.values()].map((s) => {
    const events = fileEvents ?? eventsFromLabels(s.timestamps, s.labels);
    const { counts, events: eventResults } = evaluateSeries({ timestamps: s.timestamps, scores: s.scores }, events, alertLevel);
    const title = multiKey ? `${path.basename(file)} [${s.keys.join(', ')}]` : path.basename(file);
    return { file, keys: s.keys, title, features: config.features, timestamps: s.timestamps, values: s.values, scores: s.scores, events, eventResults, counts };
  });
}

/** Scores every file (chunks of at most `chunkRows` rows, as `score --chunk-rows`) and computes the event-level figures per file and overall. */
export async function evaluateFiles(files: readonly string[], config: Config, labels: LabelSource, chunkRows?: number): Promise<EvaluationResult> {
  const series: SeriesResult[] = [];
  const perFile: { file: string; metrics: Metrics }[] = [];
  for (const file of files) {
    if (labels.kind === 'windows') eventsForFile(labels.windows, file); // refuse an unlabelled file before scoring
    const fileSeries = await scoreFile(file, config, labels, chunkRows);
    series.push(...fileSeries);
    perFile.push({ file, metrics: metricsOf(sumCounts(fileSeries.map((s) => s.counts))) });
  }
  return { alertLevel: config.postprocess.alertLevel, series, files: perFile, overall: metricsOf(sumCounts(series.map((s) => s.counts))) };
}

/** The figures as a plain-text table for the terminal. */
export function metricsTable(result: EvaluationResult): string {
  const f = (v: number | null, d = 3) => (v === null ? '-' : v.toFixed(d));
  const rows = [
    ['file', 'events', 'detected', 'FP', 'precision', 'recall', 'F1', 'delay(rows)'],
    ...[...result.files, { file: 'overall', metrics: result.overall }].map(({ file, metrics: m }) => [
      file, String(m.events), String(m.detected), String(m.falsePositives), f(m.precision), f(m.recall), f(m.f1), f(m.meanDelayRows, 1),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n') + '\n';
}

/** One line per labelled event: series, span, detected or missed, delay. */
export function eventLines(result: EvaluationResult): string {
  const lines = result.series.flatMap((s) =>
    s.eventResults.map((e) => {
      const span = `${new Date(e.start).toISOString()} .. ${new Date(e.end).toISOString()}`;
      return e.detected ? `${s.title}  ${span}  detected after ${e.delayRows} rows (${Math.round(e.delayMs! / 1000)} s)` : `${s.title}  ${span}  missed`;
    }),
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
