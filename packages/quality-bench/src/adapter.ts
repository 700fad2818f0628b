#!/usr/bin/env node
// The detector command nab-run.mjs starts once per NAB file: the file's CSV on stdin goes into the built
// `numalogic score` (fresh temporary store, so fresh state per file), and one score in [0, 1] per data row
// comes out. Extra arguments (e.g. --config FILE) are passed to `numalogic score`; NUMALOGIC_OVERRIDES
// reaches it through the environment. The NAB_* variables nab-run offers are deliberately not used.
import { spawn } from 'node:child_process';
import { CLI_MAIN, requireBuiltCli } from './paths.js';
import { nabScoresFromCliOutput } from './score-mapping.js';

function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [requireBuiltCli(CLI_MAIN), 'score', '--quiet', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`numalogic score exited ${code}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    process.stdin.pipe(child.stdin);
  });
}

try {
  const scores = nabScoresFromCliOutput(await runCli(process.argv.slice(2)));
  process.stdout.write(`anomaly_score\n${scores.join('\n')}\n`);
} catch (error) {
  process.stderr.write(`quality-bench adapter: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
