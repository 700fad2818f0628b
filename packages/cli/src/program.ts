import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CHUNK_ROWS } from './csv/records.js';
import { HeaderError } from './csv/columns.js';
import { LabelError } from './eval/labels.js';

// Commands load their modules when they run, so `--help` and argument errors answer at once (without loading
// onnxruntime, the stages and the chart library).

/** Where a command writes; the real process streams in main.ts, others in tests. */
export interface Io {
  stdin: NodeJS.ReadableStream & AsyncIterable<Uint8Array | string>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** An error the user can act on: printed as one message, exit code 1, no stack. */
function userMessage(err: unknown): string | null {
  if (err instanceof Error && err.name === 'ConfigError' && Array.isArray((err as { issues?: unknown }).issues)) {
    const issues = (err as Error & { issues: { path: string; problem: string }[] }).issues;
    return `numalogic: invalid configuration:\n${issues.map((i) => `  ${i.path}: ${i.problem}`).join('\n')}`;
  }
  if (err instanceof HeaderError || err instanceof LabelError) return `numalogic: ${err.message}`;
  // The runner's errors say what to fix (the refused field, the vertex that died and its log): no stack needed.
  if (err instanceof Error && ['PipelineRefusedError', 'VertexDiedError', 'RunAbortedError'].includes(err.name)) return `numalogic run: ${err.message}`;
  if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ENOENT') return `numalogic: ${err.message}`;
  return null;
}

function positiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}

/** `--chunk-rows` of score and eval: the same bound and default, in each command's words. */
function chunkRowsOption(description: string): Option {
  return new Option('--chunk-rows <n>', description).default(CHUNK_ROWS).argParser(positiveInt);
}

const CONFIG_HELP = 'configuration file, YAML or JSON (default: $NUMALOGIC_CONFIG, else the built-in defaults); NUMALOGIC_OVERRIDES applies on top';

export function buildProgram(io: Io, exit: (code: number) => void): Command {
  const program = new Command('numalogic')
    .description('numalogic for TypeScript: anomaly detection on streams. Score a CSV, evaluate against labels, run the pipeline locally.')
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride((err) => {
      throw err;
    });

  const fail = (err: unknown) => {
    const message = userMessage(err);
    io.stderr.write(`${message ?? `numalogic: ${(err as Error)?.stack ?? String(err)}`}\n`);
    exit(1);
  };

  program
    .command('score')
    .summary('score a CSV from stdin to stdout in one process (stages + automatic training, no look-ahead)')
    .description(
      "Score a CSV from stdin to stdout in one process: the pipeline's stages and automatic training, no look-ahead.\n\n" +
        'Input: a header with the timestamp column, the feature columns and optionally the key columns (field names from the config: timestampField, features, keys; without key columns all rows are one key).\n\n' +
        'Output: one row per input row: timestamp (as given), keys..., anomaly_score (0..10), status (scored | stale | static | invalid | warmup: before the key has a full window, score 0), reason (of an invalid row).',
    )
    .option('-c, --config <file>', CONFIG_HELP)
    .option('-s, --store <dir>', 'model store folder, kept after the run and reused by the next (default: a store of this run only, in memory up to 256 MiB then a temporary folder, gone at the end)')
    .option('-q, --quiet', 'no summary line on stderr', false)
    .addOption(chunkRowsOption('most rows per chunk: a chunk is scored with the models that existed at its start and training runs after it'))
    .addHelpText('after', '\nExample:\n  numalogic score --config my.yaml < metrics.csv > scores.csv')
    .action(async (options: { config?: string; store?: string; quiet: boolean; chunkRows: number }) => {
      // Ctrl-C: finish the chunk in progress, drop the run's own store, exit 130.
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const { scoreCsv } = await import('./commands/score.js');
        const totals = await scoreCsv({ ...options, signal: controller.signal }, io.stdin as never, io.stdout as never);
        if (controller.signal.aborted) {
          io.stderr.write(`numalogic score: interrupted after ${totals.rows} rows\n`);
          exit(130);
          return;
        }
        if (!options.quiet) {
          const rate = totals.seconds > 0 ? Math.round(totals.rows / totals.seconds) : 0;
          io.stderr.write(`numalogic score: ${totals.rows} rows (${totals.invalid} invalid), ${totals.trainings} trainings, ${totals.seconds.toFixed(2)} s, ${rate} rows/s\n`);
        }
      } catch (err) {
        fail(err);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  program
    .command('eval')
    .summary('precision, recall, F1 and detection delay on labelled CSVs, with an HTML report')
    .description(
      'Score each labelled CSV (fresh state per file) and report precision, recall, F1 and detection delay per event, per file and overall.\n\n' +
        'An event is a labelled window or a run of labelled rows; an alarm is a row scoring at or above postprocess.alertLevel; an event is detected when an alarm falls inside it (delay: from its start to that alarm); each run of alarms outside every event is one false positive.',
    )
    .argument('<files...>', 'CSV files to score (same format as `score`)')
    .requiredOption('-l, --labels <column|windows.json>', 'label column of the CSVs (1/true = anomalous row), or a NAB-format windows file ({"dir/file.csv": [[start, end], ...]}, keys matched against the end of each file path)')
    .option('-r, --report <file.html>', 'write a self-contained HTML report: per series the values, scores, alert level and labelled anomalies, plus the metrics table (default: no report)')
    .option('-e, --events', 'also print one line per labelled event: detected or missed, and the delay', false)
    .option('-c, --config <file>', CONFIG_HELP)
    .addOption(chunkRowsOption('as for `score`: most rows per chunk, training runs between chunks'))
    .addHelpText('after', '\nExample:\n  numalogic eval data/*.csv --labels labels/combined_windows.json --report report.html')
    .action(async (files: string[], options: { labels: string; report?: string; config?: string; events: boolean; chunkRows: number }) => {
      try {
        const [{ commandConfig }, { evaluateFiles, eventLines, labelSource, metricsTable }, { renderReport }] = await Promise.all([
          import('./config.js'),
          import('./eval/evaluate.js'),
          import('./eval/report.js'),
        ]);
        const config = commandConfig(options.config);
        const labels = labelSource(options.labels);
        const result = await evaluateFiles(files, config, labels, options.chunkRows);
        io.stdout.write(metricsTable(result));
        if (options.events) io.stdout.write(eventLines(result));
        if (options.report) {
          const html = renderReport({
            title: 'numalogic evaluation',
            alertLevel: result.alertLevel,
            generatedAt: new Date().toISOString(),
            series: result.series,
            table: [...result.files.map((f) => ({ name: f.file, metrics: f.metrics })), { name: 'overall', metrics: result.overall }],
          });
          writeFileSync(options.report, html);
          io.stderr.write(`numalogic eval: report written to ${options.report}\n`);
        }
      } catch (err) {
        fail(err);
      }
    });

  program
    .command('run')
    .summary('run a pipeline YAML on this machine (UDFs as child processes on Unix sockets)')
    .description('Run a pipeline YAML on this machine: every UDF vertex as a child process on its own Unix socket, driven as Numaflow drives it (@numalogic/runner). Progress on stderr, the summary on stdout.')
    .argument('[pipeline]', 'pipeline YAML', 'pipelines/anomaly-detection.yaml')
    .addOption(new Option('--source <generator|file>', 'input: the built-in generator (synthetic keys with injected anomalies), a CSV or a JSONL file').default('generator'))
    .option('-s, --store <dir>', 'fs model store folder, given to every UDF; give one to reuse models across runs (default: a fresh models/ folder in the run folder)')
    .option('-o, --out <file>', "also write the `out` sink's output (or every sink's) to this JSONL file (default: only the sink files in the run folder ./.numalogic/runs/<time>/)")
    .option('-c, --config <file>', CONFIG_HELP)
    .addOption(new Option('--keys <n>', 'generator: number of keys').default(10).argParser(positiveInt))
    .addOption(new Option('--points <n>', 'generator: points per key, one a minute').default(1440).argParser(positiveInt))
    .addHelpText('after', '\nExample:\n  numalogic run pipelines/anomaly-detection.yaml --source generator --keys 100 --points 1440')
    .action(async (pipeline: string, options: { source: string; store?: string; out?: string; config?: string; keys: number; points: number }) => {
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts > 1) exit(130);
        io.stderr.write('numalogic run: stopping (Ctrl-C again to quit at once)\n');
        controller.abort(new Error('interrupted'));
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      try {
        const { runCommand } = await import('./commands/run.js');
        const { text } = await runCommand({ pipeline, ...options, signal: controller.signal, onProgress: (line) => io.stderr.write(`${line}\n`) });
        io.stdout.write(`${text}\n`);
      } catch (err) {
        if (controller.signal.aborted) {
          io.stderr.write('numalogic run: interrupted; every UDF process was stopped\n');
          exit(130);
        } else {
          fail(err);
        }
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
      }
    });

  return program;
}
