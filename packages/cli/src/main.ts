#!/usr/bin/env node
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

// A reader that goes away (`numalogic score < big.csv | head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = buildProgram({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, (code) => {
  process.exitCode = code;
});
try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Commander already printed its message (unknown option, missing argument, --help, --version).
  process.exitCode = err instanceof CommanderError ? err.exitCode : 1;
}
