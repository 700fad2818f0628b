// Benchmark: echo map server through the SDK vs raw @grpc/grpc-js echo servers, unary and batch mode,
// driven by the same platform-like client (500 in flight / batches of 500), servers in child processes.
// Run: npm run bench (in packages/numaflow). Env: BENCH_MESSAGES (default 200000), BENCH_ROUNDS (default 2),
// BENCH_MODES (default unary,batch).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MapClient, type DatumInput, type MapMode } from '../client/index.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP = 20_000;
const PAYLOAD = Buffer.alloc(100, 'x');

const ECHO = fileURLToPath(new URL('../../examples/echo.js', import.meta.url));
const RAW = fileURLToPath(new URL('./raw-echo-server.js', import.meta.url));

interface Contender {
  name: string;
  args: (mode: string, socketDir: string) => string[];
}

const CONTENDERS: Contender[] = [
  { name: 'raw grpc-js (proto-loader codec)', args: (mode, dir) => [RAW, '--mode', mode, '--codec', 'loader', '--socket-dir', dir] },
  { name: 'raw grpc-js (lean codec)', args: (mode, dir) => [RAW, '--mode', mode, '--codec', 'lean', '--socket-dir', dir] },
  { name: 'SDK echo', args: (mode) => [ECHO, '--mode', mode] },
];

interface Measurement {
  rate: number;
  p50: number;
  p99: number;
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function drive(client: MapClient, count: number): Promise<Measurement> {
  const sentAt = new Float64Array(count);
  const latency = new Float64Array(count);
  const datum: DatumInput = { keys: ['key'], value: PAYLOAD, eventTime: 1_700_000_000_000 };
  function* datums(): Generator<DatumInput> {
    for (let i = 0; i < count; i++) {
      sentAt[i] = performance.now();
      yield datum;
    }
  }
  const start = performance.now();
  await client.mapAll(datums(), {
    collect: false,
    onResult: (index) => {
      latency[index] = performance.now() - (sentAt[index] as number);
    },
  });
  const seconds = (performance.now() - start) / 1000;
  latency.sort();
  return { rate: count / seconds, p50: percentile(latency, 0.5), p99: percentile(latency, 0.99) };
}

async function measure(contender: Contender, mode: 'unary' | 'batch'): Promise<Measurement> {
  const socketDir = mkdtempSync(join(tmpdir(), 'numaflow-bench-'));
  const child: ChildProcess = spawn(process.execPath, contender.args(mode, socketDir), {
    env: { ...process.env, NUMALOGIC_SOCKET_DIR: socketDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const mapMode: MapMode = mode === 'unary' ? 'unary-map' : 'batch-map';
    const client = await MapClient.connect({ mode: mapMode, socketDir, concurrency: 500, timeoutMs: 20_000 });
    await drive(client, WARMUP);
    const result = await drive(client, MESSAGES);
    client.close();
    return result;
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(socketDir, { recursive: true, force: true });
  }
}

const fmt = (m: Measurement): string =>
  `${Math.round(m.rate).toLocaleString('en-US').padStart(9)} msg/s   p50 ${m.p50.toFixed(2)} ms   p99 ${m.p99.toFixed(2)} ms`;

console.log(`numaflow SDK bench: ${MESSAGES} messages of ${PAYLOAD.length} bytes per run, best of ${ROUNDS} rounds, node ${process.version}`);
const MODES = (process.env.BENCH_MODES ?? 'unary,batch').split(',') as ('unary' | 'batch')[];
for (const mode of MODES) {
  const best = new Map<string, Measurement>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const contender of CONTENDERS) {
      const m = await measure(contender, mode);
      const previous = best.get(contender.name);
      if (!previous || m.rate > previous.rate) best.set(contender.name, m);
    }
  }
  const sdk = best.get('SDK echo') as Measurement;
  console.log(`\n${mode} map (${mode === 'unary' ? '500 in flight' : 'batches of 500 + EOT'})`);
  for (const contender of CONTENDERS) {
    const m = best.get(contender.name) as Measurement;
    const ratio = contender.name === 'SDK echo' ? '' : `   SDK/this = ${(sdk.rate / m.rate).toFixed(2)}x`;
    console.log(`  ${contender.name.padEnd(34)} ${fmt(m)}${ratio}`);
  }
}
