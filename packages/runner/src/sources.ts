import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { generateDataset, rowToPayload, type AnomalyEvent, type Config } from '@numalogic/core';

/** One datum as the source delivers it: the raw payload and, when the source knows it, its timestamp. */
export interface SourceRecord {
  value: string;
  timestamp?: number;
}

export interface GeneratorOptions {
  /** Number of keys. Default 10. */
  keys?: number;
  /** Points per key. Default 1440 (a day of minutes). */
  points?: number;
  /** Milliseconds between points. Default 60000. */
  intervalMs?: number;
  /** First timestamp (epoch ms). Default core's (2026-01-05T00:00Z). */
  start?: number;
  seed?: number;
  /** Anomaly events per key; 0 = none. Default 2. */
  anomaliesPerKey?: number;
}

/** What the generator injected, kept for the report. */
export interface GeneratedTruth {
  keys: string[][];
  features: string[];
  points: number;
  intervalMs: number;
  events: AnomalyEvent[];
  /** Rows inside an injected anomaly. */
  anomalousRows: number;
  /** What was generated, per key in the order of `keys`: row times and one value array per feature (for plots). */
  series: { timestamps: number[]; values: number[][] }[];
}

export interface PlayableSource {
  records: AsyncIterable<SourceRecord>;
  truth?: GeneratedTruth;
}

/** Core's synthetic data set, with the configuration's key, feature and timestamp field names. */
export function generatorSource(config: Config, options: GeneratorOptions = {}): PlayableSource {
  const keyCount = options.keys ?? 10;
  const keys = Array.from({ length: keyCount }, (_, i) => config.keys.map((field) => `${field}-${i}`));
  const perKey = options.anomaliesPerKey ?? 2;
  const dataset = generateDataset({
    keys,
    features: config.features,
    points: options.points ?? 1440,
    intervalMs: options.intervalMs ?? 60_000,
    ...(options.start !== undefined ? { start: options.start } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    anomalies: perKey > 0 ? { perKey } : false,
  });
  const fields = { keys: config.keys, features: config.features, timestamp: config.timestampField };
  async function* records(): AsyncGenerator<SourceRecord> {
    for (const row of dataset.rows) yield { value: JSON.stringify(rowToPayload(row, fields)), timestamp: row.timestamp };
  }
  let anomalousRows = 0;
  for (const label of dataset.labels) anomalousRows += label;
  const keyIndex = new Map(dataset.keys.map((k, i) => [JSON.stringify(k), i]));
  const series = dataset.keys.map(() => ({ timestamps: [] as number[], values: dataset.featureNames.map(() => [] as number[]) }));
  for (const row of dataset.rows) {
    const target = series[keyIndex.get(JSON.stringify(row.keys)) ?? -1];
    if (!target) continue;
    target.timestamps.push(row.timestamp);
    row.values.forEach((v, f) => target.values[f]?.push(v));
  }
  return {
    records: records(),
    truth: {
      keys: dataset.keys,
      features: dataset.featureNames,
      points: options.points ?? 1440,
      intervalMs: options.intervalMs ?? 60_000,
      events: dataset.events,
      anomalousRows,
      series,
    },
  };
}

function timestampOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string' && value.trim() !== '') {
    const asNumber = Number(value);
    if (Number.isFinite(asNumber)) return timestampOf(asNumber);
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A CSV file with a header: one event per row, numbers cast (key columns stay strings, as keys are names).
 * Each row becomes the JSON object the transformer parses, as a producer would have written it.
 */
export function csvSource(file: string, config: Config): PlayableSource {
  const keyFields = new Set(config.keys);
  async function* records(): AsyncGenerator<SourceRecord> {
    const parser = createReadStream(file).pipe(
      parse({
        columns: true,
        skip_empty_lines: true,
        trim: true,
        cast: (value, context) => (context.header || keyFields.has(String(context.column)) || !NUMERIC.test(value) ? value : Number(value)),
      }),
    );
    try {
      for await (const row of parser as AsyncIterable<Record<string, unknown>>) {
        const timestamp = timestampOf(row[config.timestampField]);
        yield { value: JSON.stringify(row), ...(timestamp !== undefined ? { timestamp } : {}) };
      }
    } catch (err) {
      throw new Error(`source ${file}: ${(err as Error).message}`);
    }
  }
  return { records: records() };
}

/**
 * A JSONL file: each non-empty line is one event, passed on as written (the transformer judges it). The
 * timestamp is read only for a pipeline without a transformer (`withTimestamps`), where it is the event time.
 */
export function jsonlSource(file: string, config: Config, withTimestamps: boolean): PlayableSource {
  async function* records(): AsyncGenerator<SourceRecord> {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let timestamp: number | undefined;
      if (withTimestamps) try {
        const parsed: unknown = JSON.parse(line);
        if (typeof parsed === 'object' && parsed !== null) timestamp = timestampOf((parsed as Record<string, unknown>)[config.timestampField]);
      } catch {
        // Not JSON: still delivered; the transformer marks it invalid.
      }
      yield { value: line, ...(timestamp !== undefined ? { timestamp } : {}) };
    }
  }
  return { records: records() };
}
