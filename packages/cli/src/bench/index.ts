// `npm run bench`: rows/s of `numalogic score` on a generated one-key CSV with the default configuration,
// beside a baseline measured in the same run: csv-parse + csv-stringify of the same file with no scoring.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { generateDataset } from '@numalogic/core';
import { scoreCsv } from '../commands/score.js';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 200_000);

/** Counts bytes and drops them, like `> /dev/null`. */
class Discard extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

function writeCsv(file: string): void {
  const data = generateDataset({ keys: 1, features: ['value'], points: ROWS, seed: 42, anomalies: { perKey: 20, cleanPrefix: 2000 } });
  const lines = ['timestamp,value'];
  for (const row of data.rows) lines.push(`${new Date(row.timestamp).toISOString()},${row.values[0]!.toFixed(4)}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

interface Rate {
  /** Rows per wall-clock second. */
  rate: number;
  /** Rows per second of this process's CPU time (user + system): steadier on a machine others share. */
  cpuRate: number;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

async function baseline(file: string): Promise<Rate> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  await pipeline(
    createReadStream(file),
    parse({ from_line: 2 }),
    async function* (records: AsyncIterable<string[]>) {
      for await (const record of records) {
        rows++;
        yield [record[0], '0', 'scored', ''];
      }
    },
    stringify(),
    new Discard(),
  );
  if (rows !== ROWS) throw new Error(`baseline read ${rows} rows, expected ${ROWS}`);
  return { rate: ROWS / ((performance.now() - started) / 1000), cpuRate: ROWS / cpuSeconds(cpu) };
}

async function score(file: string, overrides?: object, chunkRows?: number): Promise<Rate & { trainings: number; seconds: number }> {
  const previous = process.env['NUMALOGIC_OVERRIDES'];
  if (overrides) process.env['NUMALOGIC_OVERRIDES'] = JSON.stringify(overrides);
  else delete process.env['NUMALOGIC_OVERRIDES'];
  try {
    const cpu = process.cpuUsage();
    const totals = await scoreCsv({ chunkRows }, createReadStream(file), new Discard());
    if (totals.rows !== ROWS) throw new Error(`score wrote ${totals.rows} rows, expected ${ROWS}`);
    return { rate: totals.rows / totals.seconds, cpuRate: totals.rows / cpuSeconds(cpu), trainings: totals.trainings, seconds: totals.seconds };
  } finally {
    if (previous === undefined) delete process.env['NUMALOGIC_OVERRIDES'];
    else process.env['NUMALOGIC_OVERRIDES'] = previous;
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'numalogic-bench-'));
try {
  delete process.env['NUMALOGIC_CONFIG'];
  const file = path.join(dir, 'one-key.csv');
  writeCsv(file);
  const base = await baseline(file);
  const full = await score(file);
  // The chunks before commit f3ce412 (up to 4,096 rows): fewer retrainings, since training runs between chunks.
  const large = await score(file, undefined, 4096);
  // The same file with models that never go stale and no drift retraining: the scoring path alone.
  const scoring = await score(file, { trainer: { retrainAfter: '100000h', drift: { enabled: false } } });
  const k = (n: number) => `${Math.round(n).toLocaleString('en-US')}`;
  console.log(`numalogic score, ${k(ROWS)} rows, one key, feature 'value', one row a minute (node ${process.version})`);
  const row = (what: string, r: Rate) =>
    console.log(`| ${what} | ${k(r.rate)} | ${(r.rate / base.rate).toFixed(2)} | ${k(r.cpuRate)} | ${(r.cpuRate / base.cpuRate).toFixed(2)} |`);
  console.log('| what | rows/s (wall) | vs baseline | rows per CPU-second | vs baseline |');
  console.log('|---|---:|---:|---:|---:|');
  row('baseline: csv-parse + csv-stringify, no scoring', base);
  row(`score, default config (${full.trainings} trainings, ${full.seconds.toFixed(1)} s)`, full);
  row(`score, default config, --chunk-rows 4096 (${large.trainings} trainings, ${large.seconds.toFixed(1)} s)`, large);
  row(`score, no retraining (retrainAfter 100000h, drift off; ${scoring.trainings} training, ${scoring.seconds.toFixed(1)} s)`, scoring);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
