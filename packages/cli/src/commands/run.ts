import { formatProgress, formatSummary, runPipeline, type RunSummary } from '@numalogic/runner';
import { detectionLine, writeRunReport } from '../run/report.js';

/** What `numalogic run` takes from its command line. */
export interface RunCommandOptions {
  pipeline: string;
  source: string;
  store?: string;
  out?: string;
  config?: string;
  keys: number;
  points: number;
  signal: AbortSignal;
  /** One progress line (for stderr). */
  onProgress: (line: string) => void;
}

/**
 * `numalogic run`: thin wiring to @numalogic/runner's runPipeline. Signals are handled by the caller (it owns
 * the process), which aborts through `signal`; the runner then stops every child and rejects.
 */
export async function runCommand(options: RunCommandOptions): Promise<{ summary: RunSummary; text: string; reportPath: string | null }> {
  const summary = await runPipeline({
    pipelinePath: options.pipeline,
    source: options.source,
    generator: { keys: options.keys, points: options.points },
    ...(options.config !== undefined ? { config: options.config } : {}),
    ...(options.store !== undefined ? { store: options.store } : {}),
    ...(options.out !== undefined ? { out: options.out } : {}),
    signal: options.signal,
    handleSignals: false,
    onProgress: (progress) => options.onProgress(formatProgress(progress)),
  });
  // On generated data the truth is known: the run ends with the evaluation report of its output.
  const report = await writeRunReport(summary);
  const reportPath = report?.path ?? null;
  const text = formatSummary(summary) + (report ? `\n  detected         ${detectionLine(report.overall)}\n  report           ${report.path}` : '');
  return { summary, text, reportPath };
}
