import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anomalyCsv, parseScores } from './fixtures.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'numalogic-cli-'));

/** Runs the built CLI as a child process. */
function cli(args: string[], input = '', env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, NUMALOGIC_CONFIG: '', NUMALOGIC_OVERRIDES: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading everything
    child.stdin.end(input);
  });
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the CLI first (npx tsc -p packages/cli/tsconfig.json)`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('numalogic (built CLI, child process)', () => {
  it('documents every command and option with its default', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['score', 'eval', 'run']) expect(top.stdout).toContain(command);
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    const score = await cli(['score', '--help']);
    score.stdout = flat(score.stdout);
    expect(score.stdout).toMatch(/--config <file>[\s\S]*default: \$NUMALOGIC_CONFIG/);
    expect(score.stdout).toMatch(/--store <dir>[\s\S]*default: a store of this run only, in memory/);
    expect(score.stdout).toMatch(/warmup/);
    expect(score.stdout).toMatch(/--chunk-rows <n>[\s\S]*default: 256/);
    const evaluate = await cli(['eval', '--help']);
    evaluate.stdout = flat(evaluate.stdout);
    expect(evaluate.stdout).toMatch(/--labels <column\|windows.json>/);
    expect(evaluate.stdout).toMatch(/--report <file.html>[\s\S]*default: no report/);
    expect(evaluate.stdout).toMatch(/--chunk-rows <n>[\s\S]*default: 256/);
    const run = await cli(['run', '--help']);
    run.stdout = flat(run.stdout);
    expect(run.stdout).toMatch(/default: "pipelines\/anomaly-detection.yaml"/);
    expect(run.stdout).toMatch(/--source <generator\|file>[\s\S]*default: "generator"/);
    expect(run.stdout).toMatch(/--keys <n>[\s\S]*default: 10/);
    expect(run.stdout).toMatch(/--points <n>[\s\S]*default: 1440/);
  });

  it('scores stdin to stdout, one row per input row, bad rows as invalid rows', async () => {
    const { csv } = anomalyCsv(600, 2);
    const lines = csv.trimEnd().split('\n');
    lines.splice(300, 0, '2024-13-45T99:00:00Z,1,0', 'garbage', '"unclosed,1,0');
    const { code, stdout, stderr } = await cli(['score'], `${lines.join('\n')}\n`);
    expect(code, stderr).toBe(0);
    const rows = parseScores(stdout);
    expect(rows).toHaveLength(lines.length - 1);
    expect(rows.slice(299, 302).map((r) => r.status)).toEqual(['invalid', 'invalid', 'invalid']);
    expect(rows[299]!.reason).toMatch(/timestamp/);
    expect(rows[300]!.reason).toMatch(/row has 1 columns/);
    expect(stderr).toMatch(/numalogic score: 603 rows \(3 invalid\)/);
  });

  it('stops on SIGINT while waiting for input: exit 130, the rows so far written, nothing left behind', async () => {
    const tmp = mkdtempSync(path.join(dir, 'tmp-'));
    const child = spawn(process.execPath, [MAIN, 'score'], { cwd: tmp, env: { ...process.env, NUMALOGIC_CONFIG: '', NUMALOGIC_OVERRIDES: '', TMPDIR: tmp } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const firstOutput = new Promise<void>((resolve) => child.stdout.on('data', (d) => ((stdout += d), resolve())));
    child.stdin.write(anomalyCsv(300, 6).csv); // more than the first chunk, and stdin stays open
    await firstOutput;
    // The run's own store is in memory (a few models fit its budget): not ./models in the working directory,
    // nor a folder in TMPDIR. (Its folder beyond the budget, and that folder's removal: test/pipeline.test.ts.)
    expect(readdirSync(tmp)).toEqual([]);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted after \d+ rows/);
    expect(stdout.split('\n')[0]).toBe('timestamp,anomaly_score,status,reason');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('exits 1 naming the field for a bad configuration', async () => {
    const config = path.join(dir, 'bad.yaml');
    writeFileSync(config, 'window:\n  points: 0\npostprocess:\n  alertLevel: 11\n');
    const { code, stderr, stdout } = await cli(['score', '--config', config], 'timestamp,value\n');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/invalid configuration/);
    expect(stderr).toMatch(/window\.points/);
    expect(stderr).toMatch(/postprocess\.alertLevel/);
    const missing = await cli(['score', '--config', path.join(dir, 'nope.yaml')], 'timestamp,value\n');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.yaml/);
  });

  it('exits 1 for a header without the configured columns, and for empty input', async () => {
    const header = await cli(['score'], 'time,val\n2024-01-01T00:00:00Z,1\n');
    expect(header.code).toBe(1);
    expect(header.stderr).toMatch(/timestamp column 'timestamp'/);
    expect(header.stderr).toMatch(/feature column 'value'/);
    const keys = await cli(['score'], 'timestamp,value\n', { NUMALOGIC_OVERRIDES: '{"keys":["service","region"]}' });
    expect(keys.code).toBe(0); // no key columns at all: one key
    const partial = await cli(['score'], 'timestamp,service,value\n', { NUMALOGIC_OVERRIDES: '{"keys":["service","region"]}' });
    expect(partial.code).toBe(1);
    expect(partial.stderr).toMatch(/key column 'region'/);
    const empty = await cli(['score'], '');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/empty/);
  });

  it('evaluates labelled files, prints the figures and writes the report', async () => {
    const file = path.join(dir, 'labelled.csv');
    writeFileSync(file, anomalyCsv(800, 4).csv);
    const report = path.join(dir, 'report.html');
    const { code, stdout, stderr } = await cli(['eval', file, '--labels', 'label', '--report', report, '--events']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/precision/);
    expect(stdout).toMatch(/labelled\.csv {2}\S+ \.\. \S+ {2}(detected after \d+ rows|missed)/);
    expect(stdout).toMatch(/overall/);
    expect(readFileSync(report, 'utf8')).toMatch(/<div class="chart" id="chart-0"/);
  });

  it('exits 1 with a clear message for eval mistakes and bad run and score options', async () => {
    const file = path.join(dir, 'nolabel.csv');
    writeFileSync(file, 'timestamp,value\n2024-01-01T00:00:00Z,1\n');
    const column = await cli(['eval', file, '--labels', 'label']);
    expect(column.code).toBe(1);
    expect(column.stderr).toMatch(/no label column 'label'/);
    const missing = await cli(['eval', path.join(dir, 'absent.csv'), '--labels', 'label']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/absent\.csv/);
    const noLabels = await cli(['eval', file]);
    expect(noLabels.code).toBe(1);
    expect(noLabels.stderr).toMatch(/--labels/);
    const windows = await cli(['eval', file, '--labels', path.join(dir, 'none.json')]);
    expect(windows.code).toBe(1);
    expect(windows.stderr).toMatch(/none\.json does not exist/);
    const chunkRows = await cli(['score', '--chunk-rows', '0'], 'timestamp,value\n');
    expect(chunkRows.code).toBe(1);
    expect(chunkRows.stderr).toMatch(/--chunk-rows/);
    const keys = await cli(['run', '--keys', '0']);
    expect(keys.code).toBe(1);
    expect(keys.stderr).toMatch(/--keys/);
    const pipeline = await cli(['run', path.join(dir, 'absent.yaml')]);
    expect(pipeline.code).toBe(1);
    expect(pipeline.stderr).toMatch(/numalogic run: cannot play .*absent\.yaml/);
  });
});
