import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { processCpuMs } from '@numalogic/numaflow/client';
import type { ProcessSpec } from './plan.js';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartChildOptions {
  vertex: string;
  spec: ProcessSpec;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logPath: string;
}

// Children live in their own process group (so a terminal's Ctrl-C reaches only the runner, which stops them
// in order); this net kills any still alive if the runner itself exits without stopping them.
const living = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  living.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of living) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    });
  }
}

/** Counts error and warning lines of a UDF's log: pino JSON levels, or the words in plain text. */
class LogLineCounter {
  errors = 0;
  warnings = 0;
  #partial = '';

  feed(chunk: Buffer): void {
    const text = this.#partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#count(line);
  }

  flush(): void {
    if (this.#partial) this.#count(this.#partial);
    this.#partial = '';
  }

  #count(line: string): void {
    if (line.startsWith('{')) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level !== undefined) {
        if (Number(level) >= 50) this.errors++;
        else if (Number(level) === 40) this.warnings++;
        return;
      }
    }
    if (/\berror\b/i.test(line)) this.errors++;
    else if (/\bwarn(ing)?\b/i.test(line)) this.warnings++;
  }
}

/** One UDF container played as a child process, its stdout and stderr captured in a log file. */
export class UdfChild {
  readonly vertex: string;
  readonly logPath: string;
  readonly pid: number;
  /** Resolves once the process has exited and its log is flushed. */
  readonly exited: Promise<ChildExit>;
  readonly #child: ChildProcess;
  readonly #lines = new LogLineCounter();
  #exit: ChildExit | undefined;
  #stopping = false;
  #unexpected = false;

  private constructor(vertex: string, logPath: string, child: ChildProcess) {
    this.vertex = vertex;
    this.logPath = logPath;
    this.#child = child;
    this.pid = child.pid ?? -1;
    const log = createWriteStream(logPath, { flags: 'a' });
    const capture = (chunk: Buffer) => {
      this.#lines.feed(chunk);
      log.write(chunk);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
    this.exited = new Promise<ChildExit>((resolve) => {
      child.on('close', (code, signal) => {
        living.delete(child);
        this.#lines.flush();
        this.#exit = { code, signal };
        this.#unexpected = !this.#stopping;
        log.end(() => resolve({ code, signal }));
      });
    });
  }

  static start(options: StartChildOptions): Promise<UdfChild> {
    const child = spawn(options.spec.command, options.spec.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    return new Promise((resolve, reject) => {
      child.once('error', (err) => reject(new Error(`vertex "${options.vertex}": cannot start ${options.spec.command}: ${err.message}`)));
      child.once('spawn', () => {
        track(child);
        resolve(new UdfChild(options.vertex, options.logPath, child));
      });
    });
  }

  get errorLines(): number {
    return this.#lines.errors;
  }

  get warningLines(): number {
    return this.#lines.warnings;
  }

  /** True when the process ended without the runner asking it to. */
  get diedUnexpectedly(): boolean {
    return this.#unexpected;
  }

  get exit(): ChildExit | undefined {
    return this.#exit;
  }

  /** CPU time the process has used so far (user + system, ms), from /proc; undefined where there is none. */
  cpuMs(): number | undefined {
    const ms = processCpuMs(this.pid);
    return Number.isNaN(ms) ? undefined : ms;
  }

  /** The last lines of the log, for error messages. */
  tail(lines = 20): string {
    try {
      return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGTERM, wait up to the grace period for a clean exit, then SIGKILL. */
  async stop(graceMs: number): Promise<ChildExit> {
    this.#stopping = true;
    if (this.#exit) return this.#exit;
    this.#child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') this.#child.kill('SIGKILL');
    return this.exited;
  }
}
