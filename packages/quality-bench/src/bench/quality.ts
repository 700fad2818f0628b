#!/usr/bin/env node
// `npm run bench:quality`: `numalogic score` over every series of the NAB subset through the shared
// nab-run.mjs (fresh state per file, no look-ahead), then the NAB scores of all three profiles from
// nab-score.mjs. A benchmark, not a test: it prints figures and fails only when it cannot run.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { requireBuiltCli, resolveSharedTools, SetupError } from '../paths.js';

const USAGE = `usage: npm run bench:quality -w packages/quality-bench -- [options]   (from the root; or: node dist/bench/quality.js [options])
  --config FILE   configuration for numalogic score (default: the built-in defaults)
  --chunk-rows N  most rows per numalogic score chunk (default: the CLI's, 256; training runs between chunks)
  --name NAME     detector name for the results folder (default: numalogic-default)
  --out DIR       results folder (default: <tmp>/nab-results/NAME)
  --jobs N        files scored in parallel (default: 2)
  --per-file      also print the per-file standard-profile lines
  --json FILE     also write every figure as JSON
NUMALOGIC_OVERRIDES (JSON/YAML) is applied on top of the configuration, as everywhere in numalogic.
NUMALOGIC_SHARED_DIR overrides the shared folder (default: ../shared beside the repository).`;

/** POSIX single-quoting, for the one shell command line nab-run runs per file. */
function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** A command-line option's whole number >= 1, or a SetupError naming the option. */
function positiveInt(option: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new SetupError(`${option} must be a positive integer, got '${text}'`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      'chunk-rows': { type: 'string' },
      name: { type: 'string', default: 'numalogic-default' },
      out: { type: 'string' },
      jobs: { type: 'string', default: '2' },
      'per-file': { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const jobs = positiveInt('--jobs', values.jobs);
  const chunkRows = values['chunk-rows'];
  if (chunkRows !== undefined) positiveInt('--chunk-rows', chunkRows); // passed on as given, once known to be valid
  const tools = resolveSharedTools();
  requireBuiltCli();

  const adapter = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'adapter.js');
  const cliArgs = [
    ...(values.config === undefined ? [] : ['--config', path.resolve(values.config)]),
    ...(chunkRows === undefined ? [] : ['--chunk-rows', chunkRows]),
  ];
  const cmd = [process.execPath, adapter, ...cliArgs].map(shellQuote).join(' ');
  const out = values.out ?? path.join(os.tmpdir(), 'nab-results', values.name);
  const scorerArgs = [...(values['per-file'] ? ['--per-file'] : []), ...(values.json ? ['--json', path.resolve(values.json)] : [])];

  console.log(`quality bench: numalogic score${chunkRows === undefined ? '' : ` --chunk-rows ${chunkRows}`}, configuration ${values.config ?? 'built-in defaults'}` +
    `${process.env['NUMALOGIC_OVERRIDES'] ? `, NUMALOGIC_OVERRIDES=${process.env['NUMALOGIC_OVERRIDES']}` : ''}`);
  console.log(`  NAB data ${tools.nabData}; jobs ${jobs}; NAB_MIN/NAB_MAX/NAB_ROWS/NAB_PROBATION not used`);
  const started = process.hrtime.bigint();
  const code = await run(process.execPath, [
    tools.nabRun, '--name', values.name, '--nab', tools.nabData, '--out', out, '--jobs', String(jobs), '--cmd', cmd,
    ...(scorerArgs.length > 0 ? ['--', ...scorerArgs] : []),
  ]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`quality bench: ${code === 0 ? 'done' : `nab-run exited ${code}`} in ${seconds.toFixed(1)} s (wall clock, jobs ${jobs})`);
  return code;
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`bench:quality: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
