// Starts the echo UDF in each map mode (child process, temporary socket folder), drives it with the
// platform-like client, prints what came back, then stops it with SIGTERM.
// Run: node packages/numaflow/dist/examples/try-echo.js
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MapClient, type MapMode, type ResultMessage } from '../src/client/index.js';

const ECHO = fileURLToPath(new URL('./echo.js', import.meta.url));
const MODES: [string, MapMode][] = [
  ['unary', 'unary-map'],
  ['batch', 'batch-map'],
  ['stream', 'stream-map'],
];
const DATUMS = [
  { keys: ['cpu', 'eu-west'], value: '{"value":0.42}' },
  { keys: ['cpu', 'us-east'], value: '{"value":0.97}' },
  { keys: ['memory', 'eu-west'], value: '{"value":0.61}' },
];

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function show(results: ResultMessage[]): string {
  return results.map((r) => `[${r.keys.join(',')}] ${r.value.toString()}`).join('; ');
}

async function tryMode(flag: string, mode: MapMode): Promise<number> {
  const socketDir = mkdtempSync(join(tmpdir(), 'numaflow-echo-'));
  const child = spawn(process.execPath, [ECHO, '--mode', flag], {
    env: { ...process.env, NUMALOGIC_SOCKET_DIR: socketDir },
    stdio: ['ignore', 'inherit', 'ignore'],
  });
  const exit = exited(child);
  let echoed = 0;
  try {
    const client = await MapClient.connect({ mode, socketDir, timeoutMs: 10_000 });
    const answers = await client.mapAll(DATUMS);
    answers.forEach((results, i) => {
      if (results[0]?.value.toString() === DATUMS[i]?.value) echoed++;
      console.log(`  ${mode.padEnd(10)} ${DATUMS[i]?.keys.join(',')} -> ${show(results)}`);
    });
    client.close();
  } finally {
    child.kill('SIGTERM');
    const code = await exit;
    rmSync(socketDir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`echo server (${mode}) exited with ${code}`);
  }
  return echoed;
}

let echoed = 0;
for (const [flag, mode] of MODES) echoed += await tryMode(flag, mode);
const total = MODES.length * DATUMS.length;
console.log(`${echoed}/${total} datums echoed over unary, batch and stream map; servers stopped cleanly`);
process.exit(echoed === total ? 0 : 1);
