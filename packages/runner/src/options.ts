import type { GeneratedTruth, GeneratorOptions } from './sources.js';

export interface RunOptions {
  /** The Numaflow Pipeline YAML. */
  pipelinePath: string;
  /** 'generator' (default), or a .csv / .jsonl / .ndjson file. */
  source?: 'generator' | string;
  generator?: GeneratorOptions;
  /** Local configuration file given to every UDF as NUMALOGIC_CONFIG (the YAML's path is a cluster path). */
  config?: string;
  /** Model store folder (NUMALOGIC_STORE_FOLDER). Default <runDir>/models: a fresh store per run; give a folder to reuse models across runs. */
  store?: string;
  /** Main output file: the sink vertex `out` if there is one, else every sink. */
  out?: string;
  /** Folder for logs and sink files. Default ./.numalogic/runs/<time>. */
  runDir?: string;
  /** Repository root holding packages/<name>/dist/main.js. Default: the one this package is in. */
  repoRoot?: string;
  /**
   * The UDFs' model cache lifetime (store.cacheTtl), ms. Default 1000: a local run plays hours of event time
   * in seconds, and a longer cache would hide models trained during the run. NUMALOGIC_OVERRIDES wins.
   */
  modelCacheTtlMs?: number;
  /** Extra environment for every UDF (e.g. NUMALOGIC_OVERRIDES), over the runner's own. */
  env?: Record<string, string>;
  /** Image -> argv for UDFs that are not packages of this repository. */
  images?: Record<string, string[]>;
  /** Messages per vertex per step. Default 500 (the pipeline's limits.readBatchSize). */
  batchSize?: number;
  /** Bounded out-of-orderness subtracted from the source watermark, ms. Default 0. */
  outOfOrderMs?: number;
  onProgress?: (progress: RunProgress) => void;
  /** How often onProgress is called, ms. Default 1000. */
  progressIntervalMs?: number;
  /** Aborts the run: children are stopped and runPipeline rejects with RunAbortedError. */
  signal?: AbortSignal;
  /** Treat SIGINT / SIGTERM to this process as an abort while the run lasts. Default true. */
  handleSignals?: boolean;
  /** How long a child gets after SIGTERM before SIGKILL, ms. Default 5000. */
  stopGraceMs?: number;
  /** How long a UDF gets to start serving, ms. Default 30000. */
  startTimeoutMs?: number;
}

export interface VertexProgress {
  name: string;
  role: 'source' | 'map' | 'reduce' | 'sink';
  in: number;
  out: number;
  /** Error lines in the vertex's log so far. */
  errors: number;
  pid?: number;
  /** The vertex's output watermark (epoch ms), once it has one. */
  watermark?: number;
}

export interface RunProgress {
  elapsedMs: number;
  datumsRead: number;
  vertices: VertexProgress[];
}

export interface VertexSummary extends VertexProgress {
  /** Input messages per second from the end of start-up to the end of the run. */
  ratePerSec: number;
  warnings: number;
  /** CPU time of the vertex's process(es) over the run (Linux), ms; the runner's own for the sinks. */
  cpuMs?: number;
  late: number;
  windows: number;
  logPath?: string;
}

export interface RunSummary {
  pipeline: string;
  pipelinePath: string;
  source: string;
  elapsedMs: number;
  /** Of elapsedMs, the time until every UDF served (children started, sockets connected). */
  startupMs: number;
  /** CPU time of the runner's own process over the run (reading, routing, sinks), ms. */
  runnerCpuMs: number;
  datumsIn: number;
  /** Distinct keys of the transformed datums (invalid ones excluded). */
  keys: number;
  /** Windows closed, over every reduce vertex. */
  windows: number;
  /** TrainingEvents with status `trained` seen at the sinks. */
  modelsTrained: number;
  /** TrainingEvents by status. */
  trainingEvents: Record<string, number>;
  /** Sink messages tagged `anomaly` or with anomalyScore at or above the alert level (each counted once). */
  anomalies: number;
  /** Sink messages tagged `invalid` or with status `invalid`. */
  invalid: number;
  /** Datums a reduce vertex dropped because every window they belonged to had closed. */
  late: number;
  alertLevel: number;
  vertices: VertexSummary[];
  runDir: string;
  /** The model store folder the UDFs used. */
  storeDir: string;
  /** Sink name -> JSONL file. */
  sinkFiles: Record<string, string>;
  outPath?: string;
  /** What the generator injected (source 'generator'). */
  generated?: GeneratedTruth;
  generatedTruthPath?: string;
}
