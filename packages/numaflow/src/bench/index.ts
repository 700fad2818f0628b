// Benchmark: echo map server through the SDK vs raw @grpc/grpc-js echo servers, unary and batch mode,
// driven by the same platform-like client (500 in flight / batches of 500 + EOT), servers in child processes.
// All servers of a mode run at once and are driven in turn, in short segments, so load from elsewhere on
// the machine falls on every contender alike. The client is usually the bottleneck (a grpc-js client does
// more per message than a server), so the server's CPU time per message (from /proc) is reported as well:
// it is the measure of server efficiency that load elsewhere does not distort.
// Run: npm run bench (in packages/numaflow). Env: BENCH_MESSAGES (default 200000 per server and mode),
// BENCH_SEGMENT (default 10000), BENCH_MODES (default unary,batch).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MapClient, processCpuMs, type DatumInput, type MapMode } from '../client/index.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const SEGMENT = Number(process.env.BENCH_SEGMENT ?? 10_000);
const MODES = (process.env.BENCH_MODES ?? 'unary,batch').split(',') as ('unary' | 'batch')[];
const WARMUP = 20_000;
const PAYLOAD = Buffer.alloc(100, 'x');

const ECHO = fileURLToPath(new URL('../../examples/echo.js', import.meta.url));
const RAW = fileURLToPath(new URL('./raw-echo-server.js', import.meta.url));

interface Contender {
  name: string;
  args: (mode: string, socketDir: string) => string[];
}

const SDK = 'SDK echo';
const CONTENDERS: Contender[] = [
  { name: 'raw grpc-js (proto-loader codec)', args: (mode, dir) => [RAW, '--mode', mode, '--codec', 'loader', '--socket-dir', dir] },
  { name: 'raw grpc-js (lean codec)', args: (mode, dir) => [RAW, '--mode', mode, '--codec', 'lean', '--socket-dir', dir] },
  { name: SDK, args: (mode) => [ECHO, '--mode', mode] },
];

interface Running {
  contender: Contender;
  child: ChildProcess;
  exited: Promise<unknown>;
  socketDir: string;
  client: MapClient;
  latencies: Float64Array;
  measured: number;
  seconds: number;
  /** msg/s of each measured segment. */
  segmentRates: number[];
  /** Server CPU time (user + system) spent in the measured segments, in ms. */
  cpuMs: number;
}

async function launch(contender: Contender, mode: 'unary' | 'batch'): Promise<Running> {
  const socketDir = mkdtempSync(join(tmpdir(), 'numaflow-bench-'));
  const child = spawn(process.execPath, contender.args(mode, socketDir), {
    env: { ...process.env, NUMALOGIC_SOCKET_DIR: socketDir },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const mapMode: MapMode = mode === 'unary' ? 'unary-map' : 'batch-map';
  const client = await MapClient.connect({ mode: mapMode, socketDir, concurrency: 500, timeoutMs: 20_000 });
  return { contender, child, exited, socketDir, client, latencies: new Float64Array(MESSAGES), measured: 0, seconds: 0, segmentRates: [], cpuMs: 0 };
}

const DATUM: DatumInput = { keys: ['key'], value: PAYLOAD, eventTime: 1_700_000_000_000 };

/** Sends `count` datums; records per-message latency (send to answer) from `offset` on, unless warming up. */
async function drive(run: Running, count: number, record: boolean): Promise<void> {
  const sentAt = new Float64Array(count);
  function* datums(): Generator<DatumInput> {
    for (let i = 0; i < count; i++) {
      sentAt[i] = performance.now();
      yield DATUM;
    }
  }
  const offset = run.measured;
  const cpuBefore = processCpuMs(run.child.pid);
  const start = performance.now();
  await run.client.mapAll(datums(), {
    collect: false,
    onResult: record ? (index) => (run.latencies[offset + index] = performance.now() - (sentAt[index] as number)) : undefined,
  });
  if (record) {
    const seconds = (performance.now() - start) / 1000;
    run.seconds += seconds;
    run.segmentRates.push(count / seconds);
    run.cpuMs += processCpuMs(run.child.pid) - cpuBefore;
    run.measured += count;
  }
}

async function stop(run: Running): Promise<void> {
  run.client.close();
  run.child.kill('SIGTERM');
  await run.exited;
  rmSync(run.socketDir, { recursive: true, force: true });
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

console.log(
  `numaflow SDK bench: ${MESSAGES} messages of ${PAYLOAD.length} bytes per server and mode, ` +
    `driven in turns of ${SEGMENT}; node ${process.version}\n` +
    'msg/s = median over segments (overall = all messages / all time); latency = send to answer, per message',
);
for (const mode of MODES) {
  const runs: Running[] = [];
  for (const contender of CONTENDERS) runs.push(await launch(contender, mode));
  try {
    for (const run of runs) await drive(run, WARMUP, false);
    while (runs.some((run) => run.measured < MESSAGES)) {
      for (const run of runs) await drive(run, Math.min(SEGMENT, MESSAGES - run.measured), true);
    }
  } finally {
    for (const run of runs) await stop(run);
  }
  // Median of the segment rates: a stall caused elsewhere on the machine spoils one segment, not the figure.
  const rate = (run: Running): number => {
    const sorted = [...run.segmentRates].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };
  const overall = (run: Running): number => run.measured / run.seconds;
  const cpuPerMessage = (run: Running): number => (run.cpuMs / run.measured) * 1e3;
  const sdk = runs.find((run) => run.contender.name === SDK) as Running;
  console.log(`\n${mode} map (${mode === 'unary' ? '500 in flight' : 'batches of 500, each closed by EOT'})`);
  for (const run of runs) {
    const sorted = run.latencies.slice(0, run.measured).sort();
    const ratios =
      run === sdk
        ? ''
        : `   SDK/this: rate ${(rate(sdk) / rate(run)).toFixed(2)}x, CPU efficiency ${(cpuPerMessage(run) / cpuPerMessage(sdk)).toFixed(2)}x`;
    console.log(
      `  ${run.contender.name.padEnd(33)} ${Math.round(rate(run)).toLocaleString('en-US').padStart(7)} msg/s` +
        ` (overall ${Math.round(overall(run)).toLocaleString('en-US')})` +
        `  p50 ${percentile(sorted, 0.5).toFixed(1).padStart(4)} ms  p99 ${percentile(sorted, 0.99).toFixed(1).padStart(5)} ms` +
        `  server CPU ${cpuPerMessage(run).toFixed(1).padStart(5)} us/msg${ratios}`,
    );
  }
}
