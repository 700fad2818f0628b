#!/usr/bin/env node
// Core's seeded synthetic multi-key data set as one CSV for `numalogic eval --labels label`: the same
// generator and defaults the local runner uses for `numalogic run` (10 keys, 1,440 one-minute points, two
// injected anomalies per key, seed 42). Columns: timestamp (epoch ms), key, one column per feature, label.
import { parseArgs } from 'node:util';
import { generateDataset } from '@numalogic/core';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '10' },
    points: { type: 'string', default: '1440' },
    features: { type: 'string', default: 'value' },
    seed: { type: 'string', default: '42' },
  },
});
const count = (name: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got '${text}'`);
  return n;
};

try {
  const features = values.features.split(',').map((f) => f.trim()).filter((f) => f !== '');
  if (features.length === 0) throw new Error('--features needs at least one name');
  const keyCount = count('keys', values.keys);
  const data = generateDataset({
    keys: Array.from({ length: keyCount }, (_, i) => [`key-${i}`]),
    features,
    points: count('points', values.points),
    seed: Number(values.seed),
    anomalies: { perKey: 2 },
  });
  const lines = [['timestamp', 'key', ...features, 'label'].join(',')];
  data.rows.forEach((row, i) => lines.push([row.timestamp, row.keys[0], ...row.values, data.labels[i]].join(',')));
  process.stdout.write(`${lines.join('\n')}\n`);
} catch (error) {
  process.stderr.write(`synthetic-csv: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
