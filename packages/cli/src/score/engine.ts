import { KeyedStore, WindowBuilder, toNumberArray, keyIntervalMs, windowBuilderOptions, classifyDensity, type PushOutcome, type Config, type TrainReason, type TrainRequest, type WindowPayload } from '@numalogic/core';
import type { InferenceStage } from '@numalogic/inference';
import type { ThresholdStage } from '@numalogic/threshold';
import type { PostprocessStage } from '@numalogic/postprocess';
import { mapColumns, HeaderError, type ColumnMap } from '../csv/columns.js';
import type { CsvRecord } from '../csv/records.js';
import { PointBuffer } from './point-buffer.js';
import { RowReader } from './row-reader.js';

/**
 * What an output row says: the pipeline's statuses (scored, stale, static, invalid) plus `warmup` for a key's
 * rows before its first full window (fewer than window.points rows seen; their score is 0).
 */
export type RowStatus = 'scored' | 'stale' | 'static' | 'invalid' | 'warmup';

/** The trainer as the score engine drives it: one call per key that asked for training within a chunk. */
export interface KeyTrainer {
  /**
   * Hands over the key's rows since the last call (the trainer merges them into the key's history) and asks
   * for training. The trainer's clock is the engine's `now` (data time), so staleness follows the data.
   */
  train(request: TrainRequest): Promise<{ status: string }>;
}

export interface ScoreStages {
  inference: Pick<InferenceStage, 'scoreWindows'>;
  threshold: Pick<ThresholdStage, 'apply'>;
  postprocess: Pick<PostprocessStage, 'apply'>;
  trainer: KeyTrainer;
}

/** One chunk of output, row-aligned with the chunk of input records (arrays reused between chunks). */
export interface ScoredChunk {
  records: CsvRecord[];
  count: number;
  scores: Float64Array;
  statuses: RowStatus[];
  reasons: (string | null)[];
  /** Epoch ms of each usable row (NaN for invalid rows). */
  timestamps: Float64Array;
  /** Each row's composite key (null for invalid rows); rows of one key share one array. */
  rowKeys: (readonly string[] | null)[];
  columns: ColumnMap;
}

interface KeyState {
  keys: string[];
  /** Null until the key's interval is known (`intervalMs: auto`: inferred from its first window.points rows). */
  window: WindowBuilder | null;
  /** The key's first rows while its interval is being inferred. */
  early: { t: number[]; v: number[][] };
  seen: number;
  pending: PointBuffer;
  /** The key's training request within the chunk, with the grid interval of the window that asked. */
  request: { reason: TrainReason; version?: string; densityClass: string; intervalMs: number } | null;
}

/** Raw points are handed to the trainer from the key's buffer, so windows carry none (saves a copy per row). */
const NO_RAW: WindowPayload['raw'] = Object.freeze({ t: [], v: [] }) as unknown as WindowPayload['raw'];

/**
 * `numalogic score` in one process: CSV rows -> per-key window (core's WindowBuilder, configured as preprocess
 * configures it) -> the inference, threshold and postprocess stages -> one result per row; keys that ask for
 * training are trained in process by the trainer stage after the chunk. No look-ahead: a chunk is scored with
 * the models that existed at its start, trained on rows before it, and online scores use the window alone.
 */
export class ScoreEngine {
  private readonly perKey: KeyedStore<KeyState>;
  private dataNow = 0;
  /** Keys that asked for training in the current chunk. */
  private readonly requested: KeyState[] = [];
  private readonly features: number;
  private chunk: ScoredChunk | null = null;
  /** Where the configured columns sit, once the header was read. */
  columns: ColumnMap | null = null;
  trainings = 0;
  /** One window's values, reused: copied out once per row into the payload inference takes. */
  private readonly scratch: Float64Array;

  constructor(
    private readonly config: Config,
    private readonly stages: ScoreStages,
  ) {
    this.features = config.features.length;
    this.scratch = new Float64Array(config.window.points * this.features);
    this.perKey = new KeyedStore((keys) => this.newKey(keys));
  }

  /** The time inference compares bundle ages against: the newest row time scored before the current chunk. */
  get now(): number {
    return this.dataNow;
  }

  /** Scores a CSV (records of readCsvRecords, header first), chunk by chunk. Throws HeaderError for a bad header. */
  async *score(chunks: AsyncIterable<CsvRecord[]>): AsyncGenerator<ScoredChunk> {
    let reader: RowReader | null = null;
    for await (let records of chunks) {
      if (reader === null) {
        const header = records[0];
        if (header === undefined || header.fields === undefined) throw new HeaderError(`the first line must be a CSV header (${header?.error ?? 'empty'})`);
        const columns = mapColumns(header.fields, this.config);
        reader = new RowReader(columns, this.config);
        this.columns = columns;
        records = records.slice(1);
        if (records.length === 0) continue;
      }
      yield await this.scoreChunk(records, reader);
    }
    if (reader === null) throw new HeaderError('the input is empty: expected a CSV header line');
  }

  private newKey(keys: readonly string[]): KeyState {
    const { window, trainer } = this.config;
    const state: KeyState = {
      keys: [...keys],
      window: window.intervalMs === 'auto' ? null : new WindowBuilder(windowBuilderOptions(window, this.features)),
      early: { t: [], v: [] },
      seen: 0,
      pending: new PointBuffer(this.features, trainer.maxHistory),
      request: null,
    };
    return state;
  }

  private resultsFor(records: CsvRecord[], columns: ColumnMap): ScoredChunk {
    const n = records.length;
    if (this.chunk === null || this.chunk.scores.length < n) {
      this.chunk = {
        records, count: n, columns,
        scores: new Float64Array(n), statuses: new Array<RowStatus>(n), reasons: new Array<string | null>(n),
        timestamps: new Float64Array(n), rowKeys: new Array<readonly string[] | null>(n),
      };
    }
    Object.assign(this.chunk, { records, count: n, columns });
    return this.chunk;
  }

  private async scoreChunk(records: CsvRecord[], reader: RowReader): Promise<ScoredChunk> {
    const out = this.resultsFor(records, reader.columns);
    const { points } = this.config.window;
    const windows: WindowPayload[] = [];
    const windowRows: number[] = [];
    let newest = this.dataNow;
    for (let i = 0; i < records.length; i++) {
      out.scores[i] = 0;
      out.reasons[i] = null;
      out.timestamps[i] = Number.NaN;
      out.rowKeys[i] = null;
      const record = records[i]!;
      const problem = record.error ?? reader.read(record.fields!);
      if (problem !== null) {
        out.statuses[i] = 'invalid';
        out.reasons[i] = problem;
        continue;
      }
      const state = this.perKey.get(reader.keys);
      const pushed = this.push(state, reader.timestamp, reader.values);
      if (pushed === 'late' || pushed === 'invalid') {
        out.statuses[i] = 'invalid';
        out.reasons[i] = pushed === 'late' ? `row is older than its key's window (rows must come in time order per key)` : 'row time is not usable';
        continue;
      }
      out.timestamps[i] = reader.timestamp;
      out.rowKeys[i] = state.keys;
      if (reader.timestamp > newest) newest = reader.timestamp;
      state.pending.push(reader.timestamp, reader.values);
      if (++state.seen < points || state.window === null) {
        out.statuses[i] = 'warmup';
        continue;
      }
      const builder = state.window;
      const complete = builder.copyInto(this.scratch);
      const values = toNumberArray(this.scratch);
      const density = builder.density;
      windows.push({
        keys: state.keys, features: this.config.features, end: builder.endTimestamp, intervalMs: builder.intervalMs, points, values,
        observed: builder.observed, density, densityClass: classifyDensity(this.config, density), complete, raw: NO_RAW,
      });
      windowRows.push(i);
    }
    await this.scoreWindows(windows, windowRows, out);
    this.dataNow = newest;
    await this.train();
    return out;
  }

  /**
   * Adds a row to its key's window. With `intervalMs: auto` the key's first window.points rows are kept until
   * their median gap gives the key's grid; then the window is made and they are replayed into it (those rows
   * are warm-up rows either way: no window is full before them).
   */
  private push(state: KeyState, t: number, values: Float64Array): PushOutcome {
    if (state.window !== null) return state.window.push(t, values);
    if (!Number.isFinite(t)) return 'invalid';
    state.early.t.push(t);
    state.early.v.push(toNumberArray(values));
    if (state.early.t.length < this.config.window.points) return 'added';
    const builder = new WindowBuilder(windowBuilderOptions(this.config.window, this.features, keyIntervalMs(this.config.window, state.early.t)));
    state.early.t.forEach((at, i) => builder.push(at, state.early.v[i]!));
    state.window = builder;
    state.early = { t: [], v: [] };
    return 'added';
  }

  private async scoreWindows(windows: WindowPayload[], rows: number[], out: ScoredChunk): Promise<void> {
    if (windows.length === 0) return;
    const results = await this.stages.inference.scoreWindows(windows);
    for (let w = 0; w < windows.length; w++) {
      const row = rows[w]!;
      const result = results[w]!;
      if (!result.ok) {
        [out.statuses[row], out.reasons[row]] = ['invalid', result.reason];
        continue;
      }
      if (result.train) {
        const state = this.perKey.get(windows[w]!.keys);
        if (state.request === null) this.requested.push(state);
        state.request ??= {
          reason: result.train.reason, densityClass: result.train.densityClass, intervalMs: windows[w]!.intervalMs,
          ...(result.train.version ? { version: result.train.version } : {}),
        };
      }
      const thresholded = await this.stages.threshold.apply(result.scored);
      if (!thresholded.ok) {
        [out.statuses[row], out.reasons[row]] = ['invalid', thresholded.reason];
        continue;
      }
      const post = this.stages.postprocess.apply(thresholded.payload);
      if (!post.ok) {
        [out.statuses[row], out.reasons[row]] = ['invalid', post.reason];
        continue;
      }
      out.scores[row] = post.output.anomalyScore;
      out.statuses[row] = post.output.status;
    }
  }

  /** Trains every key that asked within the chunk, on its rows since its last training call. */
  private async train(): Promise<void> {
    const requested = this.requested.splice(0);
    for (const state of requested) {
      if (state.request === null) continue;
      const { reason, version, densityClass, intervalMs } = state.request;
      state.request = null;
      const request: TrainRequest = {
        keys: state.keys, features: this.config.features, intervalMs, densityClass, reason,
        raw: state.pending.take(), ...(version ? { version } : {}),
      };
      const event = await this.stages.trainer.train(request);
      if (event.status === 'trained') this.trainings++;
    }
  }
}
