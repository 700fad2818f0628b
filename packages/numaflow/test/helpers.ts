import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { UdfServer } from '../src/index.js';

const dirs: string[] = [];

export function tempSocketDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nf-test-'));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** In-process server options for tests: no signal handlers, no process exit. */
export function testOptions(socketDir: string) {
  return { socketDir, handleSignals: false, exitOnError: false, gracePeriodMs: 2_000, logger: { info() {}, error() {} } };
}

/**
 * The servers and clients a test file starts: push each one here and it is closed / stopped after every test,
 * together with the temp socket folders.
 */
export function cleanedAfterEach<Client extends { close(): void }>(): { servers: UdfServer[]; clients: Client[] } {
  const servers: UdfServer[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    removeTempDirs();
  });
  return { servers, clients };
}

export interface Child {
  process: ChildProcess;
  exit: Promise<number | null>;
  stdout: string[];
  stderr(): string;
}

/** Runs a built script (dist/ or test/fixtures) in a child process with its own socket folder. */
export function runChild(script: string, args: string[], socketDir: string, env: Record<string, string> = {}): Child {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [path, ...args], {
    env: { ...process.env, NUMALOGIC_SOCKET_DIR: socketDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { process: child, exit, stdout, stderr: () => stderr };
}
