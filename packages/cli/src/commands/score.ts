import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { commandConfig } from '../config.js';
import { readCsvRecords } from '../csv/records.js';
import { formatChunk, outputHeader } from '../score/output.js';
import { createScorePipeline } from '../score/pipeline.js';

export interface ScoreOptions {
  config?: string;
  store?: string;
  /** Most rows per chunk (default CHUNK_ROWS): training runs between chunks, so also how long a request waits. */
  chunkRows?: number;
  /** Stops after the chunk in progress; the run's own store is still dropped. */
  signal?: AbortSignal;
}

export interface ScoreTotals {
  rows: number;
  invalid: number;
  trainings: number;
  seconds: number;
}

/** Writes text, waiting for the stream to drain when it asks to (bounded memory on a slow reader). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * `numalogic score`: CSV on `input`, one output row per input row on `output`. Throws ConfigError for a bad
 * configuration and HeaderError for a header without the configured columns; bad rows never throw.
 */
export async function scoreCsv(options: ScoreOptions, input: Readable, output: Writable): Promise<ScoreTotals> {
  const config = commandConfig(options.config);
  const pipeline = createScorePipeline(config, options.store);
  const started = performance.now();
  const totals: ScoreTotals = { rows: 0, invalid: 0, trainings: 0, seconds: 0 };
  let headerWritten = false;
  // An abort also stops waiting for input (stdin may be an open pipe with nothing coming).
  const stopReading = () => input.destroy();
  options.signal?.addEventListener('abort', stopReading, { once: true });
  const writeHeader = async () => {
    if (headerWritten || pipeline.engine.columns === null) return;
    headerWritten = true;
    await write(output, stringify([outputHeader(config, pipeline.engine.columns.keys.length > 0)]));
  };
  try {
    for await (const chunk of pipeline.engine.score(readCsvRecords(input, options.chunkRows))) {
      await writeHeader();
      totals.rows += chunk.count;
      for (let i = 0; i < chunk.count; i++) if (chunk.statuses[i] === 'invalid') totals.invalid++;
      await write(output, formatChunk(chunk));
      if (options.signal?.aborted) break;
    }
    await writeHeader();
  } catch (err) {
    if (!options.signal?.aborted) throw err; // reading a destroyed stream fails: expected after an abort
  } finally {
    options.signal?.removeEventListener('abort', stopReading);
    totals.trainings = pipeline.engine.trainings;
    totals.seconds = (performance.now() - started) / 1000;
    await pipeline.close();
  }
  return totals;
}
