import type { Writable } from 'node:stream';

/** The options `numalogic run` hands to @numalogic/runner's runPipeline. */
export interface RunOptions {
  pipeline: string;
  source: string;
  store?: string;
  out?: string;
  config?: string;
  keys: number;
  points: number;
  signal: AbortSignal;
  onProgress: (line: string) => void;
}

/** The slice of @numalogic/runner this command uses. */
interface RunnerModule {
  runPipeline(options: Record<string, unknown>): Promise<unknown>;
  formatSummary(summary: unknown): string;
}

/**
 * Loads the runner at call time: `numalogic score` and `eval` work without it, and a missing runner is a clear
 * message rather than a failure to start the whole command.
 */
async function loadRunner(): Promise<RunnerModule> {
  const name = '@numalogic/runner';
  try {
    return (await import(name)) as RunnerModule;
  } catch (err) {
    throw new Error(`the local runner (${name}) is not available: ${(err as Error).message}; build it with \`npx tsc -p packages/runner/tsconfig.json\``);
  }
}

/** `numalogic run`: thin wiring to runPipeline; progress goes to `progress`, the summary is returned as text. */
export async function runCommand(options: RunOptions, progress: Writable): Promise<string> {
  const runner = await loadRunner();
  const summary = await runner.runPipeline({
    pipeline: options.pipeline,
    source: options.source,
    store: options.store,
    out: options.out,
    config: options.config,
    keys: options.keys,
    points: options.points,
    signal: options.signal,
    onProgress: (line: unknown) => progress.write(`${String(line)}\n`),
  });
  return runner.formatSummary(summary);
}
