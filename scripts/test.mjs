#!/usr/bin/env node
// Runs the whole vitest suite once and ends with the plain line `N passed, N failed`
// that CI reads (it does not read vitest's own summary). Exit code is vitest's.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const results = '.test-results.json';
rmSync(results, { force: true });
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync(results, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // A test file that fails to load runs no test: count it, or a broken file would look like a pass.
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  }
} catch (err) {
  console.error(`could not read ${results}: ${err.message}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status ?? 1);
