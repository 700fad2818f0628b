// Benchmark: the inference UDF (warm cache, dense autoencoder bundle) against a raw @grpc/grpc-js echo map
// server (the numaflow package's baseline) in the same run, unary and batch map, both driven by the SDK's
// MapClient like the numaflow bench: 500 in flight (unary) or batches of 500 closed by EOT (batch), servers in
// child processes, driven in turns of short segments so load elsewhere on the machine falls on both alike.
// Run: npm run bench (in packages/inference, after the build). Env: BENCH_MESSAGES (default 30000 per server
// and mode), BENCH_SEGMENT (default 3000), BENCH_MODES (default unary,batch), BENCH_CPU_PROFILE (a folder: the
// inference server writes a V8 CPU profile there), BENCH_WINDOW_FORMAT (frame, what preprocess sends, by default;
// or json).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MapClient, mainThreadCpuMs, processCpuMs, type DatumInput } from '@numalogic/numaflow/client';
import { encodeWindowFrame } from '@numalogic/core';
import { createStore } from '@numalogic/registry';
import { syntheticRows, trainFixtureBundle, windowOf } from './fixture-bundle.js';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 30_000);
const SEGMENT = Number(process.env['BENCH_SEGMENT'] ?? 3_000);
const MODES = (process.env['BENCH_MODES'] ?? 'unary,batch').split(',') as ('unary' | 'batch')[];
const WINDOW_FORMAT = process.env['BENCH_WINDOW_FORMAT'] ?? 'frame';
if (WINDOW_FORMAT !== 'frame' && WINDOW_FORMAT !== 'json') throw new Error(`BENCH_WINDOW_FORMAT must be frame or json, got ${WINDOW_FORMAT}`);
const WARMUP = 3_000;
const CONCURRENCY = 500;

const INFERENCE = fileURLToPath(new URL('../main.js', import.meta.url));
const RAW_ECHO = fileURLToPath(new URL('./bench/raw-echo-server.js', import.meta.resolve('@numalogic/numaflow')));

interface Run {
  name: string;
  child: ChildProcess;
  exited: Promise<unknown>;
  socketDir: string;
  client: MapClient;
  latencies: Float64Array;
  measured: number;
  segmentRates: number[];
  /** CPU milliseconds of the server process over the measured segments. */
  cpuMs: number;
  /** The same, of the server's main thread alone (gRPC; inference scores on a worker thread). */
  mainCpuMs: number;
  /** CPU milliseconds of this process (the client) over the measured segments. */
  clientCpuMs: number;
}


async function launch(name: string, args: (socketDir: string) => string[], env: Record<string, string>, mode: 'unary' | 'batch'): Promise<Run> {
  const socketDir = mkdtempSync(join(tmpdir(), 'inference-bench-'));
  const child = spawn(process.execPath, args(socketDir), { env: { ...process.env, ...env, NUMALOGIC_SOCKET_DIR: socketDir }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const client = await MapClient.connect({ socketDir, mode: mode === 'unary' ? 'unary-map' : 'batch-map', concurrency: CONCURRENCY, timeoutMs: 60_000 });
  return { name, child, exited, socketDir, client, latencies: new Float64Array(MESSAGES), measured: 0, segmentRates: [], cpuMs: 0, mainCpuMs: 0, clientCpuMs: 0 };
}

async function drive(run: Run, datums: DatumInput[], count: number, record: boolean): Promise<void> {
  const sentAt = new Float64Array(count);
  function* feed(): Generator<DatumInput> {
    for (let i = 0; i < count; i++) {
      sentAt[i] = performance.now();
      yield datums[i % datums.length]!;
    }
  }
  const offset = run.measured;
  const cpuBefore = processCpuMs(run.child.pid);
  const mainBefore = mainThreadCpuMs(run.child.pid);
  const clientBefore = process.cpuUsage();
  const start = performance.now();
  await run.client.mapAll(feed(), {
    collect: false,
    onResult: record ? (index) => (run.latencies[offset + index] = performance.now() - sentAt[index]!) : undefined,
  });
  if (!record) return;
  run.segmentRates.push(count / ((performance.now() - start) / 1000));
  run.cpuMs += processCpuMs(run.child.pid) - cpuBefore;
  run.mainCpuMs += mainThreadCpuMs(run.child.pid) - mainBefore;
  const client = process.cpuUsage(clientBefore);
  run.clientCpuMs += (client.user + client.system) / 1e3;
  run.measured += count;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: Float64Array, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const work = mkdtempSync(join(tmpdir(), 'inference-bench-store-'));
try {
  const shape = { features: ['cpu', 'mem', 'latency'], window: 12, intervalMs: 60_000 };
  const storeFolder = join(work, 'models');
  const trained = await trainFixtureBundle(createStore({ kind: 'fs', root: storeFolder }), ['bench'], shape, { rows: 500, epochs: 10 });
  const configPath = join(work, 'config.json');
  // The model is named, not left to the default: the benchmark is of the dense autoencoder, whatever the default.
  const models = { dense: [{ name: 'dense-autoencoder' }], sparse: [{ name: 'dense-autoencoder' }] };
  writeFileSync(configPath, JSON.stringify({ keys: ['service'], features: shape.features, window: { points: shape.window, intervalMs: shape.intervalMs }, models }));
  const rows = syntheticRows(600, shape.features.length, 11);
  const datums: DatumInput[] = Array.from({ length: 64 }, (_, i) => {
    const w = windowOf(['bench'], rows, 100 + i, shape);
    // What preprocess sends (a window frame), or a JSON window with BENCH_WINDOW_FORMAT=json.
    const value = WINDOW_FORMAT === 'json' ? Buffer.from(JSON.stringify(w)) : Buffer.from(encodeWindowFrame(w));
    return { keys: w.keys, value, eventTime: w.end };
  });
  const inferenceEnv = { NUMALOGIC_CONFIG: configPath, NUMALOGIC_STORE_FOLDER: storeFolder, NUMALOGIC_METRICS_PORT: 'off', NUMALOGIC_LOG_LEVEL: 'warn' };
  console.log(
    `inference UDF bench: dense autoencoder bundle ${trained.version} (window ${shape.window} x ${shape.features.length} features), ` +
      `one key (warm cache), ${datums[0]!.value.length}-byte window payloads (${WINDOW_FORMAT}); ${MESSAGES} messages per server and mode in turns of ${SEGMENT}; node ${process.version}\n` +
      'msg/s = median over segments; latency = send to answer, per message; raw echo answers the same payload unchanged',
  );
  for (const mode of MODES) {
    const runs: Run[] = [];
    try {
      runs.push(await launch('raw grpc-js echo', (dir) => [RAW_ECHO, '--mode', mode, '--codec', 'loader', '--socket-dir', dir], {}, mode));
      const profile = process.env['BENCH_CPU_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROFILE']}`] : [];
      runs.push(await launch('inference UDF', () => [...profile, INFERENCE], { ...inferenceEnv, NUMALOGIC_MAP_MODE: mode }, mode));
      const [probe] = await runs[1]!.client.mapAll([datums[0]!]);
      if (probe?.[0]?.tags[0] !== 'score') throw new Error(`inference did not score with the bundle: ${probe?.[0]?.value.toString()}`);
      for (const run of runs) await drive(run, datums, WARMUP, false);
      while (runs.some((run) => run.measured < MESSAGES)) for (const run of runs) await drive(run, datums, Math.min(SEGMENT, MESSAGES - run.measured), true);
    } finally {
      for (const run of runs) {
        run.client.close();
        run.child.kill('SIGTERM');
        await run.exited;
        rmSync(run.socketDir, { recursive: true, force: true });
      }
    }
    const [baseline, udf] = runs as [Run, Run];
    console.log(`\n${mode} map (${mode === 'unary' ? `${CONCURRENCY} in flight` : `batches of ${CONCURRENCY}, each closed by EOT`})`);
    for (const run of runs) {
      const sorted = run.latencies.slice(0, run.measured).sort();
      const cpu = (run.cpuMs / run.measured) * 1e3; // us per message
      const mainCpu = (run.mainCpuMs / run.measured) * 1e3;
      const clientCpu = (run.clientCpuMs / run.measured) * 1e3;
      console.log(
        `  ${run.name.padEnd(18)} ${Math.round(median(run.segmentRates)).toLocaleString('en-US').padStart(7)} msg/s` +
          `  p50 ${percentile(sorted, 0.5).toFixed(1).padStart(5)} ms  p99 ${percentile(sorted, 0.99).toFixed(1).padStart(6)} ms  server CPU ${cpu.toFixed(1).padStart(6)} us/msg (main thread ${mainCpu.toFixed(1).padStart(4)})  client CPU ${clientCpu.toFixed(1).padStart(5)} us/msg`,
      );
    }
    console.log(`  inference / raw echo: ${(median(udf.segmentRates) / median(baseline.segmentRates)).toFixed(2)}x (target >= 0.6x)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
