// Starts the built trainer entrypoint as the platform would (its own socket folder), collecting its log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface Trainer {
  child: ChildProcess;
  socketDir: string;
  lines: string[];
  metricsPort: number;
  stop(): Promise<void>;
}

export async function startTrainer(env: Record<string, string>): Promise<Trainer> {
  const socketDir = await mkdtemp(path.join(tmpdir(), 'trainer-sock-'));
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env['PATH'] ?? '', NUMALOGIC_SOCKET_DIR: socketDir, NUMALOGIC_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // Chunks of the current line are kept apart and joined once, so a very long log line costs linear time.
  let partial: string[] = [];
  const metricsPort = await new Promise<number>((resolve, reject) => {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (text: string) => {
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        partial.push(text.slice(from, nl));
        const line = partial.join('');
        partial = [];
        from = nl + 1;
        lines.push(line);
        const entry = parseLine(line);
        if (entry?.msg === 'trainer serving') resolve(entry.metricsPort!);
      }
      partial.push(text.slice(from));
    });
    child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`trainer exited with ${code}:\n${lines.join('\n')}`)));
  });
  return {
    child,
    socketDir,
    lines,
    metricsPort,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}


function parseLine(line: string): { msg?: string; metricsPort?: number } | null {
  try {
    return JSON.parse(line) as { msg?: string; metricsPort?: number };
  } catch {
    return null;
  }
}

/** The value of one Prometheus sample line, 0 when absent. */
export function sample(metrics: string, name: string, labels: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}
