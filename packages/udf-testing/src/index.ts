// Test harness for a UDF entrypoint: a built dist/main.js in a child process on a temp socket folder, its
// JSON log lines, its /metrics, and generated bad payloads. Shared by the UDF packages' socket tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '@numalogic/core';

export interface RunningUdf {
  process: ChildProcess;
  socketDir: string;
  logs: Record<string, unknown>[];
  metricsPort: number;
  exit: Promise<number | null>;
  stderr(): string;
  stop(): Promise<number | null>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts a UDF's built entrypoint (main.js) and waits for its "serving" log line (which names the metrics port). */
export async function startUdf(main: string, args: string[], env: Record<string, string>): Promise<RunningUdf> {
  const socketDir = tempDir('udf-sock-');
  const child = spawn(process.execPath, [main, ...args], {
    env: { ...process.env, NUMALOGIC_SOCKET_DIR: socketDir, NUMALOGIC_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let partial = '';
  let serving: (port: number) => void = () => {};
  const ready = new Promise<number>((resolve) => (serving = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (typeof entry['msg'] === 'string' && entry['msg'].endsWith('serving')) serving(entry['metricsPort'] as number);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const metricsPort = await Promise.race([
    ready,
    exit.then((code) => {
      throw new Error(`UDF exited (${code}) before serving: ${stderr}\n${JSON.stringify(logs)}`);
    }),
  ]);
  return {
    process: child,
    socketDir,
    logs,
    metricsPort,
    exit,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      const code = await exit;
      rmSync(socketDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Sum of a Prometheus counter's samples whose labels include all of `labels`. */
export async function counter(port: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export interface BadPayload {
  kind: string;
  value: Buffer;
  /** Message keys to send it with (unicode and very long ones among them). */
  keys: string[];
}

const WEIRD_KEYS = ['ключ-🚀', 'k'.repeat(5000), '\u0000\uFFFF', 'a/../b', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢'.repeat(50)];
const TEN_MIB = 10 * 1024 * 1024;

/**
 * `count` payloads, each broken in one way relative to a valid `template`: not JSON, empty, not UTF-8, a
 * missing field, a numeric leaf (one of `numericPaths`) replaced by "NaN" / "Infinity" / "1e999" / "12" /
 * null / {} / [] / a raw 1e999 literal, the wrong top-level type, or a 10 MiB payload. Some also get an
 * extra field, unicode or very long keys (field `keysField` of the payload and the message keys).
 */
export function badPayloads(template: Record<string, unknown>, numericPaths: string[][], count: number, options: { keysField?: string; extraIsBad?: boolean } = {}): BadPayload[] {
  // Seeded, so the generated payloads are the same on every run.
  const random = new SeededRandom(42);
  const out: BadPayload[] = [];
  const leafValues: unknown[] = ['NaN', 'Infinity', '-Infinity', '1e999', '12', null, {}, [], true];
  for (let i = 0; i < count; i++) {
    const doc = structuredClone(template);
    const keys = random.next() < 0.2 ? [random.pick(WEIRD_KEYS)] : ['k1'];
    if (options.keysField && random.next() < 0.2) doc[options.keysField] = [random.pick(WEIRD_KEYS), random.pick(WEIRD_KEYS)];
    if (random.next() < 0.2) doc[`extra_${i}`] = 'surprise';
    const variant = i % 12;
    let kind: string;
    let text: string | Buffer;
    if (variant === 0) {
      const json = JSON.stringify(doc);
      kind = 'truncated JSON';
      text = json.slice(0, Math.floor(random.next() * (json.length - 1)));
    } else if (variant === 1) {
      kind = i % 24 === 1 ? 'empty' : 'not JSON';
      text = i % 24 === 1 ? '' : random.pick(['{', 'nope', '{"a":', '[1,2', '{\'single\': 1}', 'NaN', '\u{1F600}']);
    } else if (variant === 2) {
      kind = 'not UTF-8';
      text = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
    } else if (variant === 3) {
      const names = Object.keys(template);
      kind = 'missing field';
      delete doc[random.pick(names)];
      if (Object.keys(doc).length === names.length) delete doc[names[0]!];
    } else if (variant === 4) {
      kind = 'wrong top-level type';
      text = JSON.stringify(random.pick([42, 'text', [doc], null, true]));
    } else if (variant === 5) {
      kind = 'raw 1e999 literal';
      const path = random.pick(numericPaths);
      setPath(doc, path, '__HUGE__');
      text = JSON.stringify(doc).replace('"__HUGE__"', '1e999');
    } else if (variant === 6 && i < 24) {
      kind = '10 MiB payload';
      doc['padding'] = 'x'.repeat(TEN_MIB);
    } else {
      const path = random.pick(numericPaths);
      const value = random.pick(leafValues);
      kind = `${path.join('.')} = ${JSON.stringify(value)}`;
      setPath(doc, path, value);
    }
    text ??= JSON.stringify(doc);
    out.push({ kind, value: typeof text === 'string' ? Buffer.from(text) : text, keys });
  }
  return out;
}

function setPath(doc: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = doc;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
}

/** Waits until the condition holds (log lines arrive through a pipe, after the answers); fails after `ms`. */
export async function waitFor(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
