import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MapClient, ReduceClient, SourceTransformClient, endpointPaths, readServerInfo, type MapMode } from '@numalogic/numaflow/client';
import { deepMerge, loadConfig } from '@numalogic/runtime';
import type { Config } from '@numalogic/core';
import { UdfChild } from './child.js';
import { Engine, type EngineClients } from './engine.js';
import { RunAbortedError, VertexDiedError } from './errors.js';
import type { RunOptions, RunProgress, RunSummary, VertexSummary } from './options.js';
import { planPipeline, type Plan, type ProcessSpec } from './plan.js';
import { JsonlFile, SinkWriter } from './sinks.js';
import { csvSource, generatorSource, jsonlSource, type PlayableSource } from './sources.js';

const DEFAULT_REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Udf {
  vertex: string;
  kind: 'transformer' | 'map' | 'reduce';
  spec: ProcessSpec;
  socketDir: string;
  child?: UdfChild;
}

function runFolderName(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

function readConfig(options: RunOptions): Config {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  if (options.config) env['NUMALOGIC_CONFIG'] = resolve(options.config);
  else delete env['NUMALOGIC_CONFIG'];
  try {
    return loadConfig(env);
  } catch (err) {
    throw new Error(`configuration${options.config ? ` ${options.config}` : ''}: ${(err as Error).message}`);
  }
}

function openSource(options: RunOptions, config: Config, plan: Plan): PlayableSource {
  const source = options.source ?? 'generator';
  if (source === 'generator') return generatorSource(config, options.generator);
  if (!existsSync(source)) throw new Error(`source file ${source} does not exist`);
  const extension = extname(source).toLowerCase();
  if (extension === '.csv') return csvSource(source, config);
  if (extension === '.jsonl' || extension === '.ndjson') {
    const hasTransformer = plan.vertices.some((v) => v.role === 'source' && v.transformer);
    return jsonlSource(source, config, !hasTransformer);
  }
  throw new Error(`source ${source}: expected 'generator', a .csv file or a .jsonl file`);
}

function udfsOf(plan: Plan): Udf[] {
  const udfs: Udf[] = [];
  for (const v of plan.vertices) {
    const socketDir = (): string => mkdtempSync(join(tmpdir(), 'nl-'));
    if (v.role === 'source' && v.transformer) udfs.push({ vertex: v.name, kind: 'transformer', spec: v.transformer, socketDir: socketDir() });
    if (v.role === 'map' || v.role === 'reduce') udfs.push({ vertex: v.name, kind: v.role, spec: v.process, socketDir: socketDir() });
  }
  return udfs;
}


/**
 * A local run plays hours of event time in seconds, so a model cache that lives minutes of wall time would
 * hide every model trained during the run: the runner shortens it, unless NUMALOGIC_OVERRIDES sets it.
 * Overrides written as YAML rather than JSON are passed on untouched.
 */
function withLocalStore(overrides: string | undefined, store: string, cacheTtlMs: number): string | undefined {
  const ours = { store: { kind: 'fs', folder: store, cacheTtl: cacheTtlMs } };
  if (!overrides) return JSON.stringify(ours);
  try {
    return JSON.stringify(deepMerge(ours, JSON.parse(overrides)));
  } catch {
    return overrides;
  }
}

function childEnv(udf: Udf, plan: Plan, options: RunOptions, store: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    // Every vertex runs on this machine's cores at once: inference's scoring thread, which pays where a pod has a
    // core to spare, only adds hand-overs here (docs/benchmarks.md, "local runner"). The environment, the
    // YAML's container env and the run's options may still turn it on.
    NUMALOGIC_SCORING_THREAD: 'off',
    ...process.env,
    ...udf.spec.env,
    NUMALOGIC_SOCKET_DIR: udf.socketDir,
    NUMAFLOW_VERTEX_NAME: udf.vertex,
    NUMAFLOW_PIPELINE_NAME: plan.pipeline,
    NUMAFLOW_REPLICA: '0',
    NUMAFLOW_UD_CONTAINER_TYPE: udf.spec.containerType,
    NUMALOGIC_METRICS_PORT: '0',
    NUMALOGIC_STORE_FOLDER: store,
    ...options.env,
  };
  const overrides = withLocalStore(env['NUMALOGIC_OVERRIDES'], store, options.modelCacheTtlMs ?? 1000);
  if (overrides !== undefined) env['NUMALOGIC_OVERRIDES'] = overrides;
  // The YAML's config path is where a cluster mounts the ConfigMap; locally the option names the file.
  if (options.config) env['NUMALOGIC_CONFIG'] = resolve(options.config);
  else if (env['NUMALOGIC_CONFIG'] && !existsSync(env['NUMALOGIC_CONFIG'])) delete env['NUMALOGIC_CONFIG'];
  return env;
}

/** Resolves when any child dies unexpectedly, with the error naming it. */
function firstDeath(udfs: Udf[]): Promise<VertexDiedError> {
  return new Promise((resolveDeath) => {
    for (const udf of udfs) {
      void udf.child?.exited.then((exit) => {
        if (udf.child?.diedUnexpectedly) resolveDeath(new VertexDiedError(udf.vertex, exit, udf.child.logPath, udf.child.tail()));
      });
    }
  });
}

async function connect(udf: Udf, clients: EngineClients, batchSize: number, timeoutMs: number): Promise<void> {
  const common = { socketDir: udf.socketDir, timeoutMs };
  if (udf.kind === 'transformer') clients.transformer = await SourceTransformClient.connect({ ...common, concurrency: batchSize });
  else if (udf.kind === 'reduce') clients.reduces.set(udf.vertex, await ReduceClient.connect(common));
  else {
    // As the platform does: the map mode comes from the server-info file the UDF wrote.
    const info = await readServerInfo(endpointPaths('map', udf.socketDir).serverInfoPath, timeoutMs);
    const mode = info.metadata['MAP_MODE'] as MapMode | undefined;
    if (mode !== 'unary-map' && mode !== 'batch-map' && mode !== 'stream-map') {
      throw new Error(`vertex "${udf.vertex}": server-info MAP_MODE=${String(mode)} is not unary-map, batch-map or stream-map`);
    }
    clients.maps.set(udf.vertex, await MapClient.connect({ ...common, mode, concurrency: batchSize }));
  }
}

function closeClients(clients: EngineClients): void {
  clients.transformer?.close();
  for (const c of clients.maps.values()) c.close();
  for (const c of clients.reduces.values()) c.close();
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * Plays a Numaflow Pipeline YAML on this machine: every UDF vertex a child process on its own Unix socket,
 * driven over gRPC as the platform drives it. Resolves with the summary once the end of input has reached
 * every sink; rejects with PipelineRefusedError, VertexDiedError, RunAbortedError or a clear Error.
 */
export async function runPipeline(options: RunOptions): Promise<RunSummary> {
  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  const repoRoot = resolve(options.repoRoot ?? DEFAULT_REPO_ROOT);
  const batchSize = options.batchSize ?? 500;
  const plan = planPipeline(options.pipelinePath, { repoRoot, images: options.images });
  const config = readConfig(options);
  const source = openSource(options, config, plan);
  const runDir = resolve(options.runDir ?? join('.numalogic', 'runs', runFolderName()));
  // A fresh store per run by default: a later run of the same data on the same store would score from its
  // first window with models trained on that very data (look-ahead), and train none.
  const store = resolve(options.store ?? join(runDir, 'models'));
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  mkdirSync(store, { recursive: true });

  const sinkNames = plan.vertices.filter((v) => v.role === 'sink').map((v) => v.name);
  const sinkFiles = new Map(sinkNames.map((name) => [name, new JsonlFile(join(runDir, `${name}.jsonl`))]));
  const outSinks = sinkNames.includes('out') ? ['out'] : sinkNames;
  const sinks = new SinkWriter(sinkFiles, options.out ? { file: new JsonlFile(resolve(options.out)), sinks: outSinks } : undefined, config.postprocess.alertLevel);
  let generatedTruthPath: string | undefined;
  if (source.truth) {
    generatedTruthPath = join(runDir, 'generated-truth.json');
    writeFileSync(generatedTruthPath, JSON.stringify(source.truth));
  }

  const udfs = udfsOf(plan);
  const clients: EngineClients = { maps: new Map(), reduces: new Map() };
  let engine: Engine | undefined;
  let startupMs = 0;
  const cpuByVertex = new Map<string, number>();
  let abortReason: string | undefined;
  let rejectAbort: (err: Error) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => (rejectAbort = reject));
  aborted.catch(() => undefined);
  const abort = (reason: string): void => {
    abortReason ??= reason;
    const err = new RunAbortedError(abortReason);
    engine?.fail(err);
    rejectAbort(err);
  };
  const onAbortSignal = (): void => abort(String(options.signal?.reason ?? 'abort signal'));
  const onSigint = (): void => abort('SIGINT');
  const onSigterm = (): void => abort('SIGTERM');
  if (options.signal?.aborted) throw new RunAbortedError(String(options.signal.reason ?? 'abort signal'));
  options.signal?.addEventListener('abort', onAbortSignal, { once: true });
  if (options.handleSignals ?? true) {
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
  }

  const progress = (): RunProgress => ({
    elapsedMs: Date.now() - started,
    datumsRead: engine?.datumsRead ?? 0,
    vertices: plan.vertices.map((v) => {
      const c = engine?.counters.get(v.name);
      const children = udfs.filter((u) => u.vertex === v.name && u.child);
      return {
        name: v.name,
        role: v.role,
        in: c?.in ?? 0,
        out: c?.out ?? 0,
        errors: children.reduce((n, u) => n + (u.child?.errorLines ?? 0), 0),
        ...(children[0]?.child ? { pid: children[0].child.pid } : {}),
        ...(c && Number.isFinite(c.watermark) ? { watermark: c.watermark } : {}),
      };
    }),
  });
  const report = (): void => {
    try {
      options.onProgress?.(progress());
    } catch {
      // A failing progress printer must not take the run (and its children) down with it.
    }
  };
  const timer = options.onProgress ? setInterval(report, options.progressIntervalMs ?? 1000) : undefined;

  try {
    for (const udf of udfs) {
      udf.child = await UdfChild.start({
        vertex: udf.vertex,
        spec: udf.spec,
        env: childEnv(udf, plan, options, store),
        cwd: repoRoot,
        logPath: join(runDir, 'logs', `${udf.vertex}${udf.kind === 'transformer' ? '-transformer' : ''}.log`),
      });
    }
    const death = firstDeath(udfs);
    const startTimeout = options.startTimeoutMs ?? 30_000;
    await Promise.race([Promise.all(udfs.map((u) => connect(u, clients, batchSize, startTimeout))), death.then((e) => Promise.reject(e)), aborted]);
    startupMs = Date.now() - started;
    engine = new Engine({ plan, clients, source, sinks, batchSize, outOfOrderMs: options.outOfOrderMs ?? 0 });
    if (abortReason) engine.fail(new RunAbortedError(abortReason));
    const running = engine.run();
    void death.then((err) => engine?.fail(err));
    try {
      await running;
    } catch (err) {
      // A gRPC error often arrives before the child's exit: name the dead vertex when there is one.
      const fromGrpc = typeof (err as { code?: unknown }).code === 'number';
      if (fromGrpc && !(err instanceof VertexDiedError) && !(err instanceof RunAbortedError)) {
        const dead = await Promise.race([death, sleep(1000).then(() => undefined)]);
        if (dead) throw dead;
      }
      throw err;
    }
  } catch (err) {
    if (!(err instanceof VertexDiedError) && !(err instanceof RunAbortedError)) {
      const dead = udfs.find((u) => u.child?.diedUnexpectedly);
      if (dead?.child) throw new VertexDiedError(dead.vertex, dead.child.exit!, dead.child.logPath, dead.child.tail());
    }
    throw err;
  } finally {
    if (timer) clearInterval(timer);
    for (const u of udfs) {
      const cpu = u.child?.cpuMs();
      if (cpu !== undefined) cpuByVertex.set(u.vertex, (cpuByVertex.get(u.vertex) ?? 0) + cpu);
    }
    closeClients(clients);
    await Promise.all(udfs.map((u) => u.child?.stop(options.stopGraceMs ?? 5000)));
    // Signals stay ours until every child is down: a second Ctrl-C must not kill the runner and orphan them.
    options.signal?.removeEventListener('abort', onAbortSignal);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    for (const u of udfs) rmSync(u.socketDir, { recursive: true, force: true });
    await sinks.close();
  }

  const final = progress();
  const runnerCpu = process.cpuUsage(cpuAtStart);
  options.onProgress?.(final);
  // Rates over the time data flowed, start-up excluded (it is reported on its own).
  const seconds = Math.max((final.elapsedMs - startupMs) / 1000, 1e-3);
  const vertices: VertexSummary[] = final.vertices.map((v) => {
    const c = engine!.counters.get(v.name)!;
    const child = udfs.find((u) => u.vertex === v.name)?.child;
    return {
      ...v,
      ratePerSec: v.in / seconds,
      warnings: udfs.filter((u) => u.vertex === v.name).reduce((n, u) => n + (u.child?.warningLines ?? 0), 0),
      late: c.late,
      windows: c.windows,
      ...(cpuByVertex.has(v.name) ? { cpuMs: cpuByVertex.get(v.name)! } : {}),
      ...(child ? { logPath: child.logPath } : {}),
    };
  });
  return {
    pipeline: plan.pipeline,
    pipelinePath: options.pipelinePath,
    source: options.source ?? 'generator',
    elapsedMs: final.elapsedMs,
    startupMs,
    runnerCpuMs: Math.round((runnerCpu.user + runnerCpu.system) / 1000),
    datumsIn: engine!.datumsRead,
    keys: engine!.keys.size,
    windows: vertices.reduce((n, v) => n + v.windows, 0),
    modelsTrained: sinks.tally.modelsTrained,
    trainingEvents: sinks.tally.trainingEvents,
    anomalies: sinks.tally.anomalies,
    invalid: sinks.tally.invalid,
    late: vertices.reduce((n, v) => n + v.late, 0),
    alertLevel: config.postprocess.alertLevel,
    vertices,
    runDir,
    storeDir: store,
    sinkFiles: Object.fromEntries([...sinkFiles].map(([name, file]) => [name, file.path])),
    ...(options.out ? { outPath: resolve(options.out) } : {}),
    ...(source.truth ? { generated: source.truth } : {}),
    ...(generatedTruthPath ? { generatedTruthPath } : {}),
  };
}
