import { createReadStream, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { generateDataset } from '@numalogic/core';
import { scoreCsv } from '/work/main/packages/cli/dist/commands/score.js';
const ROWS = Number(process.env.ROWS ?? 200000);
const file = `/tmp/s1/one-${ROWS}.csv`;
if (!existsSync(file)) {
  const data = generateDataset({ keys: 1, features: ['value'], points: ROWS, seed: 42, anomalies: { perKey: 20, cleanPrefix: 2000 } });
  const lines = ['timestamp,value'];
  for (const row of data.rows) lines.push(`${new Date(row.timestamp).toISOString()},${row.values[0].toFixed(4)}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}
class Discard extends Writable { _write(c, e, d) { d(); } }
const cpu = process.cpuUsage();
const t = await scoreCsv({}, createReadStream(file), new Discard());
const u = process.cpuUsage(cpu);
console.log(JSON.stringify({ rows: t.rows, trainings: t.trainings, seconds: t.seconds, rate: Math.round(t.rows / t.seconds), cpuRate: Math.round(t.rows / ((u.user + u.system) / 1e6)) }));
